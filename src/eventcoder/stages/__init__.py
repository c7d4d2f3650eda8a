"""Pipeline stages, in flow order: structure, parse, mentions (actors, dates, places), events,
arguments (fatalities, attribution), merge."""

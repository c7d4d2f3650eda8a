"""Hyphenated compounds: whether a name inside a hyphenated word still is that name.

"Israel-Hamas war", "Kabul-based", "pro-Houthi" and "Indo-Pakistani" hold the names they join;
"Rabat-e Sangi", "Pobe-Mengao" and "Tapoa-Djerma" are names of their own, places other than
Rabat, Pobe or Tapoa (Persian's ezafe "-e", double-barrelled village names). One rule, used by
the gazetteer and the actor lexicon alike.
"""

from __future__ import annotations

from collections.abc import Callable

# Capitalised parts that join a name to another without making a new name: prefixes and the
# combining forms of peoples ("Anti-Government", "Sino-Indian", "Franco-German").
COMBINING_FORMS = frozenset(
    [
        "pro",
        "anti",
        "non",
        "ex",
        "post",
        "pre",
        "neo",
        "pan",
        "mid",
        "trans",
        "inter",
        "intra",
        "cross",
        "counter",
        "afro",
        "anglo",
        "arabo",
        "austro",
        "euro",
        "franco",
        "greco",
        "hispano",
        "indo",
        "italo",
        "judeo",
        "russo",
        "serbo",
        "sino",
        "turco",
    ]
)
# Lower-case parts this short are particles of one name ("Rabat-e", "Sangi-ye"), never a word
# the name is joined to ("Kabul-based", "Saudi-led").
_PARTICLE_LENGTH = 2


def names_compound(neighbour: str, is_name: Callable[[str], bool]) -> bool:
    """Does the part a hyphen joins to a name make the whole word one name of its own?

    ``is_name`` says whether the part is itself a known name, in which case the word joins two
    names ("Afghanistan-Pakistan"). An all-capitals part is an acronym that names something
    ("US-Taliban"); a longer lower-case part is an English word ("Kabul-based").
    """
    if not neighbour or not neighbour[0].isalpha():
        return False
    if neighbour.islower():
        return len(neighbour) <= _PARTICLE_LENGTH
    if neighbour.isupper() and len(neighbour) > 1:
        return False
    if not neighbour[0].isupper() or neighbour.casefold() in COMBINING_FORMS:
        return False
    return not is_name(neighbour)

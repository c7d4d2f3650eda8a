"""Loaders for the knowledge files in ``eventcoder/data`` (states, groups, lexicons, gazetteer)."""

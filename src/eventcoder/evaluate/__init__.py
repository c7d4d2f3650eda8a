"""Scoring predictions against hand-coded gold, by the rules of shared/gold/README.md."""

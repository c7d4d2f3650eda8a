"""eventcoder: news articles in, audited PLOVER 2.0 political events out."""

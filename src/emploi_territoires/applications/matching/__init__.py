"""Two-way explained matching: candidates for an offer, offers for a candidate (see docs/matching.md).

features.py (plain dataclasses), textsim.py (TF-IDF), scoring.py (the explained score of one
pair), index.py (fast top-k over many), queries.py (database -> dataclasses, and the two entry
points the web uses). Only queries.py touches the database.
"""

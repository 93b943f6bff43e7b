"""The mentoring matcher: plain functions over plain data, no Django.

- `pairs`: hard constraints and the 0–100 score with its reasons (attribute-based);
- `solve`: the assignment in three modes ("score", "participation", "stable"), locked/removed pairs;
- `blocking`: blocking pairs as the issue defines them;
- `baselines`: greedy best-first and first-come-first-served, for comparison;
- `cli`: `manage.py mentoring_match IN.json OUT.json`.
"""

"""The volontariat territorial en administration (VTA): eligibility, offer conditions, State aid, mission."""

"""Individual support of the people furthest from employment: follow-up groups, notes, prescriptions."""

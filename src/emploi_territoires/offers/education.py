"""The education level an offer requires: the levels of the national qualifications framework
(cadre national des certifications professionnelles, décret n° 2019-14), and how schema.org names
them. Plain data: the model, the assistant's pure core and the exports read it."""

from __future__ import annotations

EDUCATION_LEVELS: dict[int, str] = {
    0: "Aucun diplôme exigé",
    3: "CAP, BEP (niveau 3)",
    4: "Baccalauréat (niveau 4)",
    5: "Bac + 2 : BTS, BUT, DEUST (niveau 5)",
    6: "Bac + 3 ou 4 : licence, master 1 (niveau 6)",
    7: "Bac + 5 : master, diplôme d'ingénieur (niveau 7)",
    8: "Doctorat (niveau 8)",
}
SHORT_LABELS: dict[int, str] = {
    0: "sans diplôme",
    3: "CAP ou BEP",
    4: "baccalauréat",
    5: "bac + 2",
    6: "bac + 3",
    7: "bac + 5",
    8: "doctorat",
}
# schema.org EducationalOccupationalCredential.credentialCategory (Google's JobPosting guide values).
SCHEMA_ORG_CATEGORIES: dict[int, str] = {
    3: "high school",
    4: "high school",
    5: "associate degree",
    6: "bachelor degree",
    7: "postgraduate degree",
    8: "postgraduate degree",
}

"""The préfecture's export of a VTA envelope: one row per aid file, in CSV and XLSX.

Written by the project's one export helper (`offers.exports.to_csv` / `to_xlsx`: CSV for French
Excel, XLSX with real dates, cells a spreadsheet would run as a formula neutralised). The volunteer's
name and address are in it: the préfecture instructs the file and needs them (docs/vta-aid.md).
"""

from __future__ import annotations

from typing import Any

from emploi_territoires.offers.exports import to_csv, to_xlsx

from .models import COMMITTED_STATUSES, AidRequest, Envelope, OutcomeMoment

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
HEADERS = [
    "Collectivité",
    "Commune",
    "Offre",
    "Mission",
    "Volontaire",
    "E-mail du volontaire",
    "Début du contrat",
    "Fin du contrat",
    "État de la demande",
    "Montant réservé (€)",
    "Montant accordé (€)",
    "Date de la décision",
    "Motif du refus ou pièces manquantes",
    "Situation à la fin",
    "Situation à 6 mois",
]


def envelope_rows(envelope: Envelope) -> list[list[Any]]:
    aids = (
        AidRequest.objects.filter(envelope=envelope)
        .select_related("mission__organisation", "mission__commune", "mission__offer")
        .prefetch_related("mission__outcomes")
        .order_by("mission__organisation__name", "pk")
    )
    rows = []
    for aid in aids:
        mission = aid.mission
        outcomes = {o.moment: o for o in mission.outcomes.all()}

        def situation(moment: str, outcomes=outcomes) -> str:
            outcome = outcomes.get(moment)
            if outcome is None:
                return ""
            text = outcome.get_situation_display()
            if outcome.employer_name:
                text += f" — {outcome.job_title}, {outcome.employer_name}"
            return text

        rows.append(
            [
                mission.organisation.name,
                mission.commune.name,
                mission.offer.reference,
                mission.title,
                mission.volunteer_name,
                mission.volunteer_email,
                mission.starts_on,
                mission.ends_on,
                aid.get_status_display(),
                aid.committed_eur if aid.status in COMMITTED_STATUSES else None,
                aid.granted_eur,
                aid.decided_on,
                aid.refusal_reason or aid.missing_items,
                situation(OutcomeMoment.END),
                situation(OutcomeMoment.SIX_MONTHS),
            ]
        )
    return rows


def render_envelope(envelope: Envelope, fmt: str) -> bytes:
    rows = envelope_rows(envelope)
    if fmt == "csv":
        return to_csv(HEADERS, rows)
    return to_xlsx(HEADERS, rows, title=f"VTA {envelope.departement_id} {envelope.year}")

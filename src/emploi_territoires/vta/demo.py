"""The VTA aid's demo (issue 16), through `vta.services_aid` as production writes it.

The Nièvre's préfecture (`delegue.anct@`, Karim Mansour, ANCT territorial delegate) keeps an envelope
for this year and the next. The Mairie de Clamecy (`rh.clamecy@`, a rural PVD commune) recruits on its
VTA offer, opened to two volunteers:
- Camille Dufour: mission ended two months ago, aid granted last year; she now works for the
  Communauté de communes Haut Nivernais - Val d'Yonne and agreed to appear on the Nièvre's public page;
- Lucas Perret: aid granted a month ago, mission started this month;
- Sarah Benoît: the request is filed, the préfecture instructs it (`/vta/aides/`).
Envelopes: 75,000 € this year, 60,000 € the next (and the year of the first decision).

Called by `demo.loader.load_demo` after the offers (the VTA offer exists only where the density grid makes
Clamecy eligible). Idempotent: does nothing once the demo's missions exist.
"""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from emploi_territoires.accounts.models import Organisation, User
from emploi_territoires.offers import services as offer_services
from emploi_territoires.offers.models import ContractType, Offer, OfferStatus
from emploi_territoires.territories.models import Departement

from . import services_aid
from .models import Mission
from .services_aid import add_months

DOMAIN = "demo.emploi-territoires.fr"
DELEGATE = f"delegue.anct@{DOMAIN}"
SECRETARY = f"rh.clamecy@{DOMAIN}"
# A minimal valid PDF standing for the signed charter (the demo has no real signature).
CHARTER = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)
SUMMARY = (
    "Repérer les financements des projets de la commune (rénovation énergétique de l'école, aménagement du "
    "bourg), monter les dossiers de subvention (DETR, fonds vert, région) et en suivre l'instruction, avec la "
    "directrice générale des services et le chef de projet Petites villes de demain."
)


def _volunteer(email: str, first: str, last: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=None, first_name=first, last_name=last, kind=User.Kind.CANDIDATE
        )
    return user


def _charter() -> SimpleUploadedFile:
    return SimpleUploadedFile("charte-vta-signee.pdf", CHARTER, content_type="application/pdf")


def load_demo_vta_aid(today: datetime.date | None = None) -> int:
    """The demo's VTA missions; returns how many exist (0 when the préfecture, the mairie or its VTA
    offer is missing)."""
    today = today or timezone.localdate()
    delegate = User.objects.filter(email=DELEGATE).first()
    secretary = User.objects.filter(email=SECRETARY).first()
    mairie = Organisation.objects.filter(name="Mairie de Clamecy", is_demo=True).first()
    if delegate is None or secretary is None or mairie is None:
        return 0
    existing = Mission.objects.filter(organisation=mairie, is_demo=True).count()
    if existing:
        return existing
    offer = (
        Offer.objects.filter(organisation=mairie, contract_type=ContractType.VTA, status=OfferStatus.PUBLISHED)
        .order_by("pk")
        .first()
    )
    if offer is None:
        return 0  # no VTA offer in the demo (the density grid was not imported)
    nievre = Departement.objects.get(pk="58")
    ended_start = add_months(today, -14).replace(day=1)
    ended_decided = ended_start - datetime.timedelta(days=20)
    granted_decided = today - datetime.timedelta(days=30)
    for year in sorted({ended_decided.year, granted_decided.year, today.year, today.year + 1}):
        services_aid.set_envelope(delegate, nievre, year, 75_000 if year == today.year else 60_000)
    # Two volunteers at once (the ended mission has freed its post).
    if offer.positions < 2:
        offer_services.update_offer(offer, {"positions": 2}, actor=secretary)
        offer.refresh_from_db()

    def mission(first: str, last: str) -> Mission:
        email = f"{first.lower()}.{last.lower()}@{DOMAIN}".replace("î", "i")
        made = services_aid.notify_candidate_chosen(
            secretary, mairie, offer, volunteer_name=f"{first} {last}", volunteer_email=email
        )
        Mission.objects.filter(pk=made.pk).update(is_demo=True)
        return Mission.objects.select_related("aid", "commune").get(pk=made.pk)

    def file(made: Mission, starts_on: datetime.date, months: int) -> None:
        services_aid.file_request(
            secretary, made, starts_on=starts_on, ends_on=add_months(starts_on, months) - datetime.timedelta(days=1),
            summary=SUMMARY, charter=_charter(),
        )  # fmt: skip

    # 1. The mission ended two months ago; the volunteer works for the intercommunalité now.
    volunteer = _volunteer(f"camille.dufour@{DOMAIN}", "Camille", "Dufour")  # found by her address
    ended = mission("Camille", "Dufour")
    services_aid.confirm_available(delegate, ended, today=ended_decided)
    file(ended, ended_start, 12)
    services_aid.grant(delegate, ended, amount_eur=15_000, decided_on=ended_decided, today=ended_decided)
    ended = Mission.objects.select_related("aid", "commune").get(pk=ended.pk)
    services_aid.record_outcome(
        volunteer,
        ended,
        moment="end",
        situation="job",
        job_title="Chargée de mission contractualisation et subventions",
        employer_name="Communauté de communes Haut Nivernais - Val d'Yonne",
        same_collectivite=False,
        today=today,
    )
    services_aid.set_listing_consent(volunteer, ended, listed=True)

    # 2. Granted a month ago; the mission started on the 1st of this month, for 18 months.
    granted = mission("Lucas", "Perret")
    services_aid.confirm_available(delegate, granted, today=granted_decided)
    file(granted, today.replace(day=1), 18)
    services_aid.grant(delegate, granted, amount_eur=15_000, decided_on=granted_decided, today=granted_decided)

    # 3. Filed this week for a start next month: the préfecture instructs it.
    instructed = mission("Sarah", "Benoît")
    services_aid.confirm_available(
        delegate, instructed, comment="Aide réservée sur l'enveloppe de l'année.", today=today
    )
    file(instructed, add_months(today, 1).replace(day=1), 12)
    return Mission.objects.filter(organisation=mairie, is_demo=True).count()

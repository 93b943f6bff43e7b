"""Script injection: every text people write is shown escaped, on every page, feed, export and PDF.

`USER_TEXT` lists every CharField/TextField of the project that a person writes (through a form,
the API or an upload's file name); `NOT_USER_TEXT` lists the others with the reason. A new text
field in neither list fails `test_every_text_field_is_classified`, so it must be thought about.

The crawl builds the whole world of the permission matrix (tests/security/world.py), overwrites
every user-written text with an injection payload, then requests every declared GET URL as the
roles who see content (anonymous, candidate, recruiter_a, staff) and asserts the payload never
appears unescaped in HTML or XML, nor in the HTML given to WeasyPrint for the PDFs, nor as a
formula in a CSV or XLSX export. Then a few
payloads go through the real forms and are read back, escaped, on the pages that show them.
"""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from tests.security.conftest import role_client
from tests.security.matrix import load_declarations

# Starts with "=": in a CSV or XLSX export it must not be a formula (CSV injection) either.
LONG = '=1+1</script><script>alert(1)</script>"><img src=x onerror=alert(1)>'
SHORT = "<i onclick=x>"  # for short fields (a phone number)
MARKERS = ("<script>alert(1)", "<img src=x onerror", "<i onclick=x>")
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"

# label.field: written by people, shown somewhere.
USER_TEXT = {
    "accounts.user.first_name", "accounts.user.last_name",
    "accounts.organisation.name", "accounts.organisation.description",
    "accounts.organisation.requester_mandate", "accounts.organisationverificationtransition.comment",
    "accounts.apitoken.name",
    "offers.offer.title", "offers.offer.address", "offers.offer.missions", "offers.offer.profile",
    "offers.offer.benefits", "offers.offer.territory_presentation", "offers.offertransition.comment",
    "search.offerdocument.title", "search.offerdocument.employer_name",
    "applications.candidateprofile.phone", "applications.candidateprofile.headline",
    "applications.candidateprofile.summary", "applications.candidateprofile.cv_original_name",
    "applications.application.message", "applications.application.refusal_message",
    "applications.applicationtransition.comment", "applications.applicationnote.text",
    "applications.savedsearch.name",
    # Issue 19: the conversation around an application.
    "applications.message.body", "applications.message.attachment_name", "applications.interview.note",
    "applications.interview.reason", "applications.interviewslot.place", "applications.applicationcomment.body",
    "applications.invitation.message",
    "jobdating.event.title", "jobdating.event.description", "jobdating.event.address",
    "jobdating.eventtransition.comment", "jobdating.eventrating.comment",
    "mentoring.programme.name", "mentoring.programme.description", "mentoring.mentorprofile.sector",
    "mentoring.menteeprofile.field_of_study", "mentoring.nevertogether.reason", "mentoring.meeting.note",
    "mentoring.helprequest.message", "mentoring.surveyanswer.comment",
    "evaluation.impactstudy.title", "evaluation.impactstudy.source_name", "evaluation.impactstudy.error",
    "needs.needscampaign.title", "needs.needdeclaration.comment",
    "core.auditlog.target_label",  # a copy of the object's name (shown in the admin)
    # Issue 15: the follow-ups (professionals and the person write them).
    "followup.supportstructure.public_description", "followup.followup.start_comment",
    "followup.followup.end_comment", "followup.followuprequest.message", "followup.followuprequest.answer_message",
    "followup.note.text", "followup.appointment.place", "followup.appointment.subject",
    "followup.shareddocument.title", "followup.shareddocument.original_name", "followup.proposal.message",
    "followup.proposal.answer_message",
    # Issue 16: the VTA aid and missions (collectivités, préfectures, volunteers write them).
    "vta.mission.volunteer_name", "vta.mission.title", "vta.mission.summary", "vta.aidrequest.missing_items",
    "vta.aidrequest.refusal_reason", "vta.aidrequest.charter_original_name", "vta.aidtransition.comment",
    "vta.missionoutcome.job_title", "vta.missionoutcome.employer_name",
}  # fmt: skip

NOT_USER_TEXT = {
    # Written by the platform itself.
    "core.sentemail.key": "clé technique d'envoi",
    "core.sentemail.subject": "objet écrit par la plateforme",
    "core.auditlog.action": "code d'action",
    "core.auditlog.target_type": "nom de modèle",
    "core.auditlog.target_id": "identifiant",
    "accounts.user.password": "empreinte du mot de passe",
    "accounts.apitoken.prefix": "début de clé aléatoire",
    "accounts.apitoken.key_hash": "empreinte",
    "offers.offer.reference": "référence numérotée par la plateforme",
    "offers.offer.template": "modèle choisi dans une liste fixe",
    "applications.consent.text_version": "version du texte de consentement",
    "applications.application.refusal_reason": "motif choisi dans une liste fixe",
    "applications.auditevent.action": "code d'action",
    "applications.candidateprofile.cv_content_type": "type lu dans le contenu du fichier (uploads.py)",
    "applications.application.cv_file": "nom aléatoire du fichier privé (services_pipeline.attach_cv_snapshot)",
    "applications.application.cv_content_type": "copié du profil : type lu dans le contenu du fichier",
    "applications.savedsearch.unsubscribe_token": "jeton aléatoire",
    "applications.message.attachment_file": "nom aléatoire du fichier privé (services_conversation)",
    "vta.aidrequest.charter_file": "nom aléatoire du fichier privé (vta.services_aid)",
    "needs.campaigninvitation.token": "jeton aléatoire",
    "jobdating.schedulerun.method": "méthode de calcul",
    "jobdating.schedulerun.error": "message du solveur",
    "jobdating.invitationoptin.text_version": "version du texte d'abonnement",
    "jobdating.invitationoptin.token": "jeton aléatoire",
    "mentoring.menteeprofile.situation_consent_version": "version du texte de consentement",
    "followup.followup.consent_text_version": "version du texte d'accord",
    "followup.followuprequest.consent_text_version": "version du texte d'accord",
    "followup.shareddocument.content_type": "type lu dans le contenu du fichier (uploads.check_cv)",
    "mentoring.proposedpair.meeting": "créneau calculé",
    "evaluation.impactstudy.data_hash": "empreinte des données",
    "evaluation.impactstudy.step": "étape écrite par le calcul (méthode et effectifs)",
    "search.offerdocument.reference": "copie de la référence",
    "search.offerdocument.contract_type": "code",
    "search.offerdocument.public_category": "code (copie de l'offre : A, B ou C)",
    "search.offerdocument.public_service_branch": "code (copie de l'offre : versant)",
    "search.offerdocument.remote": "code",
    "search.offerdocument.commune_code": "code COG",
    "search.offerdocument.commune_name": "référentiel COG",
    "search.offerdocument.postcode": "référentiel COG",
    "search.offerdocument.departement": "code COG",
    "search.offerdocument.region": "code COG",
    "search.offerdocument.epci": "code COG",
    "search.offerdocument.search_title": "texte d'index, jamais affiché",
    "search.offerdocument.search_body": "texte d'index, jamais affiché",
    "search.offerdocument.search_facets": "texte d'index, jamais affiché",
    # Validated formats: the form and the API refuse anything else.
    "accounts.user.email": "adresse électronique validée",
    "accounts.membershipinvitation.email": "adresse électronique validée",
    "accounts.user.proconnect_sub": "identifiant ProConnect (sub), jamais affiché",
    "accounts.organisation.siren": "chiffres validés (clé de Luhn)",
    "accounts.organisation.siret": "chiffres validés (clé de Luhn)",
    "accounts.organisation.website": "URL http(s) validée",
    "offers.offer.apply_url": "URL http(s) validée",
    "offers.offer.apply_email": "adresse électronique validée",
    "jobdating.event.meeting_url": "URL http(s) validée",
    "applications.interviewslot.video_url": "URL http(s) validée (services_conversation)",
    "vta.mission.volunteer_email": "adresse électronique validée (vta.services_aid)",
    "evaluation.indicatortarget.code": "code de territoire validé",
    # Reference data: official files imported by the team (COG, ROME, programme lists).
    "offers.romeoccupation.code": "référentiel ROME",
    "offers.romeoccupation.label": "référentiel ROME",
    "offers.romeoccupation.search_label": "référentiel ROME",
}
for _name in ("referencedataset", "region", "departement", "epci", "commune", "postalcode", "programmeimport",
              "programmemembership", "territoryaggregate"):  # fmt: skip
    model = apps.get_model("territories", _name)
    for _field in model._meta.concrete_fields:
        if isinstance(_field, (models.CharField, models.TextField)) and not _field.choices:
            NOT_USER_TEXT[f"territories.{_name}.{_field.name}"] = "référentiel officiel importé par l'équipe"

# The diagnostic PDF reports: written by the platform, for a territory checked to exist.
NOT_USER_TEXT.update({
    "territories.diagnosticreport.code": "code d'un territoire existant (vérifié avant l'écriture)",
    "territories.diagnosticreport.indicator": "indicateur de la carte, pris dans une liste fermée",
    "territories.diagnosticreport.generation": "date du calcul des agrégats",
    "territories.diagnosticreport.step": "étape écrite par la plateforme",
    "territories.diagnosticreport.error": "message d'échec écrit par la plateforme",
})  # fmt: skip

# Apps whose text fields are classified in their own module (being written by other helpers).
OWN_CLASSIFICATION = ("plans.",)


def _text_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("emploi_territoires."):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField)) and not field.choices:
                yield f"{model._meta.label_lower}.{field.name}", model, field


def test_every_text_field_is_classified():
    names = {name for name, _, _ in _text_fields() if not name.startswith(OWN_CLASSIFICATION)}
    missing = sorted(names - USER_TEXT - set(NOT_USER_TEXT))
    assert not missing, f"champs texte à classer dans tests/security/test_injection.py : {missing}"
    assert not (USER_TEXT & set(NOT_USER_TEXT))
    stale = sorted((USER_TEXT | set(NOT_USER_TEXT)) - names)
    assert not stale, f"champs classés qui n'existent plus : {stale}"


# --- The poisoned world ----------------------------------------------------------------------------


def _build_everything(world) -> None:
    from emploi_territoires.applications import services_pipeline
    from emploi_territoires.mentoring import services_followup
    from emploi_territoires.offers import services as offer_services

    world.api_keys  # noqa: B018
    world.candidate_with_cv  # noqa: B018
    application = world.application
    world.saved_search  # noqa: B018
    world.recruiter_registration  # noqa: B018
    world.candidate_registration  # noqa: B018
    world.schedule_run  # noqa: B018
    world.jobdating_day  # noqa: B018 - a published schedule: agendas and their PDFs
    mentoring = world.mentoring
    world.declaration  # noqa: B018
    world.impact_study  # noqa: B018
    world.offer_draft  # noqa: B018
    from tests.security.access_followup import build_followup_story

    build_followup_story(world)  # issue 15: a follow-up with notes, an appointment, a document, a request
    from tests.security.access_followup_actions import build_proposals_story

    build_proposals_story(world)  # issue 15: a proposal declined with a word, another waiting
    from tests.security.access_vta_aid import _missions

    _missions(world)  # issue 16: VTA missions of organisation A, their aid files and envelope
    services_pipeline.add_note(application, author=world.recruiter_a, text="Profil solide.")
    services_pipeline.transition_application(application, "under_review", actor=world.recruiter_a)
    offer_services.transition_offer(world.offer_draft, "submitted", actor=world.recruiter_a, comment="À relire")
    services_followup.log_meeting(
        mentoring["pair"], world.candidate, date=world.today(), duration_minutes=60, note="Premier échange."
    )


def _poison() -> dict[str, int]:
    """Every user-written text of every row becomes a payload; returns the rows touched per field."""
    touched = {}
    for name, model, field in _text_fields():
        if name not in USER_TEXT:
            continue
        max_length = field.max_length or 10_000
        payload = LONG if max_length >= len(LONG) else SHORT
        touched[name] = model._base_manager.update(**{field.attname: payload})
    return touched


def _unescaped(content: str) -> list[str]:
    return [marker for marker in MARKERS if marker in content]


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _payload_cells(response, body: bytes) -> list[str]:
    """Cells of a CSV or XLSX export holding the payload (a spreadsheet runs those starting with "=")."""
    content_type = response.get("Content-Type", "")
    if content_type.startswith("text/csv"):
        text = body.decode("utf-8-sig", errors="replace")
        first_line = text.split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        cells = [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]
    elif content_type.startswith(XLSX):
        workbook = openpyxl.load_workbook(io.BytesIO(body))
        cells = [
            cell.value for sheet in workbook for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)
        ]
    else:
        return []
    # The payload's cells (made inert or not): the export does show user text.
    return [cell[:20] for cell in cells if "=1+1" in cell]


SHOWS_USER_TEXT = {"accounts", "applications", "evaluation", "jobdating", "mentoring", "needs", "offers", "vta"}
# Evaluation and diagnostic exports hold aggregates only, no text written by people.
EXPORTS_USER_TEXT = {"jobdating", "needs", "offers", "vta"}
CONTENT_ROLES = ("anonymous", "candidate", "recruiter_a", "staff")
DECLARATIONS = load_declarations()
APPS = sorted({name.split(":")[0] for name in DECLARATIONS if ":" in name})


@pytest.fixture
def pdf_html(monkeypatch):
    """The HTML strings handed to WeasyPrint (the PDFs are compressed: their source is checked)."""
    import weasyprint

    seen: list[str] = []
    original = weasyprint.HTML

    def recording(*args, **kwargs):
        if isinstance(kwargs.get("string"), str):
            seen.append(kwargs["string"])
        return original(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", recording)
    return seen


@pytest.mark.parametrize("app", APPS)
def test_no_unescaped_payload_anywhere(app, world, pdf_html):
    _build_everything(world)
    touched = _poison()
    assert touched["offers.offer.title"] and touched["applications.application.message"]
    problems = []
    checked = shown = exports = 0
    for key, access in DECLARATIONS.items():
        if not key.startswith(f"{app}:"):
            continue
        kwargs = access.kwargs(world) if access.kwargs else {}
        url = reverse(key.split("#")[0], kwargs=kwargs) + (f"?{access.query}" if access.query else "")
        for role in CONTENT_ROLES:
            if access.get[role] != 200:
                continue
            client = role_client(world, role) if not access.api else role_client(world, "anonymous")
            pdf_html.clear()
            response = client.get(url)
            content_type = response.get("Content-Type", "")
            sources = [*pdf_html]
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if content_type.startswith(("text/html", "application/xml", "application/rss", "application/atom")):
                sources.append(body.decode(errors="replace"))
            payload_cells = _payload_cells(response, body)
            if formulas := [cell for cell in payload_cells if cell.startswith("=")]:
                problems.append(f"{key} ({role}) {url} : formule dans l'export {formulas[:3]}")
            exports += bool(payload_cells)
            for source in sources:
                checked += 1
                shown += ESCAPED in source
                if found := _unescaped(source):
                    problems.append(f"{key} ({role}) {url} : {found}")
    assert not problems, "contenu non échappé :\n" + "\n".join(problems)
    if app in EXPORTS_USER_TEXT:
        assert exports, f"aucun export CSV/XLSX de {app} ne montre de texte saisi : le parcours ne vérifie rien"
    if app in SHOWS_USER_TEXT:
        # The crawl sees the payloads (escaped): it would see them unescaped too.
        assert shown, f"aucune page de {app} ne montre de texte saisi : le parcours ne vérifie rien"


# --- Through the real forms ----------------------------------------------------------------------


def test_offer_written_through_the_editor_is_escaped_on_every_view(client, recruiter_a, organisation_a):
    from tests.offers.factories import OfferFactory

    offer = OfferFactory(organisation=organisation_a)
    client.force_login(recruiter_a)
    edit_url = reverse("offers:edit", kwargs={"reference": offer.reference})
    page = client.get(edit_url)
    form = page.context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None and not hasattr(value, "pk")}
    for name in form.fields:
        if name not in data and form[name].value() is not None:
            data[name] = form[name].value()
    data.update({"title": f"Chargé·e de mission {LONG}"[:200], "missions": f"Accompagner {LONG}"})
    data = {k: v for k, v in data.items() if not isinstance(v, (list, dict)) or v}
    response = client.post(edit_url, data)
    offer.refresh_from_db()
    assert LONG in offer.missions, response.content.decode()[:3000]
    detail = client.get(reverse("offers:editor_detail", kwargs={"reference": offer.reference})).content.decode()
    assert ESCAPED in detail
    assert not _unescaped(detail)


def test_application_message_and_note_are_escaped(client, candidate, recruiter_a, organisation_a):
    from emploi_territoires.applications.models import Application
    from emploi_territoires.offers.models import OfferStatus
    from tests.applications.factories import CandidateProfileFactory
    from tests.offers.factories import OfferFactory

    CandidateProfileFactory(user=candidate)
    offer = OfferFactory(organisation=organisation_a, status=OfferStatus.PUBLISHED)
    client.force_login(candidate)
    client.post(reverse("applications:apply", kwargs={"reference": offer.reference}), {"message": f"Bonjour {LONG}"})
    application = Application.objects.get(offer=offer, candidate=candidate)
    assert LONG in application.message
    for page in (reverse("applications:mine"),):
        assert not _unescaped(client.get(page).content.decode())
    client.force_login(recruiter_a)
    client.post(reverse("applications:add_note", kwargs={"pk": application.pk}), {"text": f"Note {LONG}"})
    assert application.notes.get().text == f"Note {LONG}"
    detail = client.get(reverse("applications:detail", kwargs={"pk": application.pk})).content.decode()
    assert detail.count(ESCAPED) >= 2  # the message and the note
    assert not _unescaped(detail)


def test_organisation_description_is_escaped(client, recruiter_a, organisation_a):
    client.force_login(recruiter_a)
    url = reverse("accounts:organisation_edit", kwargs={"pk": organisation_a.pk})
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["description"] = f"Une métropole {LONG}"
    data = {k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items()}
    client.post(url, data)
    organisation_a.refresh_from_db()
    assert LONG in organisation_a.description
    page = client.get(reverse("accounts:organisation", kwargs={"pk": organisation_a.pk})).content.decode()
    assert ESCAPED in page
    assert not _unescaped(page)


def test_offer_written_through_the_api_is_escaped_in_the_editor(client, recruiter_a, organisation_a):
    from emploi_territoires.offers.api_tokens import create_token
    from emploi_territoires.offers.models import Offer
    from tests.offers.test_api import new_offer_payload

    key = create_token(organisation_a, "Logiciel RH")[1]
    payload = new_offer_payload(commune="42218", title=f"Chef·fe de projet {LONG}", missions=f"Piloter {LONG}")
    from tests.offers.factories import RomeOccupationFactory

    RomeOccupationFactory()
    response = client.post(
        "/api/v1/offers", payload, content_type="application/json", headers={"Authorization": f"Bearer {key}"}
    )
    assert response.status_code == 201, response.content
    offer = Offer.objects.get(reference=response.json()["reference"])
    assert LONG in offer.missions
    client.force_login(recruiter_a)
    for name in ("offers:editor_detail", "offers:edit"):
        page = client.get(reverse(name, kwargs={"reference": offer.reference})).content.decode()
        assert not _unescaped(page), name
    assert (
        ESCAPED in client.get(reverse("offers:editor_detail", kwargs={"reference": offer.reference})).content.decode()
    )

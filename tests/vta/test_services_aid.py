"""The VTA aid's workflow and its rules (issue 16): each bad input gets a French message and writes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from emploi_territoires.core.storage import private_storage
from emploi_territoires.vta import services_aid
from emploi_territoires.vta.models import AidRequest, AidStatus, AidTransition, Envelope, Mission, MissionOutcome
from emploi_territoires.vta.services_aid import AidError
from tests.clock import paris
from tests.factories import nievre
from tests.vta.factories_aid import build_world, charter_pdf, vta_offer

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 7)


@pytest.fixture
def world(time_machine):
    time_machine.move_to(paris(2026, 12, 7))
    return build_world()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a service call as if its transaction committed (its e-mails are sent)."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


def _counts() -> tuple[int, int, int, int]:
    return (Mission.objects.count(), AidRequest.objects.count(), AidTransition.objects.count(), len(mail.outbox))


def test_whole_workflow_logs_each_step_and_mails_each_party(world, committed):
    mission = committed(world.notify)
    assert mission.volunteer == world.volunteer
    assert mission.volunteer_name == "Léna Moreau"
    assert mission.aid.status == AidStatus.NOTIFIED
    assert [m.to for m in mail.outbox] == [["delegue.anct@nievre.gouv.fr"]]
    assert "Mairie de Clamecy a choisi Léna Moreau" in mail.outbox[0].body
    assert f"/vta/aides/{mission.pk}/" in mail.outbox[0].body

    committed(services_aid.confirm_available, world.delegate, mission, today=TODAY)
    aid = AidRequest.objects.get(mission=mission)
    assert (aid.status, aid.envelope, aid.committed_eur) == (AidStatus.AVAILABLE, world.envelope, 15_000)
    assert mail.outbox[-1].to == ["dgs@mairie-clamecy.fr"]
    assert "15\u202f000 €" in mail.outbox[-1].body

    mission.refresh_from_db()
    services_aid.file_request(
        world.secretary,
        mission,
        starts_on=datetime.date(2027, 1, 4),
        ends_on=datetime.date(2028, 6, 30),
        summary="Piloter l'opération de revitalisation du territoire du centre-bourg.",
        charter=charter_pdf(),
    )
    aid.refresh_from_db()
    assert aid.status == AidStatus.FILED
    assert private_storage().exists(aid.charter_file)
    assert aid.charter_original_name == "charte-vta-signee.pdf"
    mission.refresh_from_db()
    assert (mission.starts_on, mission.ends_on) == (datetime.date(2027, 1, 4), datetime.date(2028, 6, 30))
    assert mission.mid_term_on == datetime.date(2027, 10, 2)

    services_aid.mark_incomplete(world.delegate, mission, missing="La charte n'est pas signée par le volontaire.")
    aid.refresh_from_db()
    assert (aid.status, aid.missing_items) == (AidStatus.INCOMPLETE, "La charte n'est pas signée par le volontaire.")
    first_charter = aid.charter_file

    # Completed with a new charter: the old file goes away.
    committed(
        services_aid.file_request,
        world.secretary,
        mission,
        starts_on=datetime.date(2027, 1, 4),
        ends_on=datetime.date(2028, 6, 30),
        summary="Piloter l'opération de revitalisation du territoire du centre-bourg.",
        charter=charter_pdf("charte-signee-par-les-deux.pdf"),
    )
    aid.refresh_from_db()
    assert aid.status == AidStatus.FILED and aid.missing_items == ""
    assert not private_storage().exists(first_charter)

    committed(services_aid.grant, world.delegate, mission, amount_eur=15_000, decided_on=TODAY, today=TODAY)
    aid.refresh_from_db()
    assert (aid.status, aid.granted_eur, aid.decided_on) == (AidStatus.GRANTED, 15_000, TODAY)
    assert mail.outbox[-2].to == ["dgs@mairie-clamecy.fr"]
    # The volunteer does not see the aid file: her e-mail links to « Mes missions ».
    assert mail.outbox[-1].to == ["lena.moreau@exemple.fr"]
    assert "/vta/mes-missions/" in mail.outbox[-1].body and "/vta/aides/" not in mail.outbox[-1].body

    steps = list(aid.transitions.values_list("from_status", "to_status", "actor__email"))
    assert steps == [
        ("", "notified", "dgs@mairie-clamecy.fr"),
        ("notified", "available", "delegue.anct@nievre.gouv.fr"),
        ("available", "filed", "dgs@mairie-clamecy.fr"),
        ("filed", "incomplete", "delegue.anct@nievre.gouv.fr"),
        ("incomplete", "filed", "dgs@mairie-clamecy.fr"),
        ("filed", "granted", "delegue.anct@nievre.gouv.fr"),
    ]
    figures = services_aid.envelope_figures(world.envelope)
    assert (figures.committed, figures.granted, figures.left) == (0, 15_000, 30_000)


def test_an_entreprise_is_not_an_eligible_employer(world):
    from emploi_territoires.accounts.models import Organisation

    company = Organisation.objects.get(name="Menuiserie du Haut Nivernais")
    offer = vta_offer(company)
    before = _counts()
    with pytest.raises(AidError, match="n'est pas une collectivité"):
        services_aid.notify_candidate_chosen(world.company_member, company, offer, volunteer_name="Léna Moreau")
    assert _counts() == before


def test_a_second_request_for_the_same_mission_is_refused(world):
    world.notify()
    before = _counts()
    with pytest.raises(AidError, match="Une demande d'aide existe déjà pour la mission de Léna Moreau"):
        world.notify()
    # The same person typed by hand, address in capitals.
    with pytest.raises(AidError, match="existe déjà"):
        services_aid.notify_candidate_chosen(
            world.secretary,
            world.mairie,
            world.offer,
            volunteer_name="L. Moreau",
            volunteer_email="LENA.MOREAU@exemple.fr",
        )
    assert _counts() == before


def test_a_withdrawn_request_frees_the_post(world):
    mission = world.notify()
    services_aid.withdraw(world.secretary, mission, comment="La candidate a accepté un autre poste.")
    again = services_aid.notify_candidate_chosen(
        world.secretary,
        world.mairie,
        world.offer,
        volunteer_name="Yanis Girard",
        volunteer_email="yanis.girard@exemple.fr",
    )
    assert again.aid.status == AidStatus.NOTIFIED


def test_one_post_one_volunteer(world):
    world.notify()
    before = _counts()
    with pytest.raises(AidError, match="compte 1 poste"):
        services_aid.notify_candidate_chosen(
            world.secretary,
            world.mairie,
            world.offer,
            volunteer_name="Yanis Girard",
            volunteer_email="yanis@exemple.fr",
        )
    assert _counts() == before


def test_only_vta_offers_and_members(world):
    cdd = vta_offer(world.mairie, contract_type="cdd", title="Agent des espaces verts (CDD)")
    with pytest.raises(AidError, match="n'est pas un volontariat territorial"):
        services_aid.notify_candidate_chosen(world.secretary, world.mairie, cdd, volunteer_name="Yanis Girard")
    with pytest.raises(AidError, match="Seuls les membres de la collectivité"):
        services_aid.notify_candidate_chosen(
            world.other_collectivite_member, world.mairie, world.offer, volunteer_name="X"
        )
    assert Mission.objects.count() == 0


def test_request_without_a_contract_is_refused_and_nothing_written(world):
    mission = world.available(TODAY)
    before = (_counts(), list(AidRequest.objects.values_list("status", "charter_file")))
    with pytest.raises(AidError, match="sans contrat, pas de demande d'aide"):
        services_aid.file_request(
            world.secretary, mission, starts_on=None, ends_on=None, summary="Mission", charter=charter_pdf()
        )
    assert (_counts(), list(AidRequest.objects.values_list("status", "charter_file"))) == before


@pytest.mark.parametrize(
    ("ends_on", "accepted"),
    [
        (datetime.date(2027, 12, 31), False),  # 11 months and 28 days
        (datetime.date(2028, 1, 3), True),  # 12 months exactly
        (datetime.date(2028, 7, 3), True),  # 18 months exactly
        (datetime.date(2028, 7, 4), False),  # a day too long
    ],
)
def test_the_12_to_18_month_rule(world, ends_on, accepted):
    mission = world.available(TODAY)
    call = lambda: services_aid.file_request(  # noqa: E731
        world.secretary,
        mission,
        starts_on=datetime.date(2027, 1, 4),
        ends_on=ends_on,
        summary="Élaborer le projet de territoire.",
        charter=charter_pdf(),
    )
    if accepted:
        assert call().status == AidStatus.FILED
    else:
        with pytest.raises(AidError, match="Un contrat de VTA dure de 12 à 18 mois"):
            call()
        assert AidRequest.objects.get().status == AidStatus.AVAILABLE
        assert Mission.objects.get().ends_on is None


def test_the_charter_must_be_a_real_pdf(world):
    mission = world.available(TODAY)
    exe = SimpleUploadedFile("charte.pdf", b"MZ\x90\x00" + b"\x00" * 100, content_type="application/pdf")
    with pytest.raises(AidError, match=r"programme Windows.*Déposez la charte signée en PDF"):
        services_aid.file_request(
            world.secretary,
            mission,
            starts_on=datetime.date(2027, 1, 4),
            ends_on=datetime.date(2028, 1, 3),
            summary="Mission",
            charter=exe,
        )
    with pytest.raises(AidError, match="Joignez la charte"):
        services_aid.file_request(
            world.secretary,
            mission,
            starts_on=datetime.date(2027, 1, 4),
            ends_on=datetime.date(2028, 1, 3),
            summary="Mission",
            charter=None,
        )
    assert AidRequest.objects.get().status == AidStatus.AVAILABLE
    assert not private_storage().exists("vta")  # no file stored


def test_granting_beyond_the_envelope_is_refused_with_the_figures(world):
    world.envelope.amount_eur = 20_000
    world.envelope.save()
    mission = world.filed(TODAY)
    # Another file of the Nièvre already holds 10,000 € of this envelope (set down by hand: a partial grant).
    other = vta_offer(world.mairie, title="Chargé·e de mission transition écologique (VTA)")
    second = services_aid.notify_candidate_chosen(world.secretary, world.mairie, other, volunteer_name="Yanis Girard")
    AidRequest.objects.filter(mission=second).update(
        status=AidStatus.GRANTED, envelope=world.envelope, granted_eur=10_000, decided_on=TODAY
    )
    before = (_counts(), list(AidRequest.objects.order_by("pk").values_list("status", "granted_eur")))
    with pytest.raises(AidError) as refused:
        services_aid.grant(world.delegate, mission, amount_eur=15_000, decided_on=TODAY, today=TODAY)
    assert refused.value.message == (
        "Accorder 15\u202f000 € dépasserait l'enveloppe VTA 2026 du département Nièvre (58) : 20\u202f000 €, dont "
        "10\u202f000 € déjà accordés et 0 € réservés pour d'autres dossiers ; il reste 10\u202f000 €. Demandez un "
        "abondement de l'enveloppe ou attendez une décision sur les dossiers en cours."
    )
    assert (_counts(), list(AidRequest.objects.order_by("pk").values_list("status", "granted_eur"))) == before
    services_aid.grant(world.delegate, mission, amount_eur=10_000, decided_on=TODAY, today=TODAY)
    assert services_aid.envelope_figures(world.envelope).left == 0


def test_confirming_needs_an_envelope_with_room(world):
    mission = world.notify()
    Envelope.objects.all().delete()
    with pytest.raises(
        AidError, match="Aucune enveloppe VTA n'est ouverte pour le département Nièvre \\(58\\) en 2026"
    ):
        services_aid.confirm_available(world.delegate, mission, today=TODAY)
    Envelope.objects.create(departement=nievre(), year=2026, amount_eur=10_000)
    with pytest.raises(AidError, match="Réserver 15\u202f000 € dépasserait l'enveloppe VTA 2026"):
        services_aid.confirm_available(world.delegate, mission, today=TODAY)
    assert AidRequest.objects.get().status == AidStatus.NOTIFIED
    assert AidTransition.objects.count() == 1


def test_only_the_departements_prefecture_instructs(world):
    mission = world.notify()
    for intruder in (world.delegate_other, world.secretary, world.other_collectivite_member):
        with pytest.raises(AidError, match="Seule la préfecture du département"):
            services_aid.confirm_available(intruder, mission, today=TODAY)
    with pytest.raises(AidError, match="Seule la collectivité"):
        services_aid.withdraw(world.delegate, mission)
    assert AidRequest.objects.get().status == AidStatus.NOTIFIED


def test_refusal_and_incompleteness_need_their_text(world, committed):
    mission = world.filed(TODAY)
    with pytest.raises(AidError, match="Donnez le motif du refus"):
        services_aid.refuse(world.delegate, mission, reason="   ")
    with pytest.raises(AidError, match="Dites ce qui manque"):
        services_aid.mark_incomplete(world.delegate, mission, missing="")
    committed(
        services_aid.refuse, world.delegate, mission, reason="La mission relève du fonctionnement courant des services."
    )
    aid = AidRequest.objects.get()
    assert aid.status == AidStatus.REFUSED
    assert "fonctionnement courant" in mail.outbox[-1].body
    assert services_aid.envelope_figures(world.envelope).committed == 0


def test_the_envelope_cannot_go_below_what_is_granted_and_reserved(world):
    world.granted(TODAY)
    with pytest.raises(AidError, match="ne peut pas descendre sous 15\u202f000 €"):
        services_aid.set_envelope(world.delegate, nievre(), 2026, 10_000)
    with pytest.raises(AidError, match="Seule la préfecture du département"):
        services_aid.set_envelope(world.delegate_other, nievre(), 2027, 60_000)
    assert services_aid.set_envelope(world.delegate, nievre(), 2027, 60_000).amount_eur == 60_000
    assert Envelope.objects.count() == 2


def test_outcomes_when_due_by_the_collectivite_or_the_volunteer(world, time_machine):
    mission = world.granted(TODAY)  # contract 04/01/2027 – 03/01/2028
    with pytest.raises(AidError, match="se renseigne à partir du 03/12/2027"):
        services_aid.record_outcome(world.volunteer, mission, moment="end", situation="job", today=TODAY)
    day = datetime.date(2028, 1, 3)
    with pytest.raises(AidError, match="indiquez le poste et l'employeur"):
        services_aid.record_outcome(world.volunteer, mission, moment="end", situation="job", today=day)
    services_aid.record_outcome(
        world.volunteer,
        mission,
        moment="end",
        situation="job",
        job_title="Chargée de mission Petites villes de demain",
        employer_name="Mairie de Clamecy",
        same_collectivite=True,
        today=day,
    )
    with pytest.raises(AidError, match="renseignée par la collectivité ou par le volontaire"):
        services_aid.record_outcome(world.delegate, mission, moment="end", situation="seeking", today=day)
    services_aid.record_outcome(
        world.secretary, mission, moment="six_months", situation="studies", today=datetime.date(2028, 7, 3)
    )
    outcomes = list(MissionOutcome.objects.order_by("moment").values_list("moment", "situation", "same_collectivite"))
    assert outcomes == [("end", "job", True), ("six_months", "studies", None)]


def test_listing_consent_is_the_volunteers_and_withdrawable(world):
    mission = world.granted(TODAY)
    with pytest.raises(AidError, match="Seul le volontaire"):
        services_aid.set_listing_consent(world.secretary, mission, listed=True)
    services_aid.set_listing_consent(world.volunteer, mission, listed=True)
    assert Mission.objects.get().is_listed
    services_aid.set_listing_consent(world.volunteer, mission, listed=False)
    mission = Mission.objects.get()
    assert not mission.is_listed and mission.listing_withdrawn_at is not None

"""Campaigns, invitations, declarations, reminders, response rate and conversion, through the services."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from emploi_territoires.accounts.models import Organisation
from emploi_territoires.needs import services
from emploi_territoires.needs.models import (
    CampaignState,
    DifficultyReason,
    EngineeringNeed,
    NeedDeclaration,
    NeedsCampaign,
)
from emploi_territoires.offers.models import ContractType, OfferStatus
from tests.factories import DepartementFactory, OrganisationFactory, clamecy, nievre, saint_etienne
from tests.needs.conftest import need_line
from tests.needs.factories import CampaignInvitationFactory, NeedsCampaignFactory

pytestmark = pytest.mark.django_db


def test_opening_invites_the_employers_of_the_territory_only(loire_campaign, organisation_a, organisation_b):
    invited = set(loire_campaign.invitations.values_list("organisation__name", flat=True))
    # Saint-Étienne Métropole is in the Loire; the Clamecy company (Nièvre) and the Apec are not invited.
    assert invited == {"Saint-Étienne Métropole"}
    invitation = loire_campaign.invitations.get()
    assert invitation.sent_at is not None and len(invitation.token) >= 40
    assert loire_campaign.state == CampaignState.OPEN
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["claire.roux@exemple.fr"]
    assert f"/besoins/invitation/{invitation.token}/" in message.body


def test_kind_filter_and_an_organisation_without_members(advisor, organisation_a, django_capture_on_commit_callbacks):
    OrganisationFactory(name="Ateliers du Pilat", commune=saint_etienne())  # an entreprise, no member
    campaign = services.create_campaign(
        advisor,
        title="Entreprises de la Loire",
        territory=services.Territory(kind="departement", departement=DepartementFactory()),
        deadline=timezone.localdate() + datetime.timedelta(days=10),
        organisation_kinds=["entreprise"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.open_campaign(campaign, advisor) == 1
    invitation = campaign.invitations.get()
    assert invitation.organisation.name == "Ateliers du Pilat"
    assert invitation.sent_at is None  # nobody to write to: shown as such on the campaign page
    assert mail.outbox == []


def test_advisor_cannot_open_a_campaign_outside_the_territory_followed(advisor, organisation_b):
    with pytest.raises(services.NeedsError, match="Vous ne suivez pas tout ce territoire"):
        services.create_campaign(
            advisor,
            title="Besoins de la Nièvre",
            territory=services.Territory(kind="communes", communes=[clamecy()]),
            deadline=timezone.localdate() + datetime.timedelta(days=10),
        )


def test_campaign_bad_input_in_french(advisor):
    with pytest.raises(services.NeedsError) as exc:
        services.create_campaign(
            advisor,
            title=" ",
            territory=services.Territory(kind="epci"),
            deadline=timezone.localdate(),
            reminder_days=90,
        )
    assert exc.value.messages == [
        "Donnez un intitulé à la campagne.",
        "La date limite de réponse doit être dans le futur.",
        "La relance se fait de 0 à 60 jours avant la date limite.",
        "Choisissez l'intercommunalité.",
    ]


def test_territory_resolution_by_programme_within_a_departement():
    se, cl, nv = saint_etienne(), clamecy(), nevers_commune()
    pvd_nievre = services.Territory(kind="programme", programme="pvd", departement=nievre())
    assert list(services.territory_communes(pvd_nievre).values_list("code", flat=True)) == [cl.code]
    ti_anywhere = services.Territory(kind="programme", programme="ti")
    assert set(services.territory_communes(ti_anywhere).values_list("code", flat=True)) == {se.code, nv.code}
    epci = services.Territory(kind="epci", epci=cl.epci)
    assert list(services.territory_communes(epci).values_list("code", flat=True)) == ["58079"]


def nevers_commune():
    from tests.factories import nevers

    return nevers()


def test_declaring_needs_marks_the_invitation_answered(loire_campaign, organisation_a, recruiter_a, espaces_verts):
    needs = services.declare_needs(
        organisation_a,
        [
            need_line(espaces_verts, count=3, is_difficult=True, difficulty_reasons=[DifficultyReason.MOBILITY]),
            need_line(espaces_verts, count=1, engineering_needs=[EngineeringNeed.PVD_LEAD]),
        ],
        actor=recruiter_a,
        campaign=loire_campaign,
    )
    assert [n.count for n in needs] == [3, 1]
    assert needs[0].commune_id == "42218" and needs[0].is_late is False
    assert needs[0].difficulty_reasons == ["mobility"]
    assert loire_campaign.invitations.get().answered_at is not None


def test_the_invitation_records_who_answered(loire_campaign, organisation_a, recruiter_a, espaces_verts):
    services.declare_needs(organisation_a, [need_line(espaces_verts)], actor=recruiter_a, campaign=loire_campaign)
    invitation = loire_campaign.invitations.get()
    assert invitation.answered_at is not None and invitation.answered_by == recruiter_a


@pytest.mark.parametrize("who", ["nobody", "advisor", "recruiter_b"])
def test_only_a_member_answers_for_the_organisation(
    request, who, loire_campaign, organisation_a, recruiter_a, espaces_verts
):
    """An organisation is never recorded as having answered without one of its members: nobody (a
    script), an advisor of the territory or another organisation's recruiter is refused, nothing written."""
    actor = None if who == "nobody" else request.getfixturevalue(who)
    with pytest.raises(services.NeedsError) as exc:
        services.declare_needs(organisation_a, [need_line(espaces_verts)], actor=actor, campaign=loire_campaign)
    assert exc.value.messages == [
        "Seul un membre de « Saint-Étienne Métropole » peut déclarer ses besoins de recrutement."
    ]
    assert NeedDeclaration.objects.count() == 0
    invitation = loire_campaign.invitations.get()
    assert (invitation.answered_at, invitation.answered_by) == (None, None)
    assert services.response_rate(loire_campaign).answered == 0


def test_no_occupation_or_zero_count_refused_and_nothing_written(organisation_a, recruiter_a, espaces_verts):
    with pytest.raises(services.NeedsError) as exc:
        services.declare_needs(
            organisation_a,
            [need_line(espaces_verts), need_line(None), need_line(espaces_verts, count=0)],
            actor=recruiter_a,
        )
    assert exc.value.line_errors == {
        1: {"occupation": ["Choisissez le métier recherché dans le répertoire ROME."]},
        2: {"count": ["Indiquez le nombre de personnes à recruter : au moins 1."]},
    }
    assert NeedDeclaration.objects.count() == 0  # the valid first line was not saved alone


def test_reasons_dropped_when_not_difficult_and_engineering_only_for_collectivites(
    organisation_b, recruiter_b, machines_bois
):
    [need] = services.declare_needs(
        organisation_b,
        [need_line(machines_bois, contract_type=ContractType.CDI, difficulty_reasons=[DifficultyReason.PAY])],
        actor=recruiter_b,
    )
    assert need.difficulty_reasons == [] and need.campaign is None
    with pytest.raises(services.NeedsError) as exc:
        services.declare_needs(
            organisation_b,
            [need_line(machines_bois, contract_type=ContractType.CONTRACTUAL, engineering_needs=["vta"])],
            actor=recruiter_b,
        )
    assert exc.value.line_errors[0] == {
        "contract_type": ["Le contrat « Contractuel de la fonction publique » est réservé aux employeurs publics."],
        "engineering_needs": ["Les besoins d'ingénierie de projet concernent les collectivités."],
    }


def test_late_answer_is_kept_and_marked_late(loire_campaign, organisation_a, recruiter_a, espaces_verts):
    loire_campaign.deadline = timezone.localdate() - datetime.timedelta(days=1)
    loire_campaign.save(update_fields=["deadline"])
    [need] = services.declare_needs(
        organisation_a, [need_line(espaces_verts)], actor=recruiter_a, campaign=loire_campaign
    )
    assert need.is_late is True
    assert NeedDeclaration.objects.get(pk=need.pk).is_late is True


def test_answer_after_closing_is_late_too(loire_campaign, advisor, organisation_a, recruiter_a, espaces_verts):
    services.close_campaign(loire_campaign, advisor)
    [need] = services.declare_needs(
        organisation_a, [need_line(espaces_verts)], actor=recruiter_a, campaign=loire_campaign
    )
    assert need.is_late is True


def test_an_organisation_not_invited_cannot_answer(loire_campaign, organisation_b, recruiter_b, machines_bois):
    with pytest.raises(services.NeedsError, match="n'est pas invitée"):
        services.declare_needs(
            organisation_b, [need_line(machines_bois, contract_type="cdi")], actor=recruiter_b, campaign=loire_campaign
        )


def test_response_rate_by_kind():
    campaign = NeedsCampaignFactory()
    now = timezone.now()
    for i in range(3):
        CampaignInvitationFactory(campaign=campaign, answered_at=now if i == 0 else None)  # entreprises: 1 of 3
    for name in ("Commune de Firminy", "Commune de Roche-la-Molière"):
        CampaignInvitationFactory(
            campaign=campaign,
            organisation=OrganisationFactory(kind=Organisation.Kind.COLLECTIVITE, name=name),
            answered_at=now,
        )  # collectivités: 2 of 2
    rate = services.response_rate(campaign)
    assert (rate.invited, rate.answered, rate.percent) == (5, 3, 60)
    by_kind = {k.kind: (k.invited, k.answered, k.percent) for k in rate.by_kind}
    assert by_kind == {"collectivite": (2, 2, 100), "entreprise": (3, 1, 33)}
    assert services.response_rate(NeedsCampaignFactory()).percent == 0  # no invitation: no division by zero


def test_reminders_once_and_only_when_due(loire_campaign, organisation_a, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    today = timezone.localdate()
    assert services.send_reminders(today) == []  # deadline in 21 days, reminder 7 days before
    reminder_day = loire_campaign.deadline - datetime.timedelta(days=7)
    assert len(services.send_reminders(reminder_day, dry_run=True)) == 1
    assert loire_campaign.invitations.get().reminded_at is None  # a dry run writes nothing
    with django_capture_on_commit_callbacks(execute=True):
        assert len(services.send_reminders(reminder_day)) == 1
        assert services.send_reminders(reminder_day + datetime.timedelta(days=1)) == []
    assert len(mail.outbox) == 1 and mail.outbox[0].subject.startswith("Rappel")
    assert loire_campaign.invitations.get().reminded_at is not None


def test_no_reminder_for_an_answered_invitation(loire_campaign, organisation_a, recruiter_a, espaces_verts):
    services.declare_needs(organisation_a, [need_line(espaces_verts)], actor=recruiter_a, campaign=loire_campaign)
    assert services.send_reminders(loire_campaign.deadline) == []


def test_reminder_command_is_a_dry_run_by_default(loire_campaign, capsys):
    loire_campaign.deadline = timezone.localdate() + datetime.timedelta(days=3)
    loire_campaign.save(update_fields=["deadline"])
    call_command("needs_reminders")
    assert "Simulation : 1 relance(s) à envoyer" in capsys.readouterr().out
    assert loire_campaign.invitations.get().reminded_at is None
    call_command("needs_reminders", "--apply")
    assert "1 relance(s) envoyée(s)" in capsys.readouterr().out
    assert loire_campaign.invitations.get().reminded_at is not None


def test_convert_to_a_draft_offer_once(organisation_a, recruiter_a, espaces_verts):
    [need] = services.declare_needs(organisation_a, [need_line(espaces_verts, count=3)], actor=recruiter_a)
    offer = services.convert_to_offer(need, recruiter_a)
    assert offer.title == "Agent / Agente d'entretien des espaces verts (F/H)"
    assert (offer.status, offer.organisation, offer.commune_id) == (OfferStatus.DRAFT, organisation_a, "42218")
    assert (offer.occupation_id, offer.contract_type, offer.positions) == ("A1203", "contractuel", 3)
    assert offer.reference.startswith("ET-")
    need.refresh_from_db()
    assert need.converted_offer == offer
    assert services.convert_to_offer(need, recruiter_a) == offer  # a double click makes no second draft


def test_convert_a_vta_need_gets_a_duration(organisation_a, recruiter_a, espaces_verts):
    [need] = services.declare_needs(organisation_a, [need_line(espaces_verts, contract_type="vta")], actor=recruiter_a)
    assert services.convert_to_offer(need, recruiter_a).contract_duration_months == 12


def test_reminder_task(loire_campaign, django_capture_on_commit_callbacks):
    from emploi_territoires.needs.tasks import send_needs_reminders

    NeedsCampaign.objects.filter(pk=loire_campaign.pk).update(
        deadline=timezone.localdate() + datetime.timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert send_needs_reminders.call() == 1
        assert send_needs_reminders.call() == 0

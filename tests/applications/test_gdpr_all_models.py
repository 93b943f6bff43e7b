"""Account deletion covers every module (issue 20, item 8).

`USER_MODELS` classifies every model holding a user (foreign key, one-to-one or many-to-many): a
new model holding a user fails `test_every_model_holding_a_user_is_classified` until it is listed
here with what deletion does to it. The second test gives Inès one of each personal row (profile,
CV, application, mentee profile with its consent-based situation, enrolment, an active pair with a
help request quoting her phone number, meetings, job-dating registrations and wishes…), deletes her
account, then checks that no row of an "erased" model still points at her and that her name,
e-mail and phone number appear in no text of any model.
"""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.db import connection, models

from emploi_territoires.accounts.models import User
from emploi_territoires.applications import gdpr, services_pipeline, services_profile
from emploi_territoires.applications.models import ApplicationStatus, SavedSearch
from emploi_territoires.followup import services as followup_services
from emploi_territoires.followup.models import FollowUp, FollowUpRequest
from emploi_territoires.jobdating.models import CandidateRegistration, EventRating, EventStatus
from emploi_territoires.mentoring import services_followup, services_matching, services_profiles
from emploi_territoires.mentoring.models import Enrolment, HelpRequest, Meeting, Pair, Programme, SurveyAnswer
from emploi_territoires.offers.models import OfferStatus
from emploi_territoires.vta.models import AidRequest, AidTransition, Mission, MissionOutcome
from tests.applications import cv_files
from tests.applications.factories import CandidateProfileFactory
from tests.clock import paris
from tests.factories import TEST_PASSWORD, MembershipFactory, OrganisationFactory, UserFactory, saint_etienne
from tests.jobdating.factories import CandidateRegistrationFactory, EventFactory, WishFactory
from tests.mentoring.conftest import make_mentee, make_mentor, rome
from tests.offers.factories import OfferFactory

ERASED = "erased"  # after deletion, no row of the model points at the person any more
KEPT = "kept"  # rows stay for figures or the audit trail, pointing at the scrubbed account (no name)

# label -> (what deletion does, why)
USER_MODELS: dict[str, tuple[str, str]] = {
    "admin.LogEntry": (KEPT, "staff actions in the admin; a candidate has none"),
    "core.AuditLog": (KEPT, "actor of an action; labels of the person's pairs are neutralised by mentoring"),
    "accounts.Organisation": (ERASED, "membership rows deleted (the M2M goes through Membership)"),
    "accounts.Membership": (ERASED, "deleted by erase_candidate"),
    "accounts.AdvisorScope": (ERASED, "deleted by erase_candidate"),
    "accounts.MembershipInvitation": (ERASED, "invitations to the person deleted (professional accounts only)"),
    "accounts.OrganisationVerificationTransition": (
        KEPT,
        "actor of a verification decision or request (a professional action); set to null with the account",
    ),
    "accounts.ApiToken": (KEPT, "created_by: a professional action of the organisation"),
    "offers.Offer": (KEPT, "created_by: the organisation's offer"),
    "offers.OfferTransition": (KEPT, "actor of an action on an offer"),
    "offers.OfferRevision": (KEPT, "actor of an action on an offer"),
    "applications.CandidateProfile": (ERASED, "deleted"),
    "applications.Consent": (ERASED, "deleted"),
    "applications.Application": (ERASED, "anonymised: candidate emptied, message blanked"),
    "applications.ApplicationTransition": (KEPT, "actor of a transition; comments blanked"),
    "applications.ApplicationNote": (ERASED, "notes about the person deleted; author of others' notes kept"),
    "applications.SavedSearch": (ERASED, "deleted"),
    "applications.SavedOffer": (ERASED, "deleted"),
    "applications.AuditEvent": (KEPT, "the access log (who read a CV), keyed by id"),
    # Issue 19 (gdpr_conversation.forget_applications): the conversation follows the application.
    "applications.Message": (ERASED, "threads of the person's applications deleted, with their messages"),
    "applications.Interview": (ERASED, "interviews of the person's applications deleted (proposed_by: recruiters)"),
    "applications.ApplicationComment": (ERASED, "comments about the person deleted (author: colleagues)"),
    "applications.ApplicationShare": (ERASED, "shares of the person's applications, and to the person, deleted"),
    "applications.Invitation": (ERASED, "invitations received deleted; as the recruiter, emptied"),
    "jobdating.Event": (ERASED, "removed from the advisors; created_by is a professional action"),
    "jobdating.EventTransition": (KEPT, "actor of an action on an event"),
    "jobdating.RecruiterRegistration": (ERASED, "contact emptied"),
    "jobdating.CandidateRegistration": (KEPT, "deleted for events not yet held (seat freed); kept for held ones"),
    "jobdating.CandidateScreening": (KEPT, "decided_by: a recruiter's action"),
    "jobdating.ScheduleRun": (KEPT, "created_by: an organiser's action"),
    "jobdating.Interview": (KEPT, "outcome_recorded_by: a recruiter's action"),
    "jobdating.InvitationOptIn": (ERASED, "deleted"),
    "jobdating.EventInvitation": (ERASED, "deleted"),
    "mentoring.Programme": (ERASED, "removed from the managers"),
    "mentoring.MentorProfile": (ERASED, "deleted"),
    "mentoring.MenteeProfile": (ERASED, "deleted, with the consent-based situation"),
    "mentoring.Enrolment": (ERASED, "deleted"),
    "mentoring.NeverTogether": (ERASED, "deleted"),
    "mentoring.MatchingRun": (KEPT, "created_by: a manager's action"),
    "mentoring.ProposedPair": (ERASED, "deleted"),
    "mentoring.Pair": (KEPT, "active pair ended (reason in the audit trail); kept for the figures"),
    "mentoring.Meeting": (KEPT, "logged_by; notes of the person's pairs blanked"),
    "mentoring.HelpRequest": (KEPT, "requested_by; messages of the person's pairs blanked"),
    "mentoring.SurveyAnswer": (KEPT, "respondent; comments of the person's pairs blanked"),
    "evaluation.ImpactStudy": (KEPT, "created_by: a professional action"),
    "needs.NeedsCampaign": (KEPT, "created_by: a professional action"),
    "needs.CampaignInvitation": (KEPT, "answered_by: a professional action"),
    "needs.NeedDeclaration": (KEPT, "created_by: a professional action"),
    "plans.Plan": (KEPT, "created_by: a professional action"),
    "plans.PlanPartner": (KEPT, "an organisation's contact (PROTECT): the organisation names another one"),
    "plans.ActionTransition": (KEPT, "actor of an action on a plan"),
    # Issue 15 (followup/gdpr.py forget_person, registered with applications.gdpr).
    "followup.FollowUp": (ERASED, "the person's follow-ups deleted; as referent, opener or closer emptied"),
    "followup.FollowUpRequest": (ERASED, "the person's requests deleted; answered_by emptied"),
    "followup.FollowUpMember": (KEPT, "a professional's place in a group: left_at set (history of the group)"),
    "followup.Note": (KEPT, "author: a professional's note; notes about the person deleted with the follow-up"),
    "followup.Appointment": (KEPT, "with_user/created_by: a professional's action; the person's deleted"),
    "followup.SharedDocument": (KEPT, "uploaded_by: the person's documents deleted with the follow-up"),
    "followup.Proposal": (KEPT, "created_by: a professional's action; the person's deleted"),
    "followup.OutcomeCheck": (KEPT, "recorded_by: a professional's action; the person's deleted"),
    # Issue 16 (vta/gdpr.py forget_person, registered with applications.gdpr).
    "vta.Mission": (ERASED, "the volunteer's missions: account, name, e-mail, listing consent emptied"),
    "vta.MissionOutcome": (ERASED, "recorded_by emptied; job title and employer of the person's blanked"),
    "vta.AidTransition": (KEPT, "actor of a step of an aid file; comments of the person's files blanked"),
    "vta.Envelope": (KEPT, "set_by: a préfecture's action"),
}


def _user_fields(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.get_fields()
        if getattr(f, "concrete", False) and f.is_relation and f.related_model is User
    ]


def test_every_model_holding_a_user_is_classified():
    holding = {m._meta.label for m in apps.get_models() if _user_fields(m)}
    assert "mentoring.MenteeProfile" in holding  # the walk finds models
    unclassified = sorted(holding - set(USER_MODELS))
    assert unclassified == [], f"Classify these models in USER_MODELS (what account deletion does): {unclassified}"


PHONE = "06 12 34 56 78"
MARKERS = ["Haddad", "ines.haddad@exemple.fr", PHONE]


def _texts_mentioning(markers: list[str]) -> list[str]:
    """Every stored text (char, text, JSON) of every model that still contains one of the markers."""
    found = []
    tables = set(connection.introspection.table_names())
    for model in apps.get_models():
        if model._meta.db_table not in tables:  # a model whose migration is not written yet
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not fields:
            continue
        for row in model.objects.values_list("pk", *fields):
            for name, value in zip(fields, row[1:], strict=True):
                text = str(value)
                for marker in markers:
                    if marker in text:
                        found.append(f"{model._meta.label}.{name} #{row[0]}: {marker}")
    return found


@pytest.fixture
def ines_everywhere(candidate, organisation_a, recruiter_a, time_machine, django_capture_on_commit_callbacks):
    time_machine.move_to(paris(2026, 10, 5))
    with django_capture_on_commit_callbacks(execute=True):
        CandidateProfileFactory(user=candidate, phone=PHONE)
        services_profile.replace_cv(candidate, cv_files.pdf())
        offer = OfferFactory(organisation=organisation_a, status=OfferStatus.PUBLISHED)
        application = services_pipeline.apply(offer, candidate, f"Bonjour, Inès Haddad, joignable au {PHONE}.")
        services_pipeline.transition_application(application, ApplicationStatus.UNDER_REVIEW, actor=recruiter_a)
        services_pipeline.add_note(application, author=recruiter_a, text="Mme Haddad, très motivée")
        SavedSearch.objects.create(user=candidate, name="Chargé de mission Loire", query={"q": "chargé"})

    programme = Programme.objects.create(
        name="Premiers pas pro Loire Sud", starts_on=datetime.date(2026, 9, 1), ends_on=datetime.date(2027, 6, 30)
    )
    dev = rome("M1805", "Développeur / Développeuse informatique")
    karim = make_mentor("karim.mentor@exemple.fr", "Karim", "Benali", saint_etienne(), dev)
    make_mentee(candidate, "Inès", "Haddad", saint_etienne(), [dev], qpv=True)
    services_profiles.enrol(programme, karim, Enrolment.Role.MENTOR)
    services_profiles.enrol(programme, candidate, Enrolment.Role.MENTEE)
    run = services_matching.run_matching(programme, karim)
    pairs = services_matching.publish_run(run, karim, today=datetime.date(2026, 10, 1))
    assert [(p.mentor, p.mentee) for p in pairs] == [(karim, candidate)]
    pair = pairs[0]
    services_followup.request_help(pair, candidate, f"Mon mentor ne répond plus, appelez-moi au {PHONE}")
    Meeting.objects.create(pair=pair, date=datetime.date(2026, 10, 2), duration_minutes=60, note="CV d'Inès Haddad")
    SurveyAnswer.objects.create(
        pair=pair, milestone=3, respondent=candidate, satisfaction=4, situation="still_searching", comment="Inès"
    )

    open_event = EventFactory(status=EventStatus.REGISTRATION_OPEN, capacity=1)
    registration = CandidateRegistrationFactory(event=open_event, user=candidate)
    WishFactory(candidate_registration=registration)
    held = EventFactory(status=EventStatus.HELD, date=datetime.date(2026, 9, 20))
    kept = CandidateRegistrationFactory(event=held, user=candidate)
    WishFactory(candidate_registration=kept)
    EventRating.objects.create(candidate_registration=kept, score=5, comment=f"Merci ! Inès Haddad, {PHONE}")
    try:
        opt_in = apps.get_model("jobdating", "InvitationOptIn")
    except LookupError:
        pass
    else:
        opt_in.objects.create(user=candidate, text_version="1")

    # Issue 15: a follow-up with a shared note and a document quoting her, an appointment, a request.
    structure = OrganisationFactory(name="Mission locale Saint-Étienne", kind="mission_locale", siren="", siret="")
    advisor = UserFactory(email="sarah.lefevre@exemple.fr", first_name="Sarah", last_name="Lefèvre")
    MembershipFactory(user=advisor, organisation=structure)
    followup = followup_services.open_followup(advisor, candidate, organisation=structure, consent_recorded=True)
    followup_services.add_note(advisor, followup.followup, f"Inès Haddad rappelle au {PHONE}", visibility="group")
    followup_services.plan_appointment(advisor, followup.followup, starts_at=paris(2026, 10, 9), subject="Bilan")
    followup_services.share_document(candidate, followup.followup, cv_files.pdf(), "CV d'Inès Haddad")
    FollowUpRequest.objects.create(
        person=candidate, organisation=organisation_a, consent_text_version="2026-12", message=f"Appelez le {PHONE}"
    )
    # Issue 16: Inès is a VTA volunteer, listed on the public page, with her situation at the end.
    vta_offer = OfferFactory(organisation=organisation_a, status=OfferStatus.PUBLISHED, contract_type="vta")
    mission = Mission.objects.create(
        organisation=organisation_a,
        offer=vta_offer,
        volunteer=candidate,
        volunteer_name="Inès Haddad",
        volunteer_email=candidate.email,
        title=vta_offer.title,
        commune=vta_offer.commune,
        starts_on=datetime.date(2025, 9, 1),
        ends_on=datetime.date(2026, 8, 31),
        listing_consent_at=paris(2026, 9, 1),
    )
    aid = AidRequest.objects.create(
        mission=mission, status="granted", granted_eur=15_000, decided_on=datetime.date(2025, 9, 15)
    )
    AidTransition.objects.create(aid=aid, from_status="filed", to_status="granted", comment=f"Inès Haddad, {PHONE}")
    MissionOutcome.objects.create(
        mission=mission, moment="end", situation="job", job_title="Cheffe de projet", employer_name="Haddad conseil",
        same_collectivite=False, recorded_by=candidate,
    )  # fmt: skip
    return {"pair": pair, "open_event": open_event, "held": held, "followup": followup.followup}


def test_deleting_the_account_leaves_nothing_personal_in_any_module(ines_everywhere, candidate):
    assert _texts_mentioning(MARKERS)  # the story did store the person's data
    candidate_id = candidate.pk

    gdpr.delete_account(candidate, TEST_PASSWORD)

    user = User.objects.get(pk=candidate_id)
    leftovers = []
    for model in apps.get_models():
        fields = _user_fields(model)
        if not fields or USER_MODELS.get(model._meta.label, (KEPT,))[0] != ERASED:
            continue
        for f in fields:
            if model.objects.filter(**{f.name: user}).exists():
                leftovers.append(f"{model._meta.label}.{f.name}")
    assert leftovers == []
    assert _texts_mentioning(MARKERS) == []

    # Mentoring: the active pair is ended, the help request's message (with the phone) is gone.
    pair = Pair.objects.get(pk=ines_everywhere["pair"].pk)
    assert (pair.state, pair.ended_on) == (Pair.State.ENDED, datetime.date(2026, 10, 5))
    assert HelpRequest.objects.get(pair=pair).message == ""
    # Job dating: the seat in the open event is freed; the held event keeps an anonymous registration.
    assert not CandidateRegistration.objects.filter(event=ines_everywhere["open_event"]).exists()
    assert list(CandidateRegistration.objects.filter(event=ines_everywhere["held"]).values_list("user", flat=True)) == [
        candidate_id
    ]
    assert not CandidateRegistration.objects.get(event=ines_everywhere["held"]).wishes.exists()
    # Follow-up: deleted with its note, appointment and document.
    assert not FollowUp.objects.filter(pk=ines_everywhere["followup"].pk).exists()
    assert not FollowUpRequest.objects.exists()
    # VTA: the mission and its granted aid stay for the figures, without the person.
    mission = Mission.objects.get()
    assert (mission.volunteer_id, mission.volunteer_name, mission.is_listed) == (None, "", False)
    assert (mission.aid.status, mission.aid.granted_eur) == ("granted", 15_000)
    assert MissionOutcome.objects.get().situation == "job"

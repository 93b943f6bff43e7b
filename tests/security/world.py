"""The objects the permission matrix requests: owned by organisation A or by the `candidate` persona.

Each object is built on first use (a `cached_property`), so a test builds only what its URL
needs. Ownership follows the personas of tests/conftest.py: organisation A (Saint-Étienne
Métropole, Loire) owns the offers, receives the application, recruits at the job dating; the
`advisor` persona (Loire) runs the needs campaign and the impact study; the candidate Inès
applies, registers, is mentored. recruiter_b (Clamecy) and advisor_other (Nièvre) own nothing here.
"""

from __future__ import annotations

import datetime
import io
from functools import cached_property
from pathlib import Path

from django.utils import timezone


class World:
    def __init__(self, personas: dict) -> None:
        self.personas = personas
        for name, value in personas.items():
            setattr(self, name, value)

    # --- accounts ---------------------------------------------------------------------------------
    @cached_property
    def membership_member_a(self):
        from emploi_territoires.accounts.models import Membership

        return Membership.objects.get(user=self.member_a, organisation=self.organisation_a)

    @cached_property
    def api_keys(self) -> dict[str, str]:
        """An API key per organisation role: recruiter_a → organisation A, recruiter_b → B, advisor → Apec."""
        from emploi_territoires.offers.api_tokens import create_token

        return {
            "recruiter_a": create_token(self.organisation_a, "ATS Saint-Étienne")[1],
            "recruiter_b": create_token(self.organisation_b, "ATS Clamecy")[1],
            "advisor_other": create_token(self.advisor_organisation, "Outil Apec")[1],
        }

    # --- offers -----------------------------------------------------------------------------------
    @cached_property
    def offer_published(self):
        from emploi_territoires.offers.models import OfferStatus
        from tests.offers.factories import OfferFactory

        return OfferFactory(organisation=self.organisation_a, status=OfferStatus.PUBLISHED)

    @cached_property
    def offer_draft(self):
        from tests.offers.factories import OfferFactory

        return OfferFactory(organisation=self.organisation_a, title="Chargé·e de mission commerce (F/H)")

    # --- applications -----------------------------------------------------------------------------
    @cached_property
    def candidate_profile(self):
        from tests.applications.factories import CandidateProfileFactory

        return CandidateProfileFactory(user=self.candidate)

    @cached_property
    def candidate_with_cv(self):
        """Inès's profile with a (tiny, valid) PDF CV."""
        from django.core.files.uploadedfile import SimpleUploadedFile

        from emploi_territoires.applications.services_profile import replace_cv
        from tests.applications.cv_files import PDF_BYTES

        self.candidate_profile  # noqa: B018
        return replace_cv(self.candidate, SimpleUploadedFile("cv-ines-haddad.pdf", PDF_BYTES, "application/pdf"))

    @cached_property
    def application(self):
        from tests.applications.factories import ApplicationFactory

        self.candidate_profile  # noqa: B018 - the candidate applies with a profile
        return ApplicationFactory(offer=self.offer_published, candidate=self.candidate)

    @cached_property
    def saved_search(self):
        from emploi_territoires.applications.models import SavedSearch

        return SavedSearch.objects.create(
            user=self.candidate, name="Développement économique Loire", query={"q": "mission"}
        )

    # --- job dating -------------------------------------------------------------------------------
    @cached_property
    def event(self):
        from tests.jobdating.factories import EventFactory

        return EventFactory(advisors=[self.advisor])

    @cached_property
    def recruiter_registration(self):
        from tests.jobdating.factories import RecruiterRegistrationFactory

        return RecruiterRegistrationFactory(event=self.event, organisation=self.organisation_a)

    @cached_property
    def candidate_registration(self):
        from tests.jobdating.factories import CandidateRegistrationFactory

        self.candidate_profile  # noqa: B018
        return CandidateRegistrationFactory(event=self.event, user=self.candidate)

    @cached_property
    def schedule_run(self):
        from emploi_territoires.jobdating.models import ScheduleRun

        return ScheduleRun.objects.create(event=self.event)

    @cached_property
    def jobdating_day(self):
        """A job dating with a published schedule (tests/jobdating/day_setup.py): A and B recruit, Inès
        and five others are candidates."""
        from unittest import mock

        from django.test import override_settings

        from tests.applications.factories import CandidateProfileFactory
        from tests.jobdating import day_setup

        def profile(user):
            # Inès may already have her profile in this world: day_setup would create a second one.
            return getattr(user, "candidate_profile", None) or CandidateProfileFactory(user=user)

        with (
            override_settings(JOBDATING_NUM_WORKERS=1, JOBDATING_TIME_LIMIT=3.0, JOBDATING_SEED=7),
            mock.patch.object(day_setup, "CandidateProfileFactory", side_effect=profile),
        ):
            return day_setup.published_world(self.advisor, self.organisation_a, self.organisation_b, self.candidate)

    # --- mentoring --------------------------------------------------------------------------------
    @cached_property
    def mentoring(self) -> dict:
        """A programme managed by a manager (none of the roles), with a published pair: a mentor and Inès."""
        from emploi_territoires.mentoring import (
            services_followup,
            services_matching,
            services_profiles,
            services_programmes,
        )
        from emploi_territoires.mentoring.models import Enrolment, Programme
        from tests.factories import UserFactory, saint_etienne
        from tests.mentoring.conftest import make_mentee, make_mentor, rome

        manager = UserFactory(email="sandrine.chazal@exemple.fr", first_name="Sandrine", last_name="Chazal")
        programme = Programme.objects.create(
            name="Premiers pas pro Loire Sud",
            starts_on=datetime.date(2026, 9, 1),
            ends_on=datetime.date(2027, 6, 30),
        )
        programme.managers.add(manager)
        dev = rome("M1805", "Développeur / Développeuse informatique")
        mentor = make_mentor("karim.mentor@exemple.fr", "Karim", "Benali", saint_etienne(), dev)
        make_mentee(self.candidate, "Inès", "Haddad", saint_etienne(), [dev])
        services_profiles.enrol(programme, mentor, Enrolment.Role.MENTOR)
        services_profiles.enrol(programme, self.candidate, Enrolment.Role.MENTEE)
        run = services_matching.run_matching(programme, manager)
        pairs = services_matching.publish_run(run, manager, today=datetime.date(2026, 10, 1))
        # Another mentor and mentee, then a new run left unpublished (its proposals can be edited).
        accountant = rome("M1203", "Comptable")
        mentor_2 = make_mentor("paul.mentor@exemple.fr", "Paul", "Girard", saint_etienne(), accountant)
        mentee_2 = make_mentee("lucas.mentore@exemple.fr", "Lucas", "Morel", saint_etienne(), [accountant])
        services_profiles.enrol(programme, mentor_2, Enrolment.Role.MENTOR)
        services_profiles.enrol(programme, mentee_2, Enrolment.Role.MENTEE)
        draft_run = services_matching.run_matching(programme, manager)
        help_request = services_followup.request_help(
            pairs[0], self.candidate, "Nous n'arrivons pas à fixer de rendez-vous."
        )
        exclusion = services_programmes.add_exclusion(programme, mentor, self.candidate, "Déjà collègues")
        return {
            "manager": manager,
            "programme": programme,
            "mentor": mentor,
            "pair": pairs[0],
            "run": draft_run,
            "proposal": draft_run.proposals.get(),
            "help_request": help_request,
            "exclusion": exclusion,
        }

    # --- needs ------------------------------------------------------------------------------------
    @cached_property
    def campaign(self):
        from tests.needs.factories import NeedsCampaignFactory

        return NeedsCampaignFactory(created_by=self.advisor)

    @cached_property
    def invitation(self):
        from tests.needs.factories import CampaignInvitationFactory

        return CampaignInvitationFactory(campaign=self.campaign, organisation=self.organisation_a)

    @cached_property
    def declaration(self):
        from tests.needs.factories import NeedDeclarationFactory

        return NeedDeclarationFactory(organisation=self.organisation_a, campaign=self.invitation.campaign)

    # --- evaluation -------------------------------------------------------------------------------
    @cached_property
    def impact_study(self):
        """The minimum-wage panel of Callaway & Sant'Anna (2021), run by the Loire advisor."""
        import moderndid
        import pandas as pd

        from emploi_territoires.evaluation import services_impact
        from emploi_territoires.evaluation.impact.results import StudyParams

        path = Path(moderndid.__file__).parent / "core" / "datasets" / "mpdta_long.pkl.gz"
        table = pd.read_pickle(path).astype(str)  # noqa: S301 - a file of a pinned test dependency
        upload = io.BytesIO(table.to_csv(index=False).encode("utf-8"))
        upload.name = "mpdta.csv"
        panel = services_impact.load_uploaded_panel(
            upload, unit="countyreal", time="year", outcome="lemp", treatment_start="first.treat"
        )
        return services_impact.create_study(
            self.advisor,
            title="Salaire minimum et emploi des comtés",
            source_name="mpdta.csv",
            panel=panel,
            params=StudyParams(estimator="cs", control="never"),
        )

    def today(self) -> datetime.date:
        return timezone.localdate()

"""Mentor and mentee profile pages, and self-enrolment in an open programme."""

import datetime

import pytest
from django.urls import reverse

from emploi_territoires.accounts.models import User
from emploi_territoires.mentoring import services_enrolment, services_profiles
from emploi_territoires.mentoring.errors import MentoringError
from emploi_territoires.mentoring.models import Enrolment, MenteeProfile, MentorProfile, Programme
from emploi_territoires.territories.scope import ScopeKind
from tests.factories import UserFactory, clamecy, saint_etienne
from tests.mentoring.conftest import make_mentee, rome


@pytest.fixture
def mentor(db):
    return UserFactory(email="nadia.mentor@exemple.fr", first_name="Nadia", last_name="Roux", kind=User.Kind.MENTOR)


@pytest.fixture
def developer(db):
    return rome("M1805", "Développeur / Développeuse informatique")


def mentor_post(**overrides):
    data = {
        "occupation": "M1805", "sector": "Numérique", "experience_years": "18", "capacity": "2",
        "commune": "Saint-Étienne (42218)", "in_person": "on", "remote": "on", "languages": ["fr", "en"],
        "availability": ["mar-soir", "sam-matin"], "topics": ["first_job", "network"],
    }  # fmt: skip
    data.update(overrides)
    return data


def mentee_post(**overrides):
    data = {
        "field_of_study": "Master informatique", "field_domain": "M", "diploma_level": "7",
        "graduated_on": "2026-06-30", "occupation_1": "M1805", "experience_years": "1",
        "commune": "42218", "remote": "on", "languages": ["fr"], "availability": ["mar-soir"],
        "goals": ["cv_interview"],
    }  # fmt: skip
    data.update(overrides)
    return data


def test_mentor_creates_then_edits_own_profile(client, mentor, developer):
    saint_etienne()
    client.force_login(mentor)
    url = reverse("mentoring:mentor_profile")
    page = client.get(url).content.decode()
    assert "Mon profil de mentor" in page
    assert 'value="mar-soir"' in page  # the availability grid
    response = client.post(url, mentor_post())
    assert response.status_code == 302
    profile = MentorProfile.objects.get(user=mentor)
    assert (profile.capacity, profile.occupation_id, profile.commune_id) == (2, "M1805", "42218")
    assert profile.availability == ["mar-soir", "sam-matin"]
    assert profile.languages == ["fr", "en"]
    client.post(url, mentor_post(capacity="3", remote=""))
    profile.refresh_from_db()
    assert (profile.capacity, profile.remote, profile.in_person) == (3, False, True)
    assert "Développeur / Développeuse informatique (M1805)" in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"capacity": "4"}, "Un mentor accompagne une à trois personnes à la fois."),
        ({"capacity": "0"}, "Un mentor accompagne une à trois personnes à la fois."),
        ({"availability": []}, "Indiquez au moins un créneau de disponibilité valide (jour et moment)."),
        ({"in_person": "", "remote": ""}, "Acceptez au moins un mode de rencontre"),
        ({"topics": []}, "Choisissez au moins un sujet sur lequel vous pouvez aider."),
        ({"commune": "Nulle-Part-sur-Loire"}, "Commune inconnue"),
        ({"capacity": "deux"}, "Saisissez un nombre entier."),
    ],
)
def test_mentor_profile_bad_inputs_are_refused_in_french(client, mentor, developer, overrides, message):
    saint_etienne()
    client.force_login(mentor)
    response = client.post(reverse("mentoring:mentor_profile"), mentor_post(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MentorProfile.objects.filter(user=mentor).exists()


def test_profile_pages_are_each_persons_own(client, mentor, candidate, recruiter_b, developer):
    saint_etienne()
    mentor_url, mentee_url = reverse("mentoring:mentor_profile"), reverse("mentoring:mentee_profile")
    client.force_login(candidate)
    assert client.get(mentor_url).status_code == 404
    assert client.post(mentor_url, mentor_post()).status_code == 404
    assert not MentorProfile.objects.exists()
    client.force_login(mentor)
    assert client.get(mentee_url).status_code == 404
    client.force_login(recruiter_b)
    assert client.get(mentor_url).status_code == 404
    assert client.get(mentee_url).status_code == 404
    client.logout()
    for url in (mentor_url, mentee_url):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response.url or "/comptes/" in response.url


def test_mentee_profile_with_situation_needs_consent(client, candidate, developer):
    saint_etienne()
    client.force_login(candidate)
    url = reverse("mentoring:mentee_profile")
    response = client.post(url, mentee_post(qpv="on"))
    assert "Pour enregistrer votre situation, cochez la case de consentement." in response.content.decode()
    assert not MenteeProfile.objects.filter(user=candidate).exists()  # nothing half-written

    assert client.post(url, mentee_post(qpv="on", consent="on", occupation_2="M1805")).status_code == 302
    profile = MenteeProfile.objects.get(user=candidate)
    assert profile.is_qpv_resident and not profile.is_first_generation
    assert profile.situation_consent_version == services_profiles.SITUATION_CONSENT_VERSION
    assert [o.code for o in profile.wished_occupations.all()] == ["M1805"]
    assert profile.graduated_on == datetime.date(2026, 6, 30)

    # Unticking the consent withdraws it and clears the situation.
    client.post(url, mentee_post())
    profile.refresh_from_db()
    assert not profile.is_qpv_resident and profile.situation_consent_at is None
    assert services_profiles.SITUATION_CONSENT_TEXT[:40] in client.get(url).content.decode()


def test_mentee_profile_requires_field_domain_and_language(client, candidate, developer):
    saint_etienne()
    client.force_login(candidate)
    response = client.post(reverse("mentoring:mentee_profile"), mentee_post(field_domain="", languages=[]))
    page = response.content.decode()
    assert "Le profil n&#x27;est pas enregistré" in page or "Le profil n'est pas enregistré" in page
    assert not MenteeProfile.objects.exists()


# --- Self-enrolment --------------------------------------------------------------------------


@pytest.fixture
def open_programme(manager):
    programme = Programme.objects.create(
        name="Premiers pas pro Loire Sud", starts_on=datetime.date(2026, 9, 1), ends_on=datetime.date(2099, 6, 30)
    )
    programme.managers.add(manager)
    return programme


def test_mentor_enrols_once_and_manager_sees_it(client, mentor, developer, open_programme, manager):
    client.force_login(mentor)
    url = reverse("mentoring:enrol", args=[open_programme.pk])
    response = client.post(url, follow=True)
    assert "Ce mentor doit d&#x27;abord remplir son profil de mentor." in response.content.decode()
    services_profiles.save_mentor_profile(
        mentor, commune=saint_etienne(), occupation=developer, experience_years=12, capacity=1, languages=["fr"],
        availability=["mar-soir"], topics=["network"],
    )  # fmt: skip
    home = client.get(reverse("mentoring:home")).content.decode()
    assert "Premiers pas pro Loire Sud" in home, home[home.find("<main") :][:3000]
    assert "M'inscrire comme mentor" in home
    response = client.post(url, follow=True)
    assert "Vous êtes inscrit·e au programme « Premiers pas pro Loire Sud »." in response.content.decode()
    response = client.post(url, follow=True)
    assert "Vous êtes déjà inscrit·e à ce programme." in response.content.decode()
    assert Enrolment.objects.filter(programme=open_programme, user=mentor).count() == 1

    client.force_login(manager)
    page = client.get(open_programme.get_absolute_url()).content.decode()
    assert "Nadia Roux" in page and "Inscriptions" in page


def test_enrolment_refused_when_ended_or_outside_the_territory(client, candidate, developer, open_programme):
    make_mentee(candidate, "Inès", "Haddad", clamecy(), [developer])
    client.force_login(candidate)
    open_programme.scope_kind, open_programme.departement_id = ScopeKind.DEPARTEMENT, saint_etienne().departement_id
    open_programme.save()
    response = client.post(reverse("mentoring:enrol", args=[open_programme.pk]), follow=True)
    assert "qui ne comprend pas votre commune (Clamecy)" in response.content.decode()
    open_programme.scope_kind = ScopeKind.NATIONAL
    open_programme.ends_on = datetime.date(2026, 9, 30)
    open_programme.save()
    with pytest.raises(MentoringError, match="Ce programme est terminé"):
        services_enrolment.self_enrol(open_programme, candidate, today=datetime.date(2026, 10, 1))
    assert not Enrolment.objects.exists()


def test_a_mentee_sees_her_territory_s_programmes_first_and_whom_the_others_are_for(
    client, candidate, developer, open_programme
):
    """Inès lives in Clamecy: the Loire programme says it is for another territory (no button that can
    only fail); the national one and the Nièvre one can be joined, a demo programme like any other."""
    make_mentee(candidate, "Inès", "Haddad", clamecy(), [developer])
    open_programme.scope_kind, open_programme.departement_id = ScopeKind.DEPARTEMENT, saint_etienne().departement_id
    open_programme.save()
    national = Programme.objects.create(
        name="Mentorat national des jeunes diplômés (démo)", is_demo=True,
        starts_on=datetime.date(2026, 9, 1), ends_on=datetime.date(2099, 6, 30),
    )  # fmt: skip
    nievre = Programme.objects.create(
        name="Mentorat Nièvre", scope_kind=ScopeKind.DEPARTEMENT, departement_id=clamecy().departement_id,
        starts_on=datetime.date(2026, 10, 1), ends_on=datetime.date(2099, 6, 30),
    )  # fmt: skip
    client.force_login(candidate)
    page = client.get(reverse("mentoring:home")).content.decode()
    section = page.split('id="open-programmes"')[1].split("</section>")[0]
    order = [section.index(p.name) for p in (open_programme, national, nievre)]
    assert order[0] > max(order[1:])  # the programme she cannot join comes last
    loire_entry = section[order[0] :]
    assert "Réservé à un autre territoire que votre commune (Clamecy)." in loire_entry
    assert reverse("mentoring:enrol", args=[open_programme.pk]) not in section
    for programme in (national, nievre):
        assert f'action="{reverse("mentoring:enrol", args=[programme.pk])}"' in section
    response = client.post(reverse("mentoring:enrol", args=[national.pk]), follow=True)
    assert "Vous êtes inscrit·e au programme « Mentorat national des jeunes diplômés (démo) »." in (
        response.content.decode()
    )


def test_professionals_cannot_enrol_and_anonymous_goes_to_login(client, recruiter_b, open_programme):
    client.force_login(recruiter_b)
    response = client.post(reverse("mentoring:enrol", args=[open_programme.pk]), follow=True)
    assert "Seuls les mentors et les candidats peuvent s&#x27;inscrire" in response.content.decode()
    client.logout()
    response = client.post(reverse("mentoring:enrol", args=[open_programme.pk]))
    assert response.status_code == 302
    assert "login" in response.url or "/comptes/" in response.url
    assert not Enrolment.objects.exists()


def test_space_shows_the_mentoring_block_to_mentors_and_candidates_only(client, mentor, candidate, recruiter_b):
    for user, shown in ((mentor, "Mon profil de mentor"), (candidate, "Mon profil de mentoré·e")):
        client.force_login(user)
        page = client.get(reverse("accounts:space")).content.decode()
        assert 'id="mentoring"' in page and shown in page
    client.force_login(recruiter_b)
    assert 'id="mentoring"' not in client.get(reverse("accounts:space")).content.decode()


def test_home_lists_open_programmes_with_pinned_queries(client, pool, programme, django_assert_max_num_queries):
    loire = saint_etienne().departement
    for i in range(5):
        Programme.objects.create(
            name=f"Mentorat Loire {i}", starts_on=datetime.date(2026, 9, 1), ends_on=datetime.date(2099, 6, 30),
            scope_kind=ScopeKind.DEPARTEMENT, departement=loire,
        )  # fmt: skip
    Programme.objects.create(
        name="Mentorat terminé", starts_on=datetime.date(2025, 9, 1), ends_on=datetime.date(2026, 6, 30)
    )
    client.force_login(pool["karim"])
    with django_assert_max_num_queries(10):
        page = client.get(reverse("mentoring:home")).content.decode()
    assert page.count("comme mentor</button>") == 5  # already enrolled in the sixth one
    assert "Me désinscrire" in page and "Département : " in page
    assert "Mentorat terminé" not in page
    assert "Mon profil de mentor" in page


def test_mentor_withdraws_enrolment(client, pool, programme):
    client.force_login(pool["karim"])
    url = reverse("mentoring:unenrol", args=[programme.pk])
    response = client.post(url, follow=True)
    assert "Votre inscription au programme « Premiers pas pro Loire Sud » est retirée." in response.content.decode()
    assert not Enrolment.objects.get(programme=programme, user=pool["karim"]).is_active
    assert "Vous n&#x27;êtes pas inscrit·e à ce programme." in client.post(url, follow=True).content.decode()

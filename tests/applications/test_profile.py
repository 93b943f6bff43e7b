"""The candidate profile form: creation with the processing consent, every validation error in
French with nothing written, the situation and its consent, the advisor, the activity clock."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from emploi_territoires.applications import services_profile
from emploi_territoires.applications.models import AuditEvent, CandidateProfile, Consent, Visibility
from emploi_territoires.core.storage import private_storage
from tests.applications import cv_files
from tests.applications.factories import CandidateProfileFactory
from tests.factories import clamecy, saint_etienne
from tests.offers.factories import RomeOccupationFactory

EDIT = reverse("applications:profile_edit")
PROFILE = reverse("applications:profile")


@pytest.fixture
def occupations(db):
    return [
        RomeOccupationFactory(),
        RomeOccupationFactory(code="K1802", label="Développement local"),
        RomeOccupationFactory(code="M1402", label="Conseil en organisation et management d'entreprise"),
    ]


@pytest.fixture
def communes(db):
    return saint_etienne(), clamecy()


def form_data(**overrides):
    data = {
        "first_name": "Inès",
        "last_name": "Haddad",
        "phone": "06 12 34 56 78",
        "commune": "Saint-Étienne (42218)",
        "mobility_radius_km": "30",
        "headline": "Chargée de mission développement économique",
        "occupation_1": "Chargé / Chargée d'études socio-économiques (M1403)",
        "occupation_2": "K1802",
        "skills": "animation de réseau, marchés publics ; conduite de projet",
        "experience_years": "3",
        "diploma_level": "7",
        "available_from": "",
        "remote_preference": "partial",
        "summary": "Trois ans auprès des entreprises du Forez.",
        "visibility": "private",
        "language_en": "B2",
        "language_es": "A2",
        "profile_consent": "on",
    }
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


@pytest.fixture
def candidate_client(client, candidate, occupations, communes):
    client.force_login(candidate)
    return client


# --- Access --------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(anonymous_client):
    for url in (PROFILE, EDIT, reverse("applications:my_data"), reverse("applications:delete_account")):
        response = anonymous_client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_professionals_have_no_candidate_profile(client, recruiter_a):
    client.force_login(recruiter_a)
    assert client.get(EDIT).status_code == 403
    assert client.get(PROFILE).status_code == 403


def test_without_profile_my_profile_leads_to_the_form(candidate_client):
    response = candidate_client.get(PROFILE)
    assert response.status_code == 302
    assert response["Location"] == EDIT
    page = candidate_client.get(EDIT).content.decode()
    assert "Créer mon profil" in page
    assert services_profile.CONSENT_TEXTS["profile"].text in page


def test_space_invites_the_candidate_to_complete_the_profile(candidate_client, candidate):
    page = candidate_client.get(reverse("accounts:space")).content.decode()
    assert "Compléter mon profil" in page
    CandidateProfileFactory(user=candidate)
    page = candidate_client.get(reverse("accounts:space")).content.decode()
    assert "Voir mon profil" in page


# --- Creation ------------------------------------------------------------------------------------


def test_create_profile_records_the_consent_with_its_version(candidate_client, candidate):
    response = candidate_client.post(EDIT, form_data())
    assert response.status_code == 302, response.content.decode()[:3000]
    profile = CandidateProfile.objects.get(user=candidate)
    assert profile.commune_id == "42218"
    assert profile.phone == "06 12 34 56 78"
    assert sorted(profile.wanted_occupations.values_list("code", flat=True)) == ["K1802", "M1403"]
    assert profile.skills == ["animation de réseau", "marchés publics", "conduite de projet"]
    assert profile.languages == [{"code": "en", "level": "B2"}, {"code": "es", "level": "A2"}]
    assert profile.diploma_level == 7
    assert profile.last_activity_at is not None
    consent = Consent.objects.get(user=candidate)
    assert (consent.purpose, consent.text_version) == ("profile", services_profile.CONSENT_TEXTS["profile"].version)
    assert consent.given_at is not None
    actions = set(AuditEvent.objects.filter(subject_user_id=candidate.pk).values_list("action", flat=True))
    assert {"profile_created", "consent_given"} <= actions
    page = candidate_client.get(PROFILE).content.decode()
    assert "Développement local (K1802)" in page
    assert "Anglais — B2 (avancé)" in page


def test_phone_written_the_international_way_is_normalised(candidate_client, candidate):
    candidate_client.post(EDIT, form_data(phone="+33 (0)4.77.12.34.56".replace("(0)", "")))
    assert CandidateProfile.objects.get(user=candidate).phone == "04 77 12 34 56"


INVALID = [
    ({"profile_consent": None}, "profile_consent", "Cochez cette case pour créer votre profil"),
    ({"first_name": ""}, "first_name", "Ce champ est obligatoire"),
    ({"commune": "Saint-Nulle-Part"}, "commune", "Commune inconnue"),
    ({"commune": ""}, "commune", "Ce champ est obligatoire"),
    ({"phone": "12 34"}, "phone", "Numéro de téléphone invalide"),
    ({"phone": "+44 20 7946 0958"}, "phone", "Numéro de téléphone invalide"),
    ({"mobility_radius_km": "250"}, "mobility_radius_km", "de 0 à 200 km"),
    ({"mobility_radius_km": "-5"}, "mobility_radius_km", "de 0 à 200 km"),
    ({"mobility_radius_km": "trente"}, "mobility_radius_km", "Saisissez un nombre entier"),
    ({"experience_years": "60"}, "experience_years", "de 0 à 50"),
    ({"diploma_level": "2"}, "diploma_level", "Sélectionnez un choix valide"),
    ({"skills": ", ".join(f"compétence {i}" for i in range(31))}, "skills", "30 compétences au maximum"),
    ({"skills": "x" * 61}, "skills", "60 caractères au maximum"),
    ({"occupation_1": "K1802", "occupation_2": "K1802"}, "occupation_1", "deux fois"),
    ({"occupation_3": "Z9999"}, "occupation_3", "Métier inconnu du répertoire ROME"),
    ({"language_de": "expert"}, "language_de", "Sélectionnez un choix valide"),
    ({"available_from": "2099-01-01"}, "available_from", "plus de trois ans"),
    ({"summary": "a" * 3001}, "summary", "3\u00a0000 caractères au maximum"),
    ({"visibility": "territories"}, "visible_departements", "au moins un département ou un programme"),
    ({"visibility": "public"}, "visibility", "Sélectionnez un choix valide"),
    ({"visibility": "territories", "visible_programmes": "xyz"}, "visible_programmes", "Sélectionnez un choix valide"),
    ({"is_job_seeker": "on"}, "situation_consent", "cochez la case de consentement"),
    ({"is_young_graduate": "on", "situation_consent": "on"}, "graduated_on", "date d'obtention"),
    (
        {"is_young_graduate": "on", "situation_consent": "on", "graduated_on": "2019-06-30"},
        "graduated_on",
        "depuis plus de deux ans",
    ),
    (
        {"is_young_graduate": "on", "situation_consent": "on", "graduated_on": "2099-06-30"},
        "graduated_on",
        "dans le futur",
    ),
    (
        {"commune": "Clamecy (58079)", "is_qpv_resident": "on", "situation_consent": "on"},
        "is_qpv_resident",
        "Clamecy ne compte aucun quartier prioritaire",
    ),
]


@pytest.mark.parametrize(("overrides", "field", "message"), INVALID)
def test_each_error_is_shown_in_french_and_nothing_is_written(candidate_client, candidate, overrides, field, message):
    response = candidate_client.post(EDIT, form_data(**overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert any(message in error for error in form.errors[field]), form.errors[field]
    assert "Le profil n'est pas enregistré" in response.content.decode()
    assert not CandidateProfile.objects.filter(user=candidate).exists()
    assert not Consent.objects.filter(user=candidate).exists()
    assert not AuditEvent.objects.filter(subject_user_id=candidate.pk).exists()
    candidate.refresh_from_db()
    assert candidate.first_name == "Inès"


def test_an_error_on_edit_leaves_the_profile_as_it_was(candidate_client, candidate):
    candidate_client.post(EDIT, form_data())
    profile = CandidateProfile.objects.get(user=candidate)
    response = candidate_client.post(
        EDIT, form_data(profile_consent=None, first_name="Inès-Marie", mobility_radius_km="500", skills="urbanisme")
    )
    assert response.status_code == 200
    profile.refresh_from_db()
    candidate.refresh_from_db()
    assert profile.mobility_radius_km == 30
    assert profile.skills == ["animation de réseau", "marchés publics", "conduite de projet"]
    assert candidate.first_name == "Inès"


def test_editing_does_not_ask_the_profile_consent_again(candidate_client, candidate):
    candidate_client.post(EDIT, form_data())
    response = candidate_client.post(EDIT, form_data(profile_consent=None, mobility_radius_km="80"))
    assert response.status_code == 302
    assert CandidateProfile.objects.get(user=candidate).mobility_radius_km == 80
    assert Consent.objects.filter(user=candidate, purpose="profile").count() == 1


def test_occupations_limited_to_five_fields(candidate_client):
    form = candidate_client.get(EDIT).context["form"]
    assert [name for name in form.fields if name.startswith("occupation_")] == [f"occupation_{i}" for i in range(1, 6)]
    assert 'hx-get="/offres/espace/metiers/"' in candidate_client.get(EDIT).content.decode()


def test_service_refuses_six_occupations(candidate, occupations, communes):
    data = services_profile.ProfileData(
        first_name="Inès", last_name="Haddad", commune=communes[0], occupations=occupations * 2, profile_consent=True
    )
    with pytest.raises(services_profile.ProfileError) as error:
        services_profile.save_profile(candidate, data)
    assert "5 métiers au maximum" in " ".join(error.value.errors["occupations"])
    assert not CandidateProfile.objects.filter(user=candidate).exists()


# --- Situation and its consent ---------------------------------------------------------------------


def test_situation_is_recorded_with_its_consent_then_withdrawn(candidate_client, candidate):
    graduated = timezone.localdate() - datetime.timedelta(days=200)
    response = candidate_client.post(
        EDIT,
        form_data(
            is_young_graduate="on",
            graduated_on=graduated.isoformat(),
            is_qpv_resident="on",
            situation_consent="on",
        ),
    )
    assert response.status_code == 302
    profile = CandidateProfile.objects.get(user=candidate)
    assert (profile.is_young_graduate, profile.graduated_on, profile.is_qpv_resident) == (True, graduated, True)
    consent = Consent.objects.get(user=candidate, purpose="situation")
    assert consent.text_version == services_profile.CONSENT_TEXTS["situation"].version
    assert consent.withdrawn_at is None

    response = candidate_client.post(reverse("applications:situation_withdraw"))
    assert response.status_code == 302
    profile.refresh_from_db()
    consent.refresh_from_db()
    assert (profile.is_young_graduate, profile.graduated_on, profile.is_qpv_resident) == (False, None, False)
    assert consent.withdrawn_at is not None
    assert AuditEvent.objects.filter(subject_user_id=candidate.pk, action="consent_withdrawn").exists()
    assert candidate_client.get(reverse("applications:situation_withdraw")).status_code == 405


def test_visibility_in_territories_records_its_consent(candidate_client, candidate):
    response = candidate_client.post(
        EDIT, form_data(visibility="territories", visible_departements="42", visible_programmes=["pvd", "ti"])
    )
    assert response.status_code == 302
    profile = CandidateProfile.objects.get(user=candidate)
    assert profile.visibility == Visibility.TERRITORIES
    assert list(profile.visible_departements.values_list("code", flat=True)) == ["42"]
    assert profile.visible_programmes == ["pvd", "ti"]
    assert Consent.objects.filter(user=candidate, purpose="visibility", withdrawn_at__isnull=True).exists()
    candidate_client.post(EDIT, form_data(profile_consent=None, visibility="private"))
    profile.refresh_from_db()
    assert profile.visible_programmes == []
    assert not Consent.objects.filter(user=candidate, purpose="visibility", withdrawn_at__isnull=True).exists()
    assert AuditEvent.objects.filter(subject_user_id=candidate.pk, action="visibility_changed").exists()


# --- The CV through the form -------------------------------------------------------------------------


def test_cv_uploaded_with_the_profile(candidate_client, candidate, settings):
    response = candidate_client.post(EDIT, {**form_data(), "cv": cv_files.pdf()})
    assert response.status_code == 302
    profile = CandidateProfile.objects.get(user=candidate)
    assert profile.cv.name.startswith("cv/") and profile.cv.name.endswith(".pdf")
    assert "Haddad" not in profile.cv.name  # random name in the storage
    assert profile.cv_original_name == "CV Inès Haddad.pdf"
    assert profile.cv_content_type == "application/pdf"
    assert private_storage().exists(profile.cv.name)
    # In this test's private folder (the field follows STORAGES["private"]), never in the project's.
    location = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    assert (location / profile.cv.name).is_file()
    assert profile.cv.read()[:5] == b"%PDF-"


def test_renamed_executable_refused_through_the_form(candidate_client, candidate, tmp_path):
    response = candidate_client.post(EDIT, {**form_data(), "cv": cv_files.upload("cv.pdf", cv_files.EXE_BYTES)})
    assert response.status_code == 200
    assert "programme Windows" in " ".join(response.context["form"].errors["cv"])
    assert not CandidateProfile.objects.filter(user=candidate).exists()
    private = tmp_path / "private"
    assert not private.exists() or not any(p.is_file() for p in private.rglob("*"))


def test_replacing_the_cv_deletes_the_old_file_after_commit(
    candidate_client, candidate, django_capture_on_commit_callbacks
):
    candidate_client.post(EDIT, {**form_data(), "cv": cv_files.pdf()})
    profile = CandidateProfile.objects.get(user=candidate)
    old_name = profile.cv.name
    with django_capture_on_commit_callbacks(execute=True):
        response = candidate_client.post(
            EDIT, {**form_data(profile_consent=None), "cv": cv_files.upload("cv.odt", cv_files.odt_bytes())}
        )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.cv.name.endswith(".odt")
    assert private_storage().exists(profile.cv.name)
    assert not private_storage().exists(old_name)


def test_remove_the_cv(candidate_client, candidate, django_capture_on_commit_callbacks):
    candidate_client.post(EDIT, {**form_data(), "cv": cv_files.pdf()})
    old_name = CandidateProfile.objects.get(user=candidate).cv.name
    with django_capture_on_commit_callbacks(execute=True):
        candidate_client.post(EDIT, form_data(profile_consent=None, remove_cv="on"))
    profile = CandidateProfile.objects.get(user=candidate)
    assert not profile.cv
    assert not private_storage().exists(old_name)
    assert AuditEvent.objects.filter(subject_user_id=candidate.pk, action="cv_deleted").exists()


def test_a_failed_transaction_leaves_no_new_file(candidate, occupations, communes, monkeypatch, tmp_path):
    def explode(*args, **kwargs):
        raise RuntimeError("panne de base de données")

    monkeypatch.setattr(services_profile, "_record_consent", explode)
    data = services_profile.ProfileData(
        first_name="Inès", last_name="Haddad", commune=communes[0], profile_consent=True
    )
    with pytest.raises(RuntimeError):
        services_profile.save_profile(candidate, data, cv=cv_files.pdf())
    assert not CandidateProfile.objects.filter(user=candidate).exists()
    assert not any(p.is_file() for p in (tmp_path / "private").rglob("*"))


# --- The activity clock ------------------------------------------------------------------------------


def test_login_restarts_the_activity_clock_and_cancels_a_warning(client, candidate):
    long_ago = timezone.now() - datetime.timedelta(days=700)
    profile = CandidateProfileFactory(user=candidate, last_activity_at=long_ago, inactivity_warned_at=long_ago)
    client.post(reverse("accounts:login"), {"username": candidate.email, "password": "Clamecy-Nievre-2026"})
    profile.refresh_from_db()
    assert profile.last_activity_at > timezone.now() - datetime.timedelta(minutes=1)
    assert profile.inactivity_warned_at is None


def test_touch_activity_with_a_fixed_moment(candidate):
    profile = CandidateProfileFactory(user=candidate)
    moment = timezone.now() + datetime.timedelta(days=3)
    services_profile.touch_activity(candidate, moment)
    profile.refresh_from_db()
    assert profile.last_activity_at == moment


# --- Pages ---------------------------------------------------------------------------------------


def test_my_data_page_lists_consents_with_their_version(candidate_client, candidate, django_assert_max_num_queries):
    candidate_client.post(
        EDIT,
        form_data(
            is_job_seeker="on", situation_consent="on", visibility="territories", visible_programmes=["acv", "pvd"]
        ),
    )
    with django_assert_max_num_queries(8):
        response = candidate_client.get(reverse("applications:my_data"))
    page = response.content.decode()
    assert response.status_code == 200
    for label in ("Traitement de mon profil pour candidater", "Situation déclarée", "Profil visible des recruteurs"):
        assert label in page
    assert page.count("2026-01") == 2  # the profile and visibility texts
    assert page.count("2026-12") == 1  # the situation text, with the situations of issue 15
    assert "Supprimer mon compte" in page


def test_profile_page_query_count(candidate_client, candidate, advisor, django_assert_max_num_queries):
    candidate_client.post(
        EDIT,
        {
            **form_data(is_qpv_resident="on", situation_consent="on"),
            "cv": cv_files.pdf(),
        },
    )
    with django_assert_max_num_queries(14):
        response = candidate_client.get(PROFILE)
    page = response.content.decode()
    assert "Mon accompagnement" in page  # who accompanies the person: the followup app (issue 15)
    assert "Habitant·e d'un quartier prioritaire" in page
    assert "CV Inès Haddad.pdf" in page
    assert "Retirer mon consentement" in page


def test_delete_account_page_asks_the_password(candidate_client):
    page = candidate_client.get(reverse("applications:delete_account")).content.decode()
    assert "Cette action est définitive" in page
    assert 'type="password"' in page


def test_profile_form_returns_to_the_offer_the_candidate_came_from(candidate_client):
    offer_url = "/offres/42/chef-de-projet-petites-villes-de-demain/#apply"
    page = candidate_client.get(EDIT, {"next": offer_url}).content.decode()
    assert f'name="next" value="{offer_url}"' in page
    response = candidate_client.post(EDIT, form_data(next=offer_url))
    assert response.status_code == 302
    assert response["Location"] == offer_url
    # Another site is never a destination (no open redirect): back to the profile.
    response = candidate_client.post(EDIT, form_data(next="https://exemple.com/phishing"))
    assert response["Location"] == PROFILE
    assert 'name="next"' not in candidate_client.get(EDIT, {"next": "https://exemple.com/"}).content.decode()

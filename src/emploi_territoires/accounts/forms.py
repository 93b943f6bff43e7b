"""Forms of the accounts app: they parse and check input; services.py does the writing."""

from __future__ import annotations

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm, SetPasswordMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.template.loader import render_to_string
from dsfr.forms import DsfrBaseForm

from emploi_territoires.core.tasks import send_email_on_commit
from emploi_territoires.territories.forms import CommuneField, commune_label, resolve_commune  # noqa: F401 (re-exported)

from . import throttle
from .models import LegalNature, Membership, Organisation, User
from .services import SELF_SERVICE_KINDS, OrganisationData, normalize_email
from .validators import normalize_identifier, validate_siren, validate_siret

EMAIL_ERRORS = {"invalid": "Saisissez une adresse e-mail valide, par exemple prenom.nom@exemple.fr."}


class ThrottledLoginMixin:
    """Refuse an authentication form for a while after too many failures (see throttle.py).

    Shared by the main login and the admin login, on the same counters: a lock on one holds on
    the other, so the admin login is no way around it.
    """

    def clean(self):
        email = normalize_email(self.cleaned_data.get("username") or "")
        if email and throttle.is_locked(email, self.request):
            raise ValidationError(throttle.lockout_message(), code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError:
            if email:
                throttle.record_failure(email, self.request)
            raise
        if email:
            throttle.record_success(email)
        return cleaned


class LoginForm(ThrottledLoginMixin, DsfrBaseForm, AuthenticationForm):
    """Email + password, refused for a while after too many failures (see throttle.py)."""

    username = forms.EmailField(
        error_messages=EMAIL_ERRORS,
        label="Adresse e-mail",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": (
            "Adresse e-mail ou mot de passe incorrect. Vérifiez votre saisie, ou réinitialisez votre mot de passe."
        ),
        "inactive": "Ce compte est désactivé. Écrivez à l'équipe de la plateforme.",
    }


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """The Django admin's login (/admin/login/), on the main login's throttle."""


class SignupForm(SetPasswordMixin, DsfrBaseForm):
    CREATE = "create"
    JOIN = "join"

    kind = forms.ChoiceField(
        label="Vous êtes",
        choices=User.Kind.choices,
        widget=forms.RadioSelect,
        initial=User.Kind.PROFESSIONAL,
    )
    organisation_choice = forms.ChoiceField(
        label="Votre organisation (comptes professionnels)",
        choices=[
            (CREATE, "Je crée mon organisation (je remplis la partie « Organisation » ci-dessous)"),
            (JOIN, "Je rejoins une organisation déjà inscrite (son administrateur m'invitera)"),
        ],
        widget=forms.RadioSelect,
        required=False,
        initial=CREATE,
    )
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    email = forms.EmailField(
        error_messages=EMAIL_ERRORS,
        label="Adresse e-mail",
        help_text="Elle sert d'identifiant de connexion.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1, password2 = SetPasswordMixin.create_password_fields(
        label1="Mot de passe", label2="Confirmation du mot de passe"
    )

    def __init__(self, *args, request: HttpRequest | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_email(self) -> str:
        email = normalize_email(self.cleaned_data["email"])
        # Checked first, for any address: once locked, a taken and a free address look the same.
        if throttle.signup_is_locked(self.request):
            raise ValidationError(throttle.signup_lockout_message(), code="throttled")
        if User.objects.filter(email__iexact=email).exists():
            throttle.record_signup_taken(self.request)
            raise ValidationError(
                "Un compte existe déjà avec cette adresse e-mail. Connectez-vous, ou réinitialisez "
                "votre mot de passe si vous l'avez oublié.",
                code="duplicate_email",
            )
        return email

    def clean(self):
        cleaned = super().clean()
        self.validate_passwords()
        if cleaned.get("kind") == User.Kind.PROFESSIONAL and not cleaned.get("organisation_choice"):
            self.add_error("organisation_choice", "Indiquez si vous créez ou rejoignez une organisation.")
        # Password rules compare the password with the name and email, as on any User.
        probe = User(
            email=cleaned.get("email") or "",
            first_name=cleaned.get("first_name") or "",
            last_name=cleaned.get("last_name") or "",
        )
        self.validate_password_for_user(probe)
        return cleaned

    @property
    def creates_organisation(self) -> bool:
        return (
            self.cleaned_data.get("kind") == User.Kind.PROFESSIONAL
            and self.cleaned_data.get("organisation_choice") == self.CREATE
        )


class OrganisationForm(DsfrBaseForm):
    name = forms.CharField(label="Nom de l'organisation", max_length=200)
    kind = forms.ChoiceField(label="Type d'organisation", choices=[(k.value, k.label) for k in SELF_SERVICE_KINDS])
    legal_nature = forms.ChoiceField(
        label="Nature juridique",
        required=False,
        choices=[("", "Non précisée"), *LegalNature.choices],
        help_text="Pour une collectivité ou un groupement : elle décide, avec la commune, de l'éligibilité au "
        "volontariat territorial en administration (VTA).",
    )
    commune = CommuneField()
    siren = forms.CharField(
        label="SIREN",
        required=False,
        max_length=20,
        help_text="9 chiffres, obligatoire pour une collectivité (ex. : 244 200 770).",
    )
    siret = forms.CharField(
        label="SIRET",
        required=False,
        max_length=24,
        help_text="14 chiffres, obligatoire pour une entreprise.",
    )
    description = forms.CharField(label="Présentation", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    website = forms.URLField(label="Site web", required=False, assume_scheme="https")
    # Issue 17: who the person is for the organisation, checked by the advisor who verifies it.
    requester_mandate = forms.CharField(
        label="Votre fonction dans l'organisation",
        max_length=150,
        help_text="Par exemple « DGS », « secrétaire de mairie », « maire adjoint chargé du personnel ». "
        "Un conseiller la vérifie avant que l'organisation publie en son nom.",
    )

    def __init__(self, *args, allow_all_kinds: bool = False, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if allow_all_kinds:
            self.fields["kind"].choices = Organisation.Kind.choices
        if not creating:  # asked once, of the person who registers the organisation
            del self.fields["requester_mandate"]

    @classmethod
    def initial_from(cls, org: Organisation) -> dict[str, str]:
        return {
            "name": org.name,
            "kind": org.kind,
            "legal_nature": org.legal_nature,
            "commune": commune_label(org.commune),
            "siren": org.siren,
            "siret": org.siret,
            "description": org.description,
            "website": org.website,
        }

    def clean_siren(self) -> str:
        siren = normalize_identifier(self.cleaned_data["siren"])
        if siren:
            validate_siren(siren)
        return siren

    def clean_siret(self) -> str:
        siret = normalize_identifier(self.cleaned_data["siret"])
        if siret:
            validate_siret(siret)
        return siret

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == Organisation.Kind.COLLECTIVITE and not cleaned.get("siren") and "siren" not in self.errors:
            self.add_error("siren", "Le SIREN de la collectivité est obligatoire.")
        if kind == Organisation.Kind.ENTREPRISE and not cleaned.get("siret") and "siret" not in self.errors:
            self.add_error("siret", "Le SIRET de l'entreprise est obligatoire.")
        return cleaned

    def to_data(self) -> OrganisationData:
        c = self.cleaned_data
        return OrganisationData(
            name=c["name"],
            kind=c["kind"],
            legal_nature=c.get("legal_nature", ""),
            commune=c["commune"],
            siren=c.get("siren", ""),
            siret=c.get("siret", ""),
            description=c.get("description", ""),
            website=c.get("website", ""),
        )

    @property
    def mandate(self) -> str:
        return self.cleaned_data.get("requester_mandate", "")


class AddMemberForm(DsfrBaseForm):
    email = forms.EmailField(
        error_messages=EMAIL_ERRORS,
        label="Adresse e-mail de la personne",
        help_text="Elle recevra une invitation à accepter ; sans compte, un lien personnel pour le créer.",
    )
    role = forms.ChoiceField(label="Rôle", choices=Membership.Role.choices, initial=Membership.Role.MEMBER)


class RoleForm(DsfrBaseForm):
    role = forms.ChoiceField(label="Rôle", choices=Membership.Role.choices)


class SwitchOrganisationForm(forms.Form):
    organisation = forms.IntegerField(min_value=1)
    next = forms.CharField(required=False, max_length=500)


class FrenchPasswordResetForm(DsfrBaseForm, PasswordResetForm):
    email = forms.EmailField(
        error_messages=EMAIL_ERRORS,
        label="Adresse e-mail de votre compte",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Render the message now, send it from the task worker (a slow SMTP never blocks the page)."""
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        html = render_to_string(html_email_template_name, context) if html_email_template_name else ""
        send_email_on_commit(subject, body, [to_email], html_body=html)


class FrenchSetPasswordForm(DsfrBaseForm, SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "Nouveau mot de passe"
        self.fields["new_password1"].help_text = password_validation.password_validators_help_text_html()
        self.fields["new_password2"].label = "Confirmation du nouveau mot de passe"

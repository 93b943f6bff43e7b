"""Forms of issue 17's identity views (accounts/views_identity.py)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import SetPasswordMixin
from dsfr.forms import DsfrBaseForm

from .models import User


class InvitationSignupForm(SetPasswordMixin, DsfrBaseForm):
    """The invited person's account: the address is the invited one (the link proves it)."""

    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    password1, password2 = SetPasswordMixin.create_password_fields(
        label1="Mot de passe", label2="Confirmation du mot de passe"
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        self.validate_passwords()
        probe = User(
            email=self.email, first_name=cleaned.get("first_name") or "", last_name=cleaned.get("last_name") or ""
        )
        self.validate_password_for_user(probe)
        return cleaned

from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Authenticate by email, case-insensitively (USERNAME_FIELD is `email`)."""

    def authenticate(self, request, username=None, password=None, **kwargs):  # type: ignore[override]
        email = kwargs.get("email") or username
        if email:
            email = email.strip().lower()
        return super().authenticate(request, username=email, password=password, **kwargs)

"""E-mail backends for the operations tests."""

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses the connection (down, or unreachable)."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("connexion refusée par le serveur de messagerie")

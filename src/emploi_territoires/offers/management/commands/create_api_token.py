"""Create an API token for an organisation and print its key (once: only its hash is kept)."""

from django.core.management.base import BaseCommand, CommandError

from emploi_territoires.accounts.models import Organisation
from emploi_territoires.offers.api_tokens import create_token


class Command(BaseCommand):
    help = "Crée un jeton d'API d'écriture des offres pour une organisation et affiche sa clé (une seule fois)."

    def add_arguments(self, parser):
        parser.add_argument("organisation_id", type=int)
        parser.add_argument("name", help="nom du jeton, par exemple « Logiciel RH »")

    def handle(self, *args, organisation_id: int, name: str, **options):
        organisation = Organisation.objects.filter(pk=organisation_id).first()
        if organisation is None:
            raise CommandError(f"Aucune organisation n° {organisation_id}.")
        token, key = create_token(organisation, name)
        self.stdout.write(f"Jeton « {token.name} » créé pour {organisation} (préfixe {token.prefix}).")
        self.stdout.write("Clé, à conserver maintenant : elle ne sera plus jamais affichée.")
        self.stdout.write(key)

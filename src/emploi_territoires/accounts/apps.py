from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "emploi_territoires.accounts"
    verbose_name = "Comptes et organisations"

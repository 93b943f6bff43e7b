"""SIREN and SIRET checks (INSEE identifiers of legal units and their establishments).

Both end with a Luhn check digit. La Poste is the one documented exception: its establishments
(SIREN 356000000) were numbered before the rule, so their SIRETs instead have a digit sum that
is a multiple of 5 (the head office, 35600000000048, also passes Luhn).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

LA_POSTE_SIREN = "356000000"
_SEPARATORS = re.compile(r"[\s.\-]")


def normalize_identifier(value: str) -> str:
    """Drop the spaces, dots and dashes people type or paste ("244 200 770")."""
    return _SEPARATORS.sub("", value or "")


def luhn_is_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def is_valid_siren(value: str) -> bool:
    digits = normalize_identifier(value)
    return len(digits) == 9 and digits.isascii() and digits.isdigit() and luhn_is_valid(digits)


def is_valid_siret(value: str) -> bool:
    digits = normalize_identifier(value)
    if len(digits) != 14 or not (digits.isascii() and digits.isdigit()):
        return False
    if not is_valid_siren(digits[:9]):
        return False
    if luhn_is_valid(digits):
        return True
    return digits.startswith(LA_POSTE_SIREN) and sum(int(c) for c in digits) % 5 == 0


def is_impossible_siren(digits: str) -> bool:
    """Numbers the Luhn key accepts but INSEE never gives: one digit repeated (000000000) or a
    leading 000 (SIRENs are allocated from 1xx xxx xxx for the State, 2xx for local authorities)."""
    return len(set(digits)) == 1 or digits.startswith("000")


def validate_siren(value: str) -> None:
    digits = normalize_identifier(value)
    if len(digits) != 9 or not (digits.isascii() and digits.isdigit()):
        raise ValidationError("Le SIREN compte 9 chiffres.", code="siren_format")
    if is_impossible_siren(digits):
        raise ValidationError(
            "Ce SIREN n'existe pas. Recopiez celui de votre avis de situation SIRENE.", code="siren_impossible"
        )
    if not is_valid_siren(digits):
        raise ValidationError(
            "Ce SIREN n'existe pas : sa clé de contrôle est fausse. Vérifiez chaque chiffre.",
            code="siren_checksum",
        )


def validate_siret(value: str) -> None:
    digits = normalize_identifier(value)
    if len(digits) != 14 or not (digits.isascii() and digits.isdigit()):
        raise ValidationError(
            "Le SIRET compte 14 chiffres (les 9 du SIREN puis les 5 de l'établissement).",
            code="siret_format",
        )
    if not is_valid_siret(digits):
        raise ValidationError(
            "Ce SIRET n'existe pas : sa clé de contrôle est fausse. Vérifiez chaque chiffre.",
            code="siret_checksum",
        )


def validate_collectivite_siren(value: str) -> None:
    """A collectivité's SIREN: valid, in the local authorities' range (2xx xxx xxx: communes 21,
    départements 22, régions 23, EPCI and syndicates 20/24/25), and, for a commune or an EPCI à
    fiscalité propre, the one of the COG copy (territories) when it is loaded."""
    from emploi_territoires.territories.models import EPCI, Commune

    validate_siren(value)
    digits = normalize_identifier(value)
    if not digits.startswith("2"):
        raise ValidationError(
            "Le SIREN d'une collectivité commence par 2 (communes, départements, régions, intercommunalités). "
            "Une entreprise s'inscrit comme « entreprise », avec son SIRET.",
            code="siren_not_collectivite",
        )
    communes_loaded = Commune.objects.exclude(siren="").exists()
    if digits.startswith("21") and communes_loaded and not Commune.objects.filter(siren=digits).exists():
        raise ValidationError(
            "Ce SIREN n'est celui d'aucune commune du code officiel géographique. Vérifiez chaque chiffre.",
            code="siren_unknown_commune",
        )
    if digits.startswith("24") and EPCI.objects.exists() and not EPCI.objects.filter(siren=digits).exists():
        raise ValidationError(
            "Ce SIREN n'est celui d'aucune intercommunalité du code officiel géographique. Vérifiez chaque chiffre.",
            code="siren_unknown_epci",
        )

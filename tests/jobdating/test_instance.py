"""The JSON format: what is accepted, and the French message for each thing that is not."""

import json

import pytest

from emploi_territoires.jobdating.solver.instance import (
    InstanceError,
    instance_to_json,
    load_instance,
    parse_instance,
)


def valid():
    return {
        "slots": 24,
        "min_gap": 1,
        "recruiters": [
            {"id": "mairie-saint-etienne", "tables": 2, "available": [[0, 23]]},
            {"id": "casino-guichard", "tables": 1, "available": [[0, 11]]},
        ],
        "candidates": [
            {"id": "amina", "available": [[0, 23]], "max_interviews": None},
            {"id": "lucas", "available": [[12, 23]], "max_interviews": 2},
        ],
        "wishes": [
            {"candidate": "amina", "recruiter": "mairie-saint-etienne", "weight": 24},
            {"candidate": "amina", "recruiter": "casino-guichard", "weight": 22},
            {"candidate": "lucas", "recruiter": "mairie-saint-etienne", "weight": 36},
        ],
    }


def errors_of(data):
    with pytest.raises(InstanceError) as info:
        parse_instance(data)
    return info.value.errors


def test_valid_instance_round_trips():
    instance = parse_instance(valid())
    assert instance.slots == 24
    assert instance.candidates[1].max_interviews == 2
    assert instance.recruiters[1].available == ((0, 11),)
    assert parse_instance(instance_to_json(instance)) == instance


def test_integer_ids_are_kept():
    data = valid()
    data["recruiters"][0]["id"] = 17
    data["wishes"][0]["recruiter"] = 17
    data["wishes"][2]["recruiter"] = 17
    assert parse_instance(data).recruiters[0].id == 17


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(slots=0), "« slots » doit être un entier strictement positif (reçu : 0)."),
        (lambda d: d.update(slots=-3), "« slots » doit être un entier strictement positif (reçu : -3)."),
        (lambda d: d.update(min_gap=-1), "« min_gap » doit être un entier positif ou nul (reçu : -1)."),
        (
            lambda d: d["recruiters"].append({"id": "casino-guichard", "tables": 1, "available": [[0, 3]]}),
            "Identifiant de recruteur en double : « casino-guichard ».",
        ),
        (
            lambda d: d["candidates"].append({"id": "amina", "available": [[0, 3]]}),
            "Identifiant de candidat en double : « amina ».",
        ),
        (
            lambda d: d["recruiters"][1].update(tables=0),
            "Recruteur « casino-guichard » : « tables » doit être un entier supérieur ou égal à 1 (reçu : 0).",
        ),
        (
            lambda d: d["candidates"][1].update(available=[[12, 24]]),
            "Candidat « lucas » : la plage [12, 24] sort des créneaux de l'événement (0 à 23).",
        ),
        (
            lambda d: d["recruiters"][0].update(available=[[-1, 5]]),
            "Recruteur « mairie-saint-etienne » : la plage [-1, 5] sort des créneaux de l'événement (0 à 23).",
        ),
        (
            lambda d: d["candidates"][0].update(available=[[15, 3]]),
            "Candidat « amina » : la plage [15, 3] est inversée (le premier créneau après le dernier).",
        ),
        (
            lambda d: d["wishes"].append({"candidate": "amina", "recruiter": "michelin", "weight": 10}),
            "Souhait n° 4 : recruteur inconnu « michelin ».",
        ),
        (
            lambda d: d["wishes"].append({"candidate": "zoe", "recruiter": "casino-guichard", "weight": 10}),
            "Souhait n° 4 : candidat inconnu « zoe ».",
        ),
        (
            lambda d: d["wishes"][1].update(weight=-4),
            "Souhait n° 2 : poids négatif (-4) ; un entier positif ou nul est attendu.",
        ),
        (
            lambda d: d["wishes"][1].update(weight=2.5),
            "Souhait n° 2 : poids invalide (2.5) ; un entier positif ou nul est attendu.",
        ),
        (
            lambda d: d["wishes"].append({"candidate": "amina", "recruiter": "casino-guichard", "weight": 3}),
            "Souhait n° 4 : souhait en double pour le candidat « amina » et le recruteur « casino-guichard » "
            "(déjà au souhait n° 2) ; un seul souhait par paire.",
        ),
        (
            lambda d: d["candidates"][1].update(max_interviews=-1),
            "Candidat « lucas » : « max_interviews » doit être un entier positif ou nul, ou null (reçu : -1).",
        ),
        (lambda d: d.pop("wishes"), "La liste « wishes » est absente."),
    ],
)
def test_each_rule_has_its_french_message(change, message):
    data = valid()
    change(data)
    assert message in errors_of(data)


def test_all_errors_are_listed_at_once():
    data = valid()
    data["slots"] = 0
    data["recruiters"][1]["tables"] = 0
    data["wishes"][0]["weight"] = -1
    assert len(errors_of(data)) == 3


def test_bad_json_names_line_and_column():
    with pytest.raises(InstanceError) as info:
        load_instance('{"slots": 24,\n "min_gap": }')
    assert str(info.value).startswith("Le fichier n'est pas un JSON valide (ligne 2, colonne 13)")


def test_not_an_object():
    with pytest.raises(InstanceError, match="objet JSON"):
        load_instance(json.dumps([1, 2, 3]))

"""`manage.py mentoring_match IN.json OUT.json`: the issue's formats and bad inputs."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

INSTANCE = {
    "mentors": [{"id": "karim", "capacity": 1}, {"id": "sophie", "capacity": 2}],
    "mentees": [{"id": "ines"}, {"id": "lucas"}, {"id": "yanis", "qpv": True}],
    "pairs": [
        {"mentor": "karim", "mentee": "ines", "score": 100},
        {"mentor": "karim", "mentee": "lucas", "score": 90},
        {"mentor": "sophie", "mentee": "ines", "score": 90},
        {"mentor": "sophie", "mentee": "yanis", "score": 40},
    ],
    "mode": "score",
}


def run(tmp_path, data, *, raw=None):
    path = tmp_path / "in.json"
    path.write_text(raw if raw is not None else json.dumps(data), encoding="utf-8")
    out, err = StringIO(), StringIO()
    try:
        call_command("mentoring_match", str(path), str(tmp_path / "out.json"), stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    result = None
    if (tmp_path / "out.json").exists():
        result = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    return code, result, out.getvalue(), err.getvalue()


def test_score_mode_output_format(tmp_path):
    code, result, out, err = run(tmp_path, INSTANCE)
    assert code == 0, err
    assert set(result) == {"pairs", "total", "matched", "blocking_pairs"}
    assert sorted((p["mentor"], p["mentee"], p["score"]) for p in result["pairs"]) == [
        ("karim", "lucas", 90),
        ("sophie", "ines", 90),
        ("sophie", "yanis", 40),
    ]
    assert result["total"] == 220
    assert result["matched"] == 3
    # Karim and Inès prefer each other (100) to their partners (90 each).
    assert result["blocking_pairs"] == 1
    assert "3 personne(s) mentorée(s) sur 3 en binôme" in out


def test_stable_mode_reports_its_cost(tmp_path):
    code, result, out, err = run(tmp_path, {**INSTANCE, "mode": "stable"})
    assert code == 0, err
    assert result["blocking_pairs"] == 0
    assert sorted((p["mentor"], p["mentee"]) for p in result["pairs"]) == [("karim", "ines"), ("sophie", "yanis")]
    assert result["total"] == 140
    assert "Coût de la stabilité : 80 point(s) de moins que le mode « score » (36,36 %)." in out


def test_participation_mode_and_decimal_scores(tmp_path):
    data = {
        "mentors": [{"id": 1, "capacity": 1}, {"id": 2, "capacity": 1}],
        "mentees": [{"id": 10}, {"id": 11}],
        "pairs": [
            {"mentor": 1, "mentee": 10, "score": 90.5},
            {"mentor": 1, "mentee": 11, "score": 80.25},
            {"mentor": 2, "mentee": 10, "score": 5},
        ],
        "mode": "participation",
    }
    code, result, _, err = run(tmp_path, data)
    assert code == 0, err
    assert result["matched"] == 2
    assert result["total"] == 85.25
    code, result, _, _ = run(tmp_path, {**data, "mode": "score"})
    assert (result["matched"], result["total"]) == (1, 90.5)


def test_locked_removed_and_qpv_bonus(tmp_path):
    data = {
        **INSTANCE,
        "locked": [{"mentor": "karim", "mentee": "ines"}],
        "removed": [{"mentor": "sophie", "mentee": "yanis"}],
    }
    code, result, _, err = run(tmp_path, data)
    assert code == 0, err
    assert [(p["mentor"], p["mentee"]) for p in result["pairs"]] == [("karim", "ines")]
    assert result["blocking_pairs"] == 0  # the removed pair is not an option any more


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "Le fichier doit contenir un objet JSON"),
        ({"mentees": [], "pairs": []}, "« mentors » manque ou n'est pas une liste."),
        ({**INSTANCE, "mode": "fcfs"}, "Mode inconnu « fcfs » : attendu score, participation, stable."),
        ({**INSTANCE, "mentors": [{"id": "karim", "capacity": -1}]}, "Mentor « karim » : « capacity » doit être"),
        ({**INSTANCE, "mentors": [{"id": "karim", "capacity": "2"}]}, "« capacity » doit être un entier"),
        ({**INSTANCE, "mentors": [{"capacity": 1}]}, "Mentor n° 1 : « id » manque"),
        ({**INSTANCE, "mentees": [{"id": "ines"}, {"id": "ines"}]}, "Personne mentorée « ines » en double."),
        (
            {**INSTANCE, "pairs": [{"mentor": "paul", "mentee": "ines", "score": 3}]},
            "Paire n° 1 : mentor inconnu 'paul'.",
        ),
        (
            {**INSTANCE, "pairs": [{"mentor": "karim", "mentee": "zoé", "score": 3}]},
            "Paire n° 1 : personne mentorée inconnue 'zoé'.",
        ),
        (
            {**INSTANCE, "pairs": [{"mentor": "karim", "mentee": "ines", "score": 140}]},
            "« score » doit être un nombre de 0 à 100 (reçu : 140)",
        ),
        (
            {**INSTANCE, "pairs": [{"mentor": "karim", "mentee": "ines", "score": True}]},
            "« score » doit être un nombre de 0 à 100",
        ),
        ({**INSTANCE, "pairs": INSTANCE["pairs"] + INSTANCE["pairs"][:1]}, "Paire (karim, ines) en double."),
        (
            {**INSTANCE, "locked": [{"mentor": "karim", "mentee": "yanis"}]},
            "« locked » n° 1 : la paire ('karim', 'yanis') ne figure pas dans « pairs ».",
        ),
        (
            {**INSTANCE, "locked": [{"mentor": "karim", "mentee": "ines"}, {"mentor": "karim", "mentee": "lucas"}]},
            "Un mentor a plus de binômes verrouillés que de places.",
        ),
        ({**INSTANCE, "qpv_bonus": -5}, "« qpv_bonus » doit être un nombre positif ou nul"),
    ],
)
def test_bad_input_is_refused_in_french_with_exit_code_2(tmp_path, data, message):
    code, result, _, err = run(tmp_path, data)
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert result is None  # nothing written


def test_invalid_json_and_missing_file(tmp_path):
    code, _result, _, err = run(tmp_path, None, raw='{"mentors": [')
    assert code == 2
    assert err.startswith("JSON invalide à la ligne 1, colonne")
    out, err_io = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("mentoring_match", str(tmp_path / "absent.json"), "-", stdout=out, stderr=err_io)
    assert exc.value.code == 2
    assert "est introuvable" in err_io.getvalue()

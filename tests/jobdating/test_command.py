"""`manage.py jobdating_schedule IN.json OUT.json`."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from emploi_territoires.jobdating.solver import check_schedule, parse_instance
from emploi_territoires.jobdating.solver.generate import generate
from emploi_territoires.jobdating.solver.instance import instance_to_json

ROOT = Path(__file__).resolve().parents[2]


def run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("jobdating_schedule", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_reads_in_writes_out(tmp_path):
    data = instance_to_json(generate(30, 5, 2, 8, (2, 5), min_gap=1, seed=3))
    data["options"] = {"max_interviews": 3}
    (tmp_path / "in.json").write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run(str(tmp_path / "in.json"), str(tmp_path / "out.json"), "--time-limit", "5", "--workers", "1")
    assert code == 0, err
    result = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert set(result) == {"interviews", "score", "bound", "gap", "optimal"}
    assert result["bound"] >= result["score"] > 0
    assert result["gap"] == pytest.approx((result["bound"] - result["score"]) / result["bound"], abs=1e-6)
    from emploi_territoires.jobdating.solver.instance import Interview, SolveOptions

    interviews = [Interview(**i) for i in result["interviews"]]
    assert check_schedule(parse_instance(data), interviews, SolveOptions(max_interviews=3)) == []
    assert "candidats sur 30 ont au moins un entretien" in out
    assert "glouton" in err


def test_reoptimise_from_the_command_line(tmp_path):
    data = instance_to_json(generate(30, 5, 2, 8, (2, 5), min_gap=1, seed=3))
    (tmp_path / "in.json").write_text(json.dumps(data), encoding="utf-8")
    assert run(str(tmp_path / "in.json"), str(tmp_path / "out.json"), "--workers", "1", "--quiet")[0] == 0
    first = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    absent = first["interviews"][-1]["candidate"]
    code, _, err = run(
        str(tmp_path / "in.json"), str(tmp_path / "new.json"), "--reoptimise-from", str(tmp_path / "out.json"),
        "--now", "2", "--absent-candidate", absent, "--workers", "1", "--quiet",
    )  # fmt: skip
    assert code == 0, err
    new = json.loads((tmp_path / "new.json").read_text(encoding="utf-8"))
    assert not [i for i in new["interviews"] if i["candidate"] == absent and i["slot"] >= 2]
    assert [i for i in first["interviews"] if i["slot"] <= 3 and i["candidate"] != absent] == [
        i for i in new["interviews"] if i["slot"] <= 3 and i["candidate"] != absent
    ]
    assert "entretiens retirés (absents)" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '{"slots": 0, "recruiters": [], "candidates": [], "wishes": []}',
            "« slots » doit être un entier strictement positif (reçu : 0).",
        ),
        ('{"slots": 4,', "Le fichier d'entrée"),
        (
            '{"slots": 4, "recruiters": [{"id": "michelin", "tables": 1, "available": [[0, 3]]}], '
            '"candidates": [{"id": "amina", "available": [[0, 3]]}], '
            '"wishes": [{"candidate": "amina", "recruiter": "casino", "weight": 3}]}',
            "Souhait n° 1 : recruteur inconnu « casino ».",
        ),
    ],
)
def test_bad_input_exits_2_with_the_message(tmp_path, content, message):
    (tmp_path / "in.json").write_text(content, encoding="utf-8")
    code, _, err = run(str(tmp_path / "in.json"), str(tmp_path / "out.json"))
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert not (tmp_path / "out.json").exists()


def test_missing_file_exits_2(tmp_path):
    code, _, err = run(str(tmp_path / "absent.json"), str(tmp_path / "out.json"))
    assert code == 2
    assert "Le fichier d'entrée" in err
    assert "est introuvable" in err


def test_real_process_exit_code_and_stderr(tmp_path):
    (tmp_path / "in.json").write_text(
        '{"slots": 3, "recruiters": [{"id": "r", "tables": 0, "available": [[0, 2]]}], "candidates": [], "wishes": []}'
    )
    proc = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "jobdating_schedule",
            str(tmp_path / "in.json"),
            str(tmp_path / "out.json"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == "Recruteur « r » : « tables » doit être un entier supérieur ou égal à 1 (reçu : 0)."

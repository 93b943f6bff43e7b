"""The person's situation after the follow-up (end, 3 and 6 months): recorded by the group, reminded once."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from emploi_territoires.followup import services
from emploi_territoires.followup import services_outcomes as outcomes
from emploi_territoires.followup.models import EndReason, OutcomeCheck, Situation
from tests.clock import paris

pytestmark = pytest.mark.django_db
M = OutcomeCheck.Milestone


@pytest.fixture
def ended(followup, pro_ml, time_machine):
    """Lina's follow-up ends on 31 August 2027: she found a job."""
    time_machine.move_to(paris(2027, 8, 31, 16), tick=False)
    return services.end_followup(pro_ml, followup, reason=EndReason.JOB)


def test_milestones_fall_at_the_end_then_3_and_6_months_later(ended):
    assert outcomes.due_on(ended, M.END) == datetime.date(2027, 8, 31)
    assert outcomes.due_on(ended, M.MONTH_3) == datetime.date(2027, 11, 30)
    assert outcomes.due_on(ended, M.MONTH_6) == datetime.date(2028, 2, 29)  # leap year, last day of February


def test_a_member_records_the_situation_and_corrects_it(ended, pro_apec, time_machine):
    time_machine.move_to(paris(2027, 11, 28), tick=False)  # two days early: allowed
    check = outcomes.record_outcome(
        ended, pro_apec, milestone=M.MONTH_3, situation=Situation.JOB, contract_kind="cdd_long"
    )
    assert (check.recorded_on, check.organisation.name) == (datetime.date(2027, 11, 28), "Apec Bourgogne-Franche-Comté")
    outcomes.record_outcome(ended, pro_apec, milestone=M.MONTH_3, situation=Situation.JOB, contract_kind="cdi")
    assert OutcomeCheck.objects.get(followup=ended, milestone=M.MONTH_3).contract_kind == "cdi"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"milestone": "m6", "situation": "job", "contract_kind": "cdi"},
            "« Six mois après la fin » se renseigne à partir du 15 février 2028 (échéance le 29 février 2028).",
        ),
        ({"milestone": "m3", "situation": "job"}, "Indiquez le type de contrat de l'emploi."),
        (
            {"milestone": "end", "situation": "training", "contract_kind": "cdi"},
            "Le type de contrat ne se renseigne que pour une personne en emploi.",
        ),
        ({"milestone": "m12", "situation": "job"}, "Choisissez l'échéance : fin, 3 mois ou 6 mois après."),
        ({"milestone": "end", "situation": "rich"}, "Choisissez la situation de la personne dans la liste."),
        (
            {"milestone": "end", "situation": "job", "contract_kind": "cdi", "recorded_on": datetime.date(2028, 1, 1)},
            "La date de constat ne peut pas être dans le futur.",
        ),
    ],
)
def test_bad_input_is_refused_in_french_and_nothing_is_written(ended, pro_ml, time_machine, kwargs, message):
    time_machine.move_to(paris(2027, 12, 1), tick=False)
    with pytest.raises(outcomes.OutcomeError) as error:
        outcomes.record_outcome(ended, pro_ml, **kwargs)
    assert error.value.message == message
    assert not OutcomeCheck.objects.exists()


def test_only_the_group_records_and_only_after_the_end(followup, pro_ml, pro_other):
    with pytest.raises(outcomes.OutcomeError, match=r"^L'accompagnement n'est pas terminé"):
        outcomes.record_outcome(followup, pro_ml, milestone=M.END, situation=Situation.JOB_SEEKING)
    with pytest.raises(outcomes.OutcomeError, match=r"^Vous ne faites pas partie du groupe"):
        outcomes.record_outcome(followup, pro_other, milestone=M.END, situation=Situation.JOB_SEEKING)
    assert not OutcomeCheck.objects.exists()


def test_reminders_go_to_the_referent_once_per_milestone(
    ended, pro_ml, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(paris(2027, 12, 1), tick=False)
    assert [(d.followup, d.milestone) for d in outcomes.due_outcomes(pro_ml)] == [(ended, M.END), (ended, M.MONTH_3)]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert outcomes.send_outcome_reminders() == 2
        assert outcomes.send_outcome_reminders() == 0  # a second run sends nothing
    assert [m.to for m in mail.outbox] == [["sarah.lefevre@exemple.fr"], ["sarah.lefevre@exemple.fr"]]
    assert mail.outbox[1].subject == "Situation de Lina Mansouri : trois mois après la fin"
    assert f"/accompagnement/{ended.pk}/situations/" in mail.outbox[1].body
    outcomes.record_outcome(ended, pro_ml, milestone=M.END, situation=Situation.JOB, contract_kind="cdi")
    assert [d.milestone for d in outcomes.due_outcomes(pro_ml)] == [M.MONTH_3]


def test_the_command_is_a_dry_run_by_default(ended, time_machine, capsys, django_capture_on_commit_callbacks):
    time_machine.move_to(paris(2027, 9, 2), tick=False)
    mail.outbox.clear()
    call_command("followup_outcome_reminders")
    assert "Essai à blanc : 1 rappel(s)" in capsys.readouterr().out
    with django_capture_on_commit_callbacks(execute=True):
        call_command("followup_outcome_reminders", "--apply")
    assert "1 rappel(s) de situation envoyé(s)." in capsys.readouterr().out
    assert len(mail.outbox) == 1


def test_the_outcomes_page_records_through_the_form(client, ended, pro_ml, pro_other, person, time_machine):
    time_machine.move_to(paris(2027, 9, 2), tick=False)
    url = reverse("followup:outcomes", args=[ended.pk])
    for outsider in (pro_other, person):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(pro_ml)
    page = client.get(url).content.decode()
    assert "Trois mois après la fin" in page and "30 novembre 2027" in page
    response = client.post(
        url, {"milestone": "end", "situation": "job", "contract_kind": "cdi", "recorded_on": "2027-09-01"}
    )
    assert response.status_code == 302
    assert OutcomeCheck.objects.get().contract_kind == "cdi"
    response = client.post(
        url, {"milestone": "m6", "situation": "job", "contract_kind": "", "recorded_on": "2027-09-01"}
    )
    assert "Indiquez le type de contrat de l&#x27;emploi." in response.content.decode()
    assert OutcomeCheck.objects.count() == 1
    due = client.get(reverse("followup:due_outcomes")).content.decode()
    assert "Rien à renseigner pour le moment." in due

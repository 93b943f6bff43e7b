"""An action's figures are the plan territory's (issue 14: « 39 mentoring pairs against 4 in the plan's
territory; a needs campaign counting the Ville de Nevers, outside the plan's EPCI »); the whole linked
object's figures come second, labelled — on the plan page, in the CSV/XLSX export, in the PDF and in the
national view.

The Haut Nivernais plan (CC Haut Nivernais - Val d'Yonne, Clamecy) links a mentoring programme of the
Nièvre with four pairs in Clamecy and three in Nevers (CA de Nevers, outside the plan), and the Nièvre
needs campaign, which the Ville de Nevers answered too."""

from __future__ import annotations

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from emploi_territoires.jobdating.models import EventStatus
from emploi_territoires.mentoring.models import Meeting, Outcome, Pair
from emploi_territoires.mentoring.models import Programme as MentoringProgramme
from emploi_territoires.needs import services as needs_services
from emploi_territoires.needs.models import Horizon
from emploi_territoires.offers.models import ContractType, OfferStatus
from emploi_territoires.plans.exports import plan_actions_sheet, results_text
from emploi_territoires.plans.models import Action, ActionStatus
from emploi_territoires.plans.national import NationalFilters, national_overview
from emploi_territoires.plans.report import render_plan_html
from emploi_territoires.plans.results import ResultLine, action_results
from emploi_territoires.territories.scope import ScopeKind
from tests.factories import OrganisationFactory, UserFactory, clamecy, nevers, nievre
from tests.jobdating.factories import CandidateRegistrationFactory, EventFactory
from tests.mentoring.conftest import make_mentee, rome
from tests.offers.factories import OfferFactory, RomeOccupationFactory
from tests.plans.factories import PlanFactory
from tests.plans.test_pdf import _pages_text
from tests.plans.test_reporting_helpers import haut_nivernais_plan, member, organisation

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
TODAY = datetime.date(2026, 11, 16)
DAY = datetime.timedelta(days=1)


def lines(action) -> dict[str, ResultLine]:
    return {line.label: line for line in action_results(action)}


def cut(line: ResultLine) -> tuple:
    return line.value, line.whole


@pytest.fixture
def scenario(db, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 16, 10, 0, tzinfo=PARIS))
    scenario = haut_nivernais_plan()

    # A mentoring programme of the whole Nièvre: four pairs in Clamecy (one ended with a job), three in Nevers.
    programme = MentoringProgramme.objects.create(
        name="Premiers pas pro — Nièvre 2026", starts_on=datetime.date(2026, 4, 1), ends_on=datetime.date(2027, 3, 31)
    )
    carpenter = rome("H2206", "Menuisier / Menuisière")
    mentor = UserFactory(email="bernard.ducros@exemple.fr", first_name="Bernard", last_name="Ducros")
    people = [
        ("jade.moulin", clamecy(), Outcome.JOB, 5),
        ("tom.berthier", clamecy(), "", None),
        ("lina.cordier", clamecy(), "", None),
        ("noah.vidal", clamecy(), "", None),
        ("sofia.benkhelifa", nevers(), Outcome.TRAINING, 4),
        ("hamza.cherif", nevers(), "", None),
        ("elsa.jacquemond", nevers(), "", None),
    ]
    for local, commune, outcome, satisfaction in people:
        first, last = (part.capitalize() for part in local.split("."))
        mentee = make_mentee(f"{local}@exemple.fr", first, last, commune, [carpenter])
        pair = Pair.objects.create(
            programme=programme, mentor=mentor, mentee=mentee, started_on=datetime.date(2026, 5, 4),
            state=Pair.State.ENDED if outcome else Pair.State.ACTIVE, outcome=outcome, satisfaction=satisfaction,
            ended_on=datetime.date(2026, 9, 30) if outcome else None,
        )  # fmt: skip
        for k in range(2 if commune == clamecy() else 3):
            Meeting.objects.create(pair=pair, date=datetime.date(2026, 5, 18) + 14 * k * DAY, duration_minutes=60)
    Action.objects.filter(pk=scenario.mentoring.pk).update(mentoring_programme=programme)
    scenario.mentoring.refresh_from_db()

    # The Nièvre campaign: the Commune de Clamecy (invited, silent), a Clamecy sawmill and the Ville de
    # Nevers (both answered, through a member).
    campaign = scenario.needs.needs_campaign
    machines = RomeOccupationFactory(code="H2202", label="Conducteur / Conductrice de machines à bois")
    manager = RomeOccupationFactory(code="M1302", label="Direction de petite ou moyenne entreprise")
    sawmill = OrganisationFactory(name="Scierie de Clamecy", commune=clamecy())
    ville = organisation("collectivite", "Ville de Nevers", nevers())
    for org, occupation, count, contract in (
        (sawmill, machines, 3, ContractType.CDI),
        (ville, manager, 1, ContractType.CONTRACTUAL),
    ):
        needs_services.CampaignInvitation.objects.create(campaign=campaign, organisation=org, token=f"t-{org.pk}")
        respondent = member(org, f"rh{org.pk}@exemple.fr", "Claire", f"Membre{org.pk}")
        needs_services.declare_needs(
            org,
            [{"occupation": occupation, "count": count, "horizon": Horizon.UNDER_3_MONTHS, "contract_type": contract}],
            actor=respondent,
            campaign=campaign,
        )
    return scenario


def test_mentoring_figures_are_the_plan_territory_s_then_the_programme_s(scenario):
    mentoring = lines(scenario.mentoring)
    assert cut(mentoring["Binômes formés"]) == (4, 7)
    assert cut(mentoring["Binômes en cours"]) == (3, 5)
    assert cut(mentoring["Binômes terminés"]) == (1, 2)
    assert cut(mentoring["Rencontres"]) == (8, 17)
    assert cut(mentoring["Mentorés en emploi ou en formation à la fin"]) == (100.0, 100.0)
    assert cut(mentoring["Satisfaction moyenne"]) == (5.0, 4.5)
    assert {line.whole_label for line in mentoring.values()} == {"ensemble du programme"}
    assert mentoring["Binômes formés"].text == "4 sur le territoire du plan (ensemble du programme : 7)"


def test_needs_figures_leave_nevers_out_of_the_plan_territory(scenario):
    needs = lines(scenario.needs)
    assert not needs["État de la campagne"].is_cut and needs["État de la campagne"].value == "Ouverte"
    assert cut(needs["Organisations invitées"]) == (2, 3)
    assert cut(needs["Organisations qui ont répondu"]) == (1, 2)
    assert cut(needs["Taux de réponse"]) == (50, 67)
    assert cut(needs["Besoins déclarés"]) == (1, 2)
    assert cut(needs["Postes à pourvoir déclarés"]) == (3, 4)
    assert needs["Taux de réponse"].text == "50 % sur le territoire du plan (ensemble de la campagne : 67 %)"


def test_plan_page_shows_the_territory_first_and_the_whole_in_a_labelled_column(client, scenario):
    client.force_login(scenario.town.contact)
    page = client.get(scenario.plan.get_absolute_url()).content.decode()
    assert '<th scope="col">Sur le territoire du plan</th><th scope="col">Ensemble du programme</th>' in page
    assert "<td>Binômes formés</td><td>4</td><td>7</td>" in page
    assert '<th scope="col">Ensemble de la campagne</th>' in page
    assert "<td>Organisations invitées</td><td>2</td><td>3</td>" in page
    assert '<td>État de la campagne</td><td colspan="2">Ouverte</td>' in page


def test_csv_export_and_pdf_follow_the_same_rule(client, scenario):
    client.force_login(scenario.apec.contact)
    response = client.get(reverse("plans:plan_export", args=[scenario.plan.pk, "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    results = {row[0]: row[11] for row in rows[1:]}
    mentoring = results["Cohorte de mentorat des jeunes diplômés"]
    assert mentoring.startswith("Binômes formés : 4 sur le territoire du plan (ensemble du programme : 7) ; ")
    assert "Satisfaction moyenne : 5,0 / 5 sur le territoire du plan (ensemble du programme : 4,5 / 5)" in mentoring
    needs = results["Recensement des besoins des entreprises du Haut Nivernais"]
    assert needs.startswith("État de la campagne : Ouverte ; Organisations invitées : 2 sur le territoire du plan")
    assert "Postes à pourvoir déclarés : 3 sur le territoire du plan (ensemble de la campagne : 4)" in needs
    assert plan_actions_sheet(scenario.plan).rows[2][11] == needs  # the XLSX holds the same cell

    pages, _ = _pages_text(render_plan_html(scenario.plan, TODAY))
    text = " ".join(pages)
    assert "Binômes formés : 4 sur le territoire du plan (ensemble du programme : 7)" in text
    assert "Organisations invitées : 2 sur le territoire du plan (ensemble de la campagne : 3)" in text


def test_national_view_shows_a_done_action_s_territory_figures(scenario):
    Action.objects.filter(pk=scenario.needs.pk).update(status=ActionStatus.DONE)
    done = {d.action.pk: d for d in national_overview(NationalFilters(), TODAY).done_actions}
    assert "Besoins déclarés : 1 sur le territoire du plan (ensemble de la campagne : 2)" in results_text(
        done[scenario.needs.pk].results
    )


@pytest.mark.parametrize(
    ("scope", "formed"),
    [
        ({"scope_kind": ScopeKind.COMMUNE, "commune": "clamecy"}, 4),
        ({"scope_kind": ScopeKind.EPCI, "epci": "nevers"}, 3),
        ({"scope_kind": ScopeKind.DEPARTEMENT, "departement": "nievre"}, 7),
        ({"scope_kind": ScopeKind.PROGRAMME, "programme": "pvd", "departement": "nievre"}, 4),  # Clamecy is PVD
        ({"scope_kind": ScopeKind.PROGRAMME, "programme": "acv", "departement": "nievre"}, 3),  # Nevers is ACV
    ],
)
def test_every_kind_of_plan_territory_cuts_the_figures(scenario, scope, formed):
    places = {"clamecy": clamecy(), "nievre": nievre(), "nevers": nevers().epci}
    fields = {"epci": None, **{k: places.get(v, v) for k, v in scope.items()}}
    plan = PlanFactory(title="Autre plan", **fields)
    action = Action.objects.get(pk=scenario.mentoring.pk)
    action.plan = plan
    assert cut(lines(action)["Binômes formés"]) == (formed, 7)


def test_a_job_dating_counts_where_it_is_held(scenario):
    """As in the indicators: a job dating in Clamecy is all the plan's, one in Nevers none of it."""
    for commune, here in ((clamecy(), True), (nevers(), False)):
        event = EventFactory(title=f"Job dating — {commune.name}", commune=commune, status=EventStatus.HELD)
        for _ in range(3):
            CandidateRegistrationFactory(event=event)
        Action.objects.filter(pk=scenario.job_dating.pk).update(jobdating_event=event)
        figures = lines(Action.objects.get(pk=scenario.job_dating.pk))
        assert cut(figures["Candidats inscrits"]) == ((3, 3) if here else (0, 3))
        assert figures["Lieu"].value == ("Clamecy" if here else "Nevers, hors du territoire du plan")
        assert figures["Taux d'absence"].whole == 0.0 and (figures["Taux d'absence"].value == 0.0) is here


def test_linked_offers_are_cut_by_their_commune(scenario):
    action = Action.objects.get(pk=scenario.mentoring.pk)
    Action.objects.filter(pk=action.pk).update(mentoring_programme=None)
    action.refresh_from_db()
    action.offers.set(
        [
            OfferFactory(commune=clamecy(), status=OfferStatus.PUBLISHED, published_at=datetime.datetime.now(PARIS)),
            OfferFactory(commune=nevers(), status=OfferStatus.PUBLISHED, published_at=datetime.datetime.now(PARIS)),
        ]
    )
    figures = lines(action)
    assert cut(figures["Offres suivies"]) == (1, 2) and cut(figures["Offres publiées"]) == (1, 2)
    assert figures["Offres suivies"].whole_label == "ensemble des offres liées"

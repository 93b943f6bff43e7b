"""Access to the territorial action plans (issue 10): only the plan's partners and staff see a plan.

The plan below covers Saint-Étienne Métropole; organisation A (the métropole) is its partner, with
recruiter_a (its admin) as named contact, so recruiter_a is the insider; a préfecture is the other
partner. recruiter_b (a Clamecy company), advisor_other (an Apec advisor whose Apec is not a partner)
and the candidate are outsiders: 404 on every page of the plan. The list is for professionals (a
candidate gets 403); plans are opened by collectivités, Apec and ANCT members (an entreprise: 403).
The reporting URLs (national view and its exports for Apec/ANCT members and staff — advisor_other —,
the plan's PDF and action exports for its partners) are declared at the end, by their owner.
"""

from tests.security.matrix import LOGIN, REDIRECT, Access, expect


def _objects(w) -> dict:
    cached = w.__dict__.get("_plans_objects")
    if cached is None:
        from emploi_territoires.accounts.models import Organisation
        from emploi_territoires.plans.models import PartnerRole
        from emploi_territoires.territories.scope import ScopeKind
        from tests.factories import OrganisationFactory
        from tests.plans.factories import ActionFactory, PlanFactory, PlanTargetFactory, partner_with_contact

        plan = PlanFactory(
            title="Plan emploi — Saint-Étienne Métropole",
            scope_kind=ScopeKind.EPCI,
            epci=w.organisation_a.commune.epci,
        )
        insider = partner_with_contact(plan, w.organisation_a, PartnerRole.COLLECTIVITE, contact=w.recruiter_a)
        prefecture = OrganisationFactory(
            kind=Organisation.Kind.ANCT,
            name="Préfecture de la Loire",
            siren="",
            siret="",
            commune=w.organisation_a.commune,
        )
        other = partner_with_contact(plan, prefecture, PartnerRole.PREFECTURE)
        action = ActionFactory(plan=plan, lead=insider, title="Forum de l'emploi industriel")
        target = PlanTargetFactory(plan=plan, indicator_code="offers_published", target=20)
        cached = {"plan": plan, "partner": other, "action": action, "target": target}
        w.__dict__["_plans_objects"] = cached
    return cached


def plan(w) -> dict:
    return {"pk": _objects(w)["plan"].pk}


def partner(w) -> dict:
    return {**plan(w), "partner_pk": _objects(w)["partner"].pk}


def target(w) -> dict:
    return {**plan(w), "target_pk": _objects(w)["target"].pk}


def action(w) -> dict:
    return {**plan(w), "action_pk": _objects(w)["action"].pk}


INSIDERS = {"anonymous": LOGIN, "recruiter_a": 200, "staff": 200}
INSIDERS_WRITE = {"anonymous": LOGIN, "recruiter_a": REDIRECT, "staff": REDIRECT}
POST_ONLY = expect(405, anonymous=LOGIN)


def empty(w) -> dict:
    """An empty form: shown again with its errors, nothing written."""
    return {}


ACCESS = {
    "plans:list": Access(get=expect(200, anonymous=LOGIN, candidate=403)),
    "plans:create": Access(
        get=expect(200, anonymous=LOGIN, candidate=403, recruiter_b=403),
        # Incomplete data: the form is shown again with its errors; nothing is created.
        post=expect(200, anonymous=LOGIN, candidate=403, recruiter_b=403),
        data=lambda w: {"title": "Plan pirate"},
    ),
    "plans:detail": Access(get=expect(404, **INSIDERS), kwargs=plan),
    "plans:edit": Access(
        get=expect(404, **INSIDERS), post=expect(404, **INSIDERS), kwargs=plan, data=lambda w: {"title": ""}
    ),
    "plans:partners": Access(get=expect(404, **INSIDERS), post=expect(404, **INSIDERS), kwargs=plan, data=empty),
    "plans:partner_edit": Access(get=expect(404, **INSIDERS), post=expect(404, **INSIDERS), kwargs=partner, data=empty),
    "plans:partner_remove": Access(get=POST_ONLY, post=expect(404, **INSIDERS_WRITE), kwargs=partner),
    "plans:targets": Access(get=expect(404, **INSIDERS), post=expect(404, **INSIDERS), kwargs=plan, data=empty),
    "plans:target_remove": Access(get=POST_ONLY, post=expect(404, **INSIDERS_WRITE), kwargs=target),
    "plans:action_create": Access(get=expect(404, **INSIDERS), post=expect(404, **INSIDERS), kwargs=plan, data=empty),
    "plans:action_edit": Access(get=expect(404, **INSIDERS), post=expect(404, **INSIDERS), kwargs=action, data=empty),
    "plans:action_transition": Access(
        get=POST_ONLY,
        post=expect(404, **INSIDERS_WRITE),
        kwargs=action,
        data=lambda w: {"to_status": "running"},
    ),
}

# --- Reporting (plans/urls_reporting.py): national view and exports, the plan's PDF and exports -----
NATIONAL = expect(403, anonymous=LOGIN, advisor_other=200, staff=200)

ACCESS.update(
    {
        "plans:national": Access(get=NATIONAL),
        # A bad filter is a clear message (400), never a 500; the refusal comes first for the others.
        "plans:national#bad-filter": Access(
            get=expect(403, anonymous=LOGIN, advisor_other=400, staff=400), query="region=ZZ&programme=xyz"
        ),
        "plans:national_export": Access(get=NATIONAL, kwargs=lambda w: {"what": "plans", "fmt": "csv"}),
        "plans:national_export#gaps": Access(
            get=NATIONAL, kwargs=lambda w: {"what": "territoires-sans-action", "fmt": "xlsx"}
        ),
        "plans:national_export#unknown": Access(
            get=expect(403, anonymous=LOGIN, advisor_other=404, staff=404),
            kwargs=lambda w: {"what": "tout", "fmt": "csv"},
        ),
        "plans:plan_pdf": Access(get=expect(404, **INSIDERS), kwargs=plan),
        "plans:plan_export": Access(get=expect(404, **INSIDERS), kwargs=lambda w: {**plan(w), "fmt": "csv"}),
        "plans:plan_export#xlsx": Access(get=expect(404, **INSIDERS), kwargs=lambda w: {**plan(w), "fmt": "xlsx"}),
    }
)

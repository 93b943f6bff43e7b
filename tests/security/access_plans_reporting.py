"""Access to the reporting of the action plans (issue 10): the national view and its exports (staff and
members of Apec or ANCT organisations: advisor_other here; 403 for other logged-in people), the plan's
PDF and the exports of its actions (the plan's partners and staff: recruiter_a; 404 for outsiders).

The plan is the one of access_plans.py (Saint-Étienne Métropole, organisation A a partner with
recruiter_a as named contact; the Apec of advisor_other is not a partner).
"""

from tests.security.access_plans import plan
from tests.security.matrix import LOGIN, Access, expect

NATIONAL = expect(403, anonymous=LOGIN, advisor_other=200, staff=200)
PARTNERS = expect(404, anonymous=LOGIN, recruiter_a=200, staff=200)

ACCESS = {
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
        get=expect(403, anonymous=LOGIN, advisor_other=404, staff=404), kwargs=lambda w: {"what": "tout", "fmt": "csv"}
    ),
    "plans:plan_pdf": Access(get=PARTNERS, kwargs=plan),
    "plans:plan_export": Access(get=PARTNERS, kwargs=lambda w: {**plan(w), "fmt": "csv"}),
    "plans:plan_export#xlsx": Access(get=PARTNERS, kwargs=lambda w: {**plan(w), "fmt": "xlsx"}),
}

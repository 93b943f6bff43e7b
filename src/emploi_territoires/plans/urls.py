"""URLs of territorial action plans: the plans themselves (urls_plans) and their reporting
(national view, PDF, exports: urls_reporting)."""

from emploi_territoires.plans.urls_plans import urlpatterns as plan_urlpatterns
from emploi_territoires.plans.urls_reporting import urlpatterns as reporting_urlpatterns

app_name = "plans"

urlpatterns = [*plan_urlpatterns, *reporting_urlpatterns]

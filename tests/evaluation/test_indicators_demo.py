import pytest

from emploi_territoires.evaluation.demo import load_demo_targets
from emploi_territoires.evaluation.indicators import Period, TerritoryScope, compute_indicators
from emploi_territoires.evaluation.models import IndicatorTarget

pytestmark = pytest.mark.django_db


def test_demo_targets_are_idempotent_and_shown_for_clamecy():
    assert load_demo_targets(2026) == 28
    assert load_demo_targets(2026) == 28
    assert IndicatorTarget.objects.count() == 28
    items = {i.code: i for i in compute_indicators(TerritoryScope("commune", "58079"), Period.year(2026))}
    assert items["offers_published"].target == 40 and items["offers_published"].achievement == 0
    assert items["time_to_fill"].target is None

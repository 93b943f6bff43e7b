import pytest

from emploi_territoires.jobdating.solver.weights import MAX_RANK, Preference, wish_weight


def test_first_choice_neutral_and_preferred():
    assert wish_weight(1) == 24
    assert wish_weight(1, Preference.PREFERRED) == 36
    assert wish_weight(3) == 20


def test_refused_is_no_wish():
    assert wish_weight(1, Preference.REFUSED) is None


def test_preference_weighs_a_few_ranks():
    assert wish_weight(4, Preference.PREFERRED) > wish_weight(1)
    assert wish_weight(7, Preference.PREFERRED) == wish_weight(4)


def test_two_lower_wishes_outweigh_one_first_choice():
    assert wish_weight(2) + wish_weight(3) > wish_weight(1)


def test_ranks_beyond_the_maximum_keep_a_positive_weight():
    assert wish_weight(MAX_RANK + 5) == wish_weight(MAX_RANK) == 2
    with pytest.raises(ValueError):
        wish_weight(0)

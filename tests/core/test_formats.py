"""French numbers as the pages write them: narrow no-break space for thousands, decimal comma."""

from decimal import Decimal

from django.template import Context, Template

from emploi_territoires.core.formats import euros, number, percent

NNBSP = "\u202f"


def test_thousands_are_grouped_with_a_narrow_no_break_space():
    assert number(1234567) == f"1{NNBSP}234{NNBSP}567"
    assert number(999) == "999"
    assert number(-15000) == f"-15{NNBSP}000"
    # An int is written exactly, however large (no detour through a float).
    assert number(12345678901234567890) == NNBSP.join(["12", "345", "678", "901", "234", "567", "890"])


def test_decimals_after_a_comma():
    assert number(12.5, 1) == "12,5"
    assert number(1234.5, 2) == f"1{NNBSP}234,50"
    assert number(Decimal("2.25"), 1) == "2,2"  # Python rounds half to even, as f-strings always did here
    assert number(12.0, 1, trim=True) == "12"
    assert number(12.50, 2, trim=True) == "12,5"
    assert number(3, 1, trim=True) == "3"


def test_percentages():
    assert percent(12.5) == "12,5 %"
    assert percent(50) == "50 %"
    assert percent(33.333) == "33,3 %"
    assert percent(66.667, 0) == "67 %"


def test_euros():
    assert euros(2300) == f"2{NNBSP}300 €"
    assert euros(Decimal("21875.50")) == f"21{NNBSP}876 €"  # half up, to the euro
    assert euros("15000") == f"15{NNBSP}000 €"
    assert euros(0) == "0 €"


def test_template_filters():
    template = Template("{% load core_tags %}{{ a|thousands }} ; {{ b|thousands }} ; {{ c|percent }} ; {{ d|euros }}")
    text = template.render(Context({"a": 1234567, "b": 12.5, "c": 12.5, "d": 2300}))
    assert text == f"1{NNBSP}234{NNBSP}567 ; 12,50 ; 12,5 % ; 2{NNBSP}300 €"
    empty = Template("{% load core_tags %}[{{ a|percent }}][{{ a|euros }}][{{ a|thousands }}]")
    assert empty.render(Context({"a": None})) == "[][][]"

"""The `breakable` filter lets long addresses wrap on a phone (no sideways scrolling at 320 px)."""

from django.template import Context, Template


def render(value: str) -> str:
    return Template("{% load core_tags %}{{ value|breakable }}").render(Context({"value": value}))


def test_an_email_may_wrap_after_its_at_sign_and_dots():
    assert render("recrutement.charleville@demo.emploi-territoires.fr") == (
        "recrutement.<wbr>charleville@<wbr>demo.<wbr>emploi-<wbr>territoires.<wbr>fr"
    )


def test_the_text_is_escaped():
    assert render('<script>alert("x")</script>@mairie.fr') == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/<wbr>script&gt;@<wbr>mairie.<wbr>fr"
    )

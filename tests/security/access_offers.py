"""Access to the offers: the public board and feeds, the editor space of organisations, the assistant."""

from tests.security.matrix import LOGGED_IN, LOGIN, PUBLIC, REDIRECT, Access, expect


def draft(w):
    return {"reference": w.offer_draft.reference}


def published(w):
    return {"reference": w.offer_published.reference}


ACCESS = {
    "offers:mine": Access(get=LOGGED_IN),
    "offers:create": Access(
        get=expect(200, anonymous=LOGIN, candidate=REDIRECT, staff=REDIRECT),
        post=expect(200, anonymous=LOGIN, candidate=REDIRECT, staff=REDIRECT),
        data=lambda w: {"title": "Offre pirate"},
        no_change=("candidate", "staff"),
    ),
    "offers:review_list": Access(get=expect(403, anonymous=LOGIN, advisor_other=200, staff=200)),
    "offers:export_csv": Access(get=expect(200, anonymous=LOGIN, candidate=403, staff=403)),
    "offers:export_xlsx": Access(get=expect(200, anonymous=LOGIN, candidate=403, staff=403)),
    "offers:occupation_options": Access(get=PUBLIC, query="q=charge"),
    "offers:editor_detail": Access(get=expect(404, anonymous=LOGIN, recruiter_a=200, staff=200), kwargs=draft),
    "offers:edit": Access(
        get=expect(404, anonymous=LOGIN, recruiter_a=200, staff=200),
        post=expect(404, anonymous=LOGIN, recruiter_a=200, staff=200),
        kwargs=draft,
        data=lambda w: {"title": "Offre piratée"},
    ),
    "offers:transition": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(404, anonymous=LOGIN, recruiter_a=REDIRECT, staff=REDIRECT),
        kwargs=draft,
        data=lambda w: {"to_status": "submitted"},
    ),
    # Issue 17: the confirmation page (POST publishes) and the preview of the public page.
    "offers:publish": Access(
        get=expect(404, anonymous=LOGIN, recruiter_a=200, staff=200),
        post=expect(404, anonymous=LOGIN, recruiter_a=REDIRECT, staff=REDIRECT),
        kwargs=draft,
    ),
    "offers:preview": Access(get=expect(404, anonymous=LOGIN, recruiter_a=200, staff=200), kwargs=draft),
    "offers:duplicate": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(404, anonymous=LOGIN, recruiter_a=REDIRECT, staff=REDIRECT),
        kwargs=draft,
    ),
    "offers:assistant_analyse": Access(
        get=expect(405, anonymous=LOGIN),
        post=expect(200, anonymous=LOGIN, candidate=403),
        data=lambda w: {"title": "Chargé de mission"},
    ),
    "offers:assistant_territory": Access(get=expect(200, anonymous=LOGIN, candidate=403), query="commune=42218"),
    "offers:board": Access(get=PUBLIC),
    "offers:list": Access(get=PUBLIC),
    "offers:map": Access(get=PUBLIC),
    "offers:map#departement": Access(get=PUBLIC, query="departement=58"),
    "offers:feed_rss": Access(get=PUBLIC),
    "offers:feed_atom": Access(get=PUBLIC),
    "offers:feed_vta": Access(get=PUBLIC),
    "offers:aggregator_xml": Access(get=PUBLIC),
    "offers:detail": Access(get=PUBLIC, kwargs=published),
    "offers:detail#draft": Access(get=expect(404), kwargs=draft),
}

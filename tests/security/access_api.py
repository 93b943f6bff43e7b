"""Access to the REST API: reads are public, writes need an API token of the offer's organisation.

Roles call the API with their organisation's token (recruiter_a: organisation A, recruiter_b: B,
advisor_other: the Apec); candidate, staff and anonymous have none (the API has no session login).
"""

from tests.security.matrix import NOT_ALLOWED, PUBLIC, Access, expect

ACCESS = {
    "api:openapi-json": Access(get=PUBLIC, api=True),
    "api:openapi-view": Access(get=PUBLIC, api=True),
    "api:api-root": Access(get=expect(404), api=True),
    "api:communes": Access(get=PUBLIC, api=True, query="q=saint"),
    "api:commune": Access(get=PUBLIC, api=True, kwargs=lambda w: {"code": "42218"}),
    "api:analyse_offer": Access(get=NOT_ALLOWED, post=PUBLIC, api=True, data=lambda w: {"title": "Chargé de mission"}),
    "api:list_offers": Access(get=PUBLIC, api=True),
    "api:create_offer": Access(
        get=PUBLIC,
        post=expect(401, recruiter_a=422, recruiter_b=422, advisor_other=422),
        api=True,
        data=lambda w: {"title": "Offre"},
    ),
    "api:get_offer": Access(get=PUBLIC, api=True, kwargs=lambda w: {"reference": w.offer_published.reference}),
    "api:get_offer#draft": Access(get=expect(404), api=True, kwargs=lambda w: {"reference": w.offer_draft.reference}),
    "api:update_offer": Access(
        get=PUBLIC,
        post=expect(401, recruiter_a=200, recruiter_b=404, advisor_other=404),
        api=True,
        kwargs=lambda w: {"reference": w.offer_published.reference},
        data=lambda w: {"title": "Titre piraté"},
        extra={"method": "patch"},
    ),
}

"""Access to the VTA's eligibility page and the exports of VTA offers (issue 16, vta-eligibility;
the aid, envelopes and missions are in access_vta_aid.py).

The eligibility page is public: anybody may check a commune before signing up; a signed-in
professional also sees the organisation they act for. It reads only (GET)."""

from tests.security.matrix import NOT_ALLOWED, PUBLIC, Access

ACCESS = {
    "vta:eligibility": Access(get=PUBLIC),
    "vta:eligibility#check": Access(get=PUBLIC, query="commune=42218&legal_nature=commune"),
    # Published VTA offers for the official platform and aggregators (read-only, like the feeds).
    "vta:offers_json": Access(get=PUBLIC, post=NOT_ALLOWED),
    "vta:offers_csv": Access(get=PUBLIC, post=NOT_ALLOWED),
}

"""Access to the proposals and the situations after the follow-up (issue 15, followup-actions).

The world's follow-up (tests/security/access_followup.py): the candidate Inès, followed by
recruiter_a for organisation A. Its proposal is an offer of organisation A sent to read. Only the
person answers a proposal; only an active member of the group proposes, withdraws, reads the
group's proposals and records the situations; everyone else gets a 404 (nobody learns that the
person is followed). « Mes propositions » and « Situations à renseigner » show the reader's own
items only (empty for anyone else).
"""

from tests.security.access_followup import _followup, _pk
from tests.security.matrix import LOGGED_IN, LOGIN, REDIRECT, Access, expect


def _proposal(w):
    from emploi_territoires.followup import services_proposals
    from emploi_territoires.followup.models import Proposal

    if not hasattr(w, "_proposal"):
        w._proposal = services_proposals.propose(
            _followup(w), w.recruiter_a, kind=Proposal.Kind.OFFER, offer=w.offer_published, message="À lire"
        )
    return w._proposal


def build_proposals_story(w) -> None:
    """A declined proposal (with the person's word) and one waiting: for the poisoned-world crawl."""
    from emploi_territoires.followup import services_proposals
    from emploi_territoires.followup.models import Proposal

    services_proposals.answer(_proposal(w), w.candidate, accept=False, message="Pas pour le moment")
    services_proposals.propose(
        _followup(w), w.recruiter_a, kind=Proposal.Kind.OFFER, offer=w.offer_published, message="À relire"
    )


MEMBER_GET = expect(404, anonymous=LOGIN, recruiter_a=200)
POST_ONLY = expect(405, anonymous=LOGIN)

ACCESS = {
    "followup:my_proposals": Access(get=LOGGED_IN),
    "followup:proposal_answer": Access(
        get=POST_ONLY,
        post=expect(404, anonymous=LOGIN, candidate=REDIRECT),
        kwargs=lambda w: {"pk": _proposal(w).pk},
        data=lambda w: {"decision": "decline", "message": "Pas pour moi"},
    ),
    "followup:proposals_of": Access(get=MEMBER_GET, kwargs=_pk),
    "followup:propose": Access(
        get=MEMBER_GET,
        post=expect(404, anonymous=LOGIN, recruiter_a=REDIRECT),
        kwargs=lambda w: {**_pk(w), "kind": "offre"},
        data=lambda w: {"offer": w.offer_published.reference, "message": "Cette offre pourrait vous plaire."},
    ),
    "followup:proposal_withdraw": Access(
        get=POST_ONLY,
        post=expect(404, anonymous=LOGIN, recruiter_a=REDIRECT),
        kwargs=lambda w: {"pk": _proposal(w).pk},
    ),
    # The follow-up is open: the member's POST comes back with the French message, nothing written.
    "followup:outcomes": Access(
        get=MEMBER_GET,
        post=MEMBER_GET,
        kwargs=_pk,
        data=lambda w: {"milestone": "end", "situation": "job", "contract_kind": "cdi", "recorded_on": "2026-01-05"},
    ),
    "followup:due_outcomes": Access(get=LOGGED_IN),
}

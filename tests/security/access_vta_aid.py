"""Access to the VTA aid, envelopes and missions (issue 16, vta-aid; eligibility's URLs are in access_vta.py).

The missions below belong to organisation A (Saint-Étienne Métropole, Loire): recruiter_a is the
collectivité's insider; the candidate persona (Inès) is the volunteer. The préfecture of the
département is not one of the matrix's roles: its pages answer 403 to the collectivité and staff
(who read) and 404 to everyone else; tests/vta/test_views_aid.py requests every URL as the Nièvre's
préfecture, the Loire's, the collectivité, another collectivité, the candidate and anonymous.
Staff read every file and keep the envelopes; recruiter_b (an entreprise), advisor_other (an Apec
advisor of the Nièvre) learn nothing (404).
"""

from tests.security.matrix import LOGGED_IN, LOGIN, PUBLIC, REDIRECT, Access, expect


def _missions(w) -> dict:
    cached = w.__dict__.get("_vta_aid_missions")
    if cached is None:
        import datetime

        from django.core.files.base import ContentFile

        from emploi_territoires.core.storage import private_storage
        from emploi_territoires.vta.models import AidRequest, AidStatus, Envelope, Mission
        from tests.vta.factories_aid import PDF, vta_offer

        offer = vta_offer(w.organisation_a, positions=3)
        envelope = Envelope.objects.create(
            departement_id=w.organisation_a.commune.departement_id, year=2026, amount_eur=60_000
        )

        def mission(status, **aid_fields):
            made = Mission.objects.create(
                organisation=w.organisation_a,
                offer=offer,
                volunteer=w.candidate,
                volunteer_name="Inès Haddad",
                volunteer_email=w.candidate.email,
                title=offer.title,
                commune=offer.commune,
                starts_on=datetime.date(2027, 1, 4),
                ends_on=datetime.date(2028, 1, 3),
            )
            AidRequest.objects.create(mission=made, status=status, envelope=envelope, **aid_fields)
            return made

        charter = private_storage().save("vta/charte/matrice.pdf", ContentFile(PDF))
        cached = {
            "notified": mission(AidStatus.NOTIFIED),
            "available": mission(AidStatus.AVAILABLE),
            "filed": mission(AidStatus.FILED, charter_file=charter),
            "envelope": envelope,
        }
        w.__dict__["_vta_aid_missions"] = cached
    return cached


def notified(w) -> dict:
    return {"pk": _missions(w)["notified"].pk}


def available(w) -> dict:
    return {"pk": _missions(w)["available"].pk}


def filed(w) -> dict:
    return {"pk": _missions(w)["filed"].pk}


def export(fmt):
    def kwargs(w) -> dict:
        envelope = _missions(w)["envelope"]
        return {"departement": envelope.departement_id, "year": envelope.year, "fmt": fmt}

    return kwargs


POST_ONLY = expect(405, anonymous=LOGIN)
# The préfecture's moves: the collectivité and staff are inside (403), everyone else learns nothing.
PREFECTURE_POST = expect(404, anonymous=LOGIN, recruiter_a=403, staff=403)

ACCESS = {
    "vta:aid_list": Access(get=LOGGED_IN),
    "vta:aid_notify": Access(
        get=expect(403, anonymous=LOGIN, recruiter_a=200),
        # An empty form: shown again with its errors, nothing written.
        post=expect(403, anonymous=LOGIN, recruiter_a=200),
        data=lambda w: {},
    ),
    "vta:aid_detail": Access(get=expect(404, anonymous=LOGIN, recruiter_a=200, staff=200), kwargs=notified),
    "vta:aid_confirm": Access(get=POST_ONLY, post=PREFECTURE_POST, kwargs=notified, data=lambda w: {}),
    "vta:aid_unavailable": Access(
        get=POST_ONLY, post=PREFECTURE_POST, kwargs=notified, data=lambda w: {"text": "Enveloppe épuisée."}
    ),
    "vta:aid_file": Access(
        get=expect(404, anonymous=LOGIN, recruiter_a=200, staff=403),
        # No contract dates: the form comes back with « sans contrat, pas de demande d'aide ».
        post=expect(404, anonymous=LOGIN, recruiter_a=200, staff=403),
        kwargs=available,
        data=lambda w: {"summary": "Mission"},
    ),
    "vta:aid_decide": Access(
        get=POST_ONLY,
        post=PREFECTURE_POST,
        kwargs=filed,
        data=lambda w: {"decision": "granted", "amount": "15000", "decided_on": "2026-12-01"},
    ),
    "vta:aid_withdraw": Access(
        get=POST_ONLY,
        post=expect(404, anonymous=LOGIN, recruiter_a=REDIRECT, staff=403),
        kwargs=notified,
        data=lambda w: {"text": "La candidate a choisi un autre poste."},
    ),
    "vta:aid_charter": Access(get=expect(404, anonymous=LOGIN, recruiter_a=200, staff=200), kwargs=filed),
    "vta:mission_outcome": Access(
        get=POST_ONLY,
        # The aid is not granted: refused with a message, nothing written.
        post=expect(404, anonymous=LOGIN, recruiter_a=REDIRECT, candidate=REDIRECT, staff=403),
        no_change=("recruiter_a", "candidate"),
        kwargs=filed,
        data=lambda w: {"moment": "end", "situation": "seeking"},
    ),
    "vta:my_missions": Access(get=LOGGED_IN),
    "vta:mission_listing": Access(
        get=POST_ONLY,
        post=expect(404, anonymous=LOGIN, candidate=REDIRECT),
        no_change=("candidate",),
        kwargs=filed,
        data=lambda w: {"listed": "1"},
    ),
    "vta:envelopes": Access(
        get=expect(403, anonymous=LOGIN, staff=200),
        post=expect(403, anonymous=LOGIN, staff=REDIRECT),
        data=lambda w: {"departement": "42", "year": "2027", "amount_eur": "45000"},
    ),
    "vta:envelope_export": Access(get=expect(404, anonymous=LOGIN, staff=200), kwargs=export("csv")),
    "vta:envelope_export#xlsx": Access(get=expect(404, anonymous=LOGIN, staff=200), kwargs=export("xlsx")),
    "vta:volunteers": Access(get=PUBLIC, kwargs=lambda w: {"departement": w.organisation_a.commune.departement_id}),
}

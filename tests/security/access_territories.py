"""Access to the territory pages, the commune search and the diagnostics: public reference data."""

from tests.security.matrix import LOGIN, PUBLIC, REDIRECT, Access, expect


def _st(w):
    from tests.factories import saint_etienne

    return saint_etienne()


ACCESS = {
    "territories:index": Access(get=PUBLIC),
    # One match (an INSEE code): straight to its page.
    "territories:search": Access(get=expect(REDIRECT), query="q=42218"),
    "territories:suggestions": Access(get=PUBLIC, query="q=saint"),
    "territories:commune_options": Access(get=PUBLIC, query="q=saint"),
    "territories:territory_options": Access(get=PUBLIC, query="q=saint&niveau=epci"),
    "territories:commune": Access(get=PUBLIC, kwargs=lambda w: {"code": _st(w).code}),
    "territories:epci": Access(get=PUBLIC, kwargs=lambda w: {"siren": _st(w).epci.siren}),
    "territories:departement": Access(get=PUBLIC, kwargs=lambda w: {"code": _st(w).departement.code}),
    "territories:region": Access(get=PUBLIC, kwargs=lambda w: {"code": _st(w).region.code}),
    "territories:programme": Access(get=PUBLIC, kwargs=lambda w: {"slug": "ti"}),
    "territories:programme_entity": Access(get=expect(404), kwargs=lambda w: {"slug": "ti", "local_id": "TI-42"}),
    "territories:diagnostic_choose": Access(get=expect(200, anonymous=LOGIN, candidate=403)),
    "territories:diagnostic": Access(
        get=expect(200, anonymous=LOGIN, candidate=403), kwargs=lambda w: {"level": "commune", "code": _st(w).code}
    ),
    # The PDF is prepared in the background: before it is ready, the link leads to the report page.
    "territories:diagnostic_pdf": Access(
        get=expect(REDIRECT, anonymous=LOGIN, candidate=403),
        kwargs=lambda w: {"level": "commune", "code": _st(w).code},
    ),
    "territories:diagnostic_report": Access(
        get=expect(200, anonymous=LOGIN, candidate=403),
        post=expect(REDIRECT, anonymous=LOGIN, candidate=403),
        kwargs=lambda w: {"level": "commune", "code": _st(w).code},
    ),
    "territories:diagnostic_report_status": Access(
        get=expect(200, anonymous=LOGIN, candidate=403),
        kwargs=lambda w: {"level": "commune", "code": _st(w).code},
    ),
    "territories:diagnostic_export": Access(
        get=expect(200, anonymous=LOGIN, candidate=403),
        kwargs=lambda w: {"level": "commune", "code": _st(w).code, "table": "synthese", "fmt": "csv"},
    ),
}

"""Every state-changing page refuses a POST without the CSRF token, even from the allowed role.

(The permission matrix posts without CSRF checks, as Django's test client does by default; this
test turns them on.) The API is token-authenticated, not session-based: it is exempt by design.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.matrix import DENIED, ROLES, database_fingerprint, load_declarations

DECLARATIONS = load_declarations()
# Deliberately exempt, with the reason.
CSRF_EXEMPT = {
    # RFC 8058 one-click unsubscribe: mail clients POST without a token; the secret token in the
    # URL authorises it, and all it can do is pause one alert.
    "applications:alert_unsubscribe",
}
STATE_CHANGING = sorted(
    key
    for key, access in DECLARATIONS.items()
    if access.post is not None
    and not access.api
    and key not in CSRF_EXEMPT
    and any(access.post[r] not in DENIED for r in ROLES[1:])
)


@pytest.mark.parametrize("name", STATE_CHANGING)
def test_post_without_csrf_token_is_refused(name, world):
    access = DECLARATIONS[name]
    allowed = [r for r in ROLES[1:] if access.post[r] not in DENIED]
    # A role whose POST changes something, or else (a URL that changes nothing for any persona, such as
    # resending a verification e-mail to verified accounts) one it answers: without the token, 403 all the same.
    role = next((r for r in allowed if r not in access.no_change), allowed[0])
    kwargs = access.kwargs(world) if access.kwargs else {}
    url = reverse(name.split("#")[0], kwargs=kwargs) + (f"?{access.query}" if access.query else "")
    data = access.data(world) if access.data else {}
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.personas[role])
    before = database_fingerprint()
    response = client.post(url, data)
    assert response.status_code == 403, f"{name} ({role}) : {response.status_code}"
    assert database_fingerprint() == before

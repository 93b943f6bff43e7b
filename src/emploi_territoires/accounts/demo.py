"""The demo accounts' e-mail domain and password, shared by every app's demo loader (emploi_territoires.demo).

Published in the README on purpose; `load_demo` refuses to run in production.
"""

DEMO_DOMAIN = "demo.emploi-territoires.fr"
DEMO_PASSWORD = "demo-territoires-2026"  # noqa: S105 — published in the README on purpose

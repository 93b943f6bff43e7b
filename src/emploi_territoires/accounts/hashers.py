"""How passwords are stored: Argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane).

Django's default, PBKDF2-SHA256 with 1,000,000 iterations, cost about 0.3 s of CPU per login on
these two-core machines and over a second under load (logins took 2.5 s at the median in the
demo); Argon2id at these parameters costs a tenth of that CPU while its memory cost makes GPU
guessing far dearer. `bench/password_hashing.py` prints the ratio. Existing PBKDF2 hashes keep
working and are rehashed with Argon2id at the next successful login (Django's `must_update`).
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    # The parameters are stored in each hash: changing them here upgrades hashes at the next login.
    time_cost = 2
    memory_cost = 19_456  # KiB
    parallelism = 1

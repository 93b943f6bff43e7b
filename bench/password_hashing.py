"""Login cost: checking a password with PBKDF2-SHA256 at 1,000,000 iterations (Django's default,
what the platform used) against Argon2id at OWASP's minimum (accounts/hashers.py), in one run.

    .venv/bin/python bench/password_hashing.py [--rounds 7]

Prints the median time of one check for each and their ratio (compare ratios, not seconds: the
machines are shared and noisy).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emploi_territoires.settings")
    import django

    django.setup()
    from django.contrib.auth.hashers import PBKDF2PasswordHasher, check_password, make_password

    from emploi_territoires.accounts.hashers import Argon2idHasher

    password = "demo-territoires-2026"  # noqa: S105 - the demo's published password
    encoded = {
        "PBKDF2-SHA256, 1 000 000 itérations (avant)": PBKDF2PasswordHasher().encode(password, "selselselsel"),
        "Argon2id 19 Mio, t=2, p=1 (maintenant)": make_password(password, hasher=Argon2idHasher.algorithm),
    }
    medians = {}
    for label, stored in encoded.items():
        times = []
        for _ in range(args.rounds):
            start = time.perf_counter()
            assert check_password(password, stored)
            times.append(time.perf_counter() - start)
        medians[label] = statistics.median(times)
        print(f"{label:48s} médiane {medians[label] * 1000:7.1f} ms")
    before, after = medians.values()
    print(f"rapport avant / maintenant : {before / after:.1f}")


if __name__ == "__main__":
    main()

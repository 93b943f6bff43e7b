"""Locust users for bench/load.py (run by it; not a test): people browsing the board and applying.

Reads LOAD_DATA (JSON written by bench/load.py: offer references, the offers open to applications
on the platform, search words, candidate logins) and appends every request to LOAD_LOG (CSV: time,
name, status, milliseconds, ok, whether a 503 was the platform's clean page), from which
bench/load.py computes its figures.

- Visitor (3 in 4): a board search (1–2 words, sometimes a contract type or a département), the
  next page of results, an offer page; the home page now and then.
- Candidate (1 in 4): logs in once (login form with its CSRF token), then searches, reads offers
  and applies to an open offer through the offer page's form (CSRF token read from the page);
  looks at "Mes candidatures" now and then.

Think time: 2 to 10 s between two actions, uniformly — a person reads a page of results or an offer
before clicking again. Redirects are not followed for the form posts, so each request is timed alone.
"""

from __future__ import annotations

import csv
import json
import os
import random
import re
import threading
import time

from locust import HttpUser, between, events, task

DATA = json.loads(open(os.environ["LOAD_DATA"], encoding="utf-8").read())  # noqa: SIM115
LOG_PATH = os.environ["LOAD_LOG"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CONTRACTS = ["cdi", "cdd", "interim", "apprentissage", "stage", "vta"]
_lock = threading.Lock()
_log = open(LOG_PATH, "w", newline="", encoding="utf-8")  # noqa: SIM115
_writer = csv.writer(_log)
_writer.writerow(["t", "name", "status", "ms", "ok", "clean_503"])


@events.request.add_listener
def record(request_type, name, response_time, response_length, response=None, exception=None, **kwargs):
    status = getattr(response, "status_code", 0) or 0
    clean = (
        status == 503
        and "Service momentanément indisponible" in (response.text or "")
        and bool(response.headers.get("Retry-After"))
    )
    ok = exception is None and 200 <= status < 400
    with _lock:
        _writer.writerow([f"{time.time():.3f}", name, status, f"{response_time:.1f}", int(ok), int(clean)])
        _log.flush()


@events.quitting.add_listener
def close_log(**kwargs):
    _log.close()


def search_params(rng: random.Random) -> dict[str, str]:
    params = {"q": " ".join(rng.sample(DATA["words"], rng.choice([1, 1, 2])))}
    if rng.random() < 0.25:
        params["contract"] = rng.choice(CONTRACTS)
    if rng.random() < 0.2:
        params["departement"] = rng.choice(["42", "58", "71", "21", "69", "75", "13", "33"])
    return params


class Browsing:
    """The actions shared by both kinds of people."""

    rng: random.Random

    def search(self) -> None:
        params = search_params(self.rng)
        with self.client.get("/offres/", params=params, name="board search", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
        if self.rng.random() < 0.3:
            self.client.get("/offres/", params={**params, "page": "2"}, name="board page 2")

    def read_offer(self) -> None:
        reference = self.rng.choice(DATA["references"])
        self.client.get(f"/offres/{reference}/", name="offer page")


class Visitor(Browsing, HttpUser):
    weight = 3
    wait_time = between(2, 10)

    def on_start(self) -> None:
        self.rng = random.Random()

    @task(5)
    def board(self) -> None:
        self.search()

    @task(5)
    def offer(self) -> None:
        self.read_offer()

    @task(1)
    def home(self) -> None:
        self.client.get("/", name="home")


class Candidate(Browsing, HttpUser):
    weight = 1
    wait_time = between(2, 10)

    def on_start(self) -> None:
        self.rng = random.Random()
        self.email = self.rng.choice(DATA["candidates"])
        page = self.client.get("/comptes/connexion/", name="login form")
        token = CSRF.search(page.text or "")
        with self.client.post(
            "/comptes/connexion/",
            data={
                "username": self.email,
                "password": DATA["password"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            allow_redirects=False,
            name="login",
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"connexion refusée (statut {response.status_code})")

    @task(3)
    def board(self) -> None:
        self.search()

    @task(3)
    def offer(self) -> None:
        self.read_offer()

    @task(2)
    def apply(self) -> None:
        reference = self.rng.choice(DATA["applicable"])
        page = self.client.get(f"/offres/{reference}/", name="offer page (to apply)")
        token = CSRF.search(page.text or "")
        if page.status_code != 200 or token is None:
            return
        with self.client.post(
            f"/candidats/postuler/{reference}/",
            data={
                "message": "Bonjour, votre offre m'intéresse : je suis disponible rapidement.",
                "csrfmiddlewaretoken": token.group(1),
            },
            allow_redirects=False,
            name="apply",
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"statut {response.status_code}")

    @task(1)
    def my_applications(self) -> None:
        self.client.get("/candidats/mes-candidatures/", name="my applications")

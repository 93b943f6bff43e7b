"""The search projection: one row per published offer, everything the board shows and filters on.

Why a projection rather than querying `Offer`: the board, the feeds, the API and the benchmark
filter and sort on the offer's commune (programme flags, département, coordinates) and show the
employer's name; reading all that from one narrow table with its own indexes, and never joining,
is what keeps a search at 1M offers under 50 ms. It is written only by `search.indexing` (on
`offers.signals.offer_changed`, and by `reindex_offers`).

Full text lives beside it, per database (migration 0002):
- PostgreSQL: a generated `search_vector` tsvector column (configuration `french_unaccent`:
  unaccent then the French stemmer; title weighted A, body B) with a GIN index;
- SQLite: an external-content FTS5 table `search_offer_fts` (title, body) kept in sync by triggers.
  Caution: SQLite rebuilds a table to alter it, which drops its triggers; a migration altering
  this model on SQLite must recreate them (see 0002).
"""

from __future__ import annotations

from django.db import models

from emploi_territoires.offers.models import Offer


class OfferDocument(models.Model):
    offer = models.OneToOneField(Offer, on_delete=models.CASCADE, primary_key=True, related_name="search_document")
    reference = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=150)
    employer_name = models.CharField(max_length=200)
    is_public_employer = models.BooleanField(default=False)
    # No `choices` here: the offer model owns them (a change there needs no migration here).
    contract_type = models.CharField(max_length=20)
    remote = models.CharField(max_length=10)
    # Civil service filters (issue 18): catégorie A/B/C, versant, open to non-civil servants.
    public_category = models.CharField(max_length=1, blank=True, default="")
    public_service_branch = models.CharField(max_length=15, blank=True, default="")
    open_to_contractuels = models.BooleanField(default=False)
    salary_min = models.PositiveIntegerField(null=True, blank=True)
    salary_max = models.PositiveIntegerField(null=True, blank=True)
    published_at = models.DateTimeField()
    closing_date = models.DateField(null=True, blank=True)

    # The commune, copied so no search joins: a programme import that changes flags needs a
    # `reindex_offers` run (the import commands say so).
    commune_code = models.CharField(max_length=5)
    commune_name = models.CharField(max_length=100)
    postcode = models.CharField(max_length=5, blank=True)
    departement = models.CharField(max_length=3)
    region = models.CharField(max_length=3)
    epci = models.CharField(max_length=9, blank=True)
    in_acv = models.BooleanField(default=False)
    in_pvd = models.BooleanField(default=False)
    in_ti = models.BooleanField(default=False)
    in_qpv = models.BooleanField(default=False)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    # What the full-text index reads (see the module docstring): folded words on PostgreSQL,
    # folded and stemmed words on SQLite (search.text).
    search_title = models.TextField(blank=True)
    search_body = models.TextField(blank=True)
    # Filter tokens for SQLite's FTS5 (search.indexing.facets); unused by PostgreSQL's plans.
    search_facets = models.TextField(blank=True)

    class Meta:
        verbose_name = "offre indexée"
        verbose_name_plural = "offres indexées"
        indexes = [
            models.Index(fields=["-published_at"], name="offerdoc_published_idx"),
            models.Index(fields=["commune_code", "-published_at"], name="offerdoc_commune_idx"),
            models.Index(fields=["departement", "-published_at"], name="offerdoc_departement_idx"),
            models.Index(fields=["region", "-published_at"], name="offerdoc_region_idx"),
            models.Index(fields=["epci", "-published_at"], name="offerdoc_epci_idx"),
            models.Index(fields=["contract_type", "-published_at"], name="offerdoc_contract_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

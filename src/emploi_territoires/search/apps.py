from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "emploi_territoires.search"
    verbose_name = "Recherche d'offres"

    def ready(self) -> None:
        from emploi_territoires.offers.signals import offer_changed

        from .indexing import on_offer_changed

        # The projection follows every public change of an offer (publish, edit, fill, expire…).
        offer_changed.connect(on_offer_changed, dispatch_uid="search_index_offer")

        from emploi_territoires.territories.signals import reference_data_changed

        from .indexing import on_reference_changed

        # Offers copy their commune's programme flags and position: a new list or COG reindexes them.
        reference_data_changed.connect(on_reference_changed, dispatch_uid="search_reindex_reference")

"""The search projection follows reference-data changes (programme imports)."""


def test_a_programme_import_reindexes_the_offers_flags(db, django_capture_on_commit_callbacks):
    """Offers copy their commune's programme flags: importing a list updates the projection."""
    from emploi_territoires.search.models import OfferDocument
    from emploi_territoires.territories.programmes import import_programme_file
    from tests.factories import clamecy
    from tests.offers.factories import OfferFactory

    commune = clamecy()
    commune.in_pvd = False
    commune.save(update_fields=["in_pvd"])
    offer = OfferFactory(commune=commune, status="published")
    with django_capture_on_commit_callbacks(execute=True):
        from emploi_territoires.search.indexing import index_offer

        index_offer(offer.pk)
    assert OfferDocument.objects.get(offer=offer).in_pvd is False
    csv = b"id_pvd,insee_com,lib_com,insee_dep,date_signature\npvd-27-58-5,58079,Clamecy,58,2021-06-21\n"
    with django_capture_on_commit_callbacks(execute=True):
        import_programme_file(csv, source_name="pvd_2024.csv", programme="pvd", vintage="2024", apply=True)
    assert OfferDocument.objects.get(offer=offer).in_pvd is True

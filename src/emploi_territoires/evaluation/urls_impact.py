"""Impact studies: the web layer is not built yet; the engine runs through `manage.py impact_study`."""

urlpatterns: list = []

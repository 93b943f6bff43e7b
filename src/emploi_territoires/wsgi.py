import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emploi_territoires.settings")
application = get_wsgi_application()

# Each web worker loads the offer assistant's French pipeline (spaCy, a few seconds) in a background thread
# as it starts, so the first author or API call does not wait for it; ASSISTANT_PRELOAD=0 turns it off.
if os.environ.get("ASSISTANT_PRELOAD", "1") != "0":
    from emploi_territoires.offers.assistant.french import preload

    preload()

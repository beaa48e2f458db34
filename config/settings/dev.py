from config.settings.base import *  # noqa: F401,F403
from config.settings.base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
MAILLAGE_DEMO = env.bool("MAILLAGE_DEMO", default=True)
# WhiteNoise sert les fichiers statiques depuis les applications, sans collectstatic, même sans DEBUG : `make demo`
# tourne sans DEBUG pour montrer les vraies pages d'erreur en français (404, 500), comme en production.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

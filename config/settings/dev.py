from config.settings.base import *  # noqa: F401,F403
from config.settings.base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
MAILLAGE_DEMO = env.bool("MAILLAGE_DEMO", default=True)

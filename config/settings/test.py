from config.settings.base import *  # noqa: F401,F403
from config.settings.base import DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"},
    "rendu": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests-rendu"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEBUG = False
MAILLAGE_DEMO = True
DATABASES["default"]["CONN_MAX_AGE"] = 0
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MAP_TILE_URL = ""  # les tests ne sortent jamais du poste : pas de tuiles
WHITENOISE_AUTOREFRESH = True  # pas de collectstatic en test : WhiteNoise sert depuis les finders
STATIC_ROOT = None
# Tâches de fond faites tout de suite, dans la requête : les tests lisent le résultat sans processus à part. Un test
# (tests/taches/test_worker.py) passe par la vraie file en base et `db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

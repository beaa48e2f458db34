"""Réglages communs. Tout se lit dans l'environnement (voir docs/environnement.md)."""

import importlib.util
from pathlib import Path

import environ
from csp.constants import NONE, SELF

from config.settings.safeguards import parse_trusted_proxies, tile_source

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "dsfr",
    "widget_tweaks",  # requis par les gabarits de cases à cocher de django-dsfr
    "django_htmx",
    "axes",
    "csp",
    "ninja",  # documentation de l'API servie depuis nos fichiers statiques, pas depuis un CDN
    "django_tasks",  # tâches de fond (DEP 14, intégré à Django 6.0) : voir docs/decisions/0008
    "django_tasks_db",  # leur file en base (SQLite ou PostgreSQL), vidée par `manage.py db_worker`
    "maillage.core",
    "maillage.comptes",
    "maillage.lieux",
    "maillage.orientations",
    "maillage.accompagnements",
    "maillage.pass_numerique",
    "maillage.taches",
    "maillage.aidants",
    "maillage.label",
    "maillage.diagnostic",
    "maillage.mes_donnees",
    "maillage.formations",
    "maillage.annuaire",
    "maillage.observatoire",
    "maillage.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "maillage.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Juste après les sessions : sa réponse passe avant leur enregistrement (expiration après inactivité).
    "maillage.core.middleware.SessionIdleMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Avant toute vue : caractère nul, caractères de contrôle → page 400 en français qui nomme le paramètre.
    "maillage.core.validators.CaracteresInterditsMiddleware",
    # Doit rester le dernier : il compte les échecs de connexion (verrouillage).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "maillage" / "core" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "maillage.core.context_processors.maillage",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite : attendre un verrou plutôt qu'échouer, et écrire en WAL pour lire pendant une écriture.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            # Une transaction prend le verrou d'écriture dès son début : sinon, une transaction qui a lu puis
            # veut écrire après une autre échoue aussitôt (« database is locked ») au lieu d'attendre.
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "comptes.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "comptes:login"
LOGIN_REDIRECT_URL = "core:tableau_de_bord"
LOGOUT_REDIRECT_URL = "core:accueil"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # 24 h : un lien de réinitialisation ne vit pas plus d'un jour.

# Une session connectée expire après ce temps sans activité (tous les comptes : chacun lit des données
# personnelles ou agit sur le Pass). SessionIdleMiddleware la prolonge à chaque requête, au plus une écriture
# par minute. Le cookie n'a pas d'autre durée de vie.
MAILLAGE_SESSION_IDLE_MINUTES = env.int("MAILLAGE_SESSION_IDLE_MINUTES", default=30)
SESSION_COOKIE_AGE = MAILLAGE_SESSION_IDLE_MINUTES * 60

# Mandataires inverses de confiance (adresses ou plages CIDR). X-Forwarded-For n'est lu que pour une requête
# qui arrive de l'un d'eux ; vide = jamais (voir maillage.core.utils.client_ip).
MAILLAGE_TRUSTED_PROXIES = parse_trusted_proxies(env.list("DJANGO_TRUSTED_PROXIES", default=[]))

# Verrouillage après échecs répétés (django-axes) : par couple identifiant + adresse IP.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)  # heures
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "comptes/verrouille.html"
AXES_VERBOSE = False
# Une seule résolution de l'adresse IP pour tout le projet (mandataires de confiance compris).
AXES_CLIENT_IP_CALLABLE = "maillage.core.utils.client_ip"

INVITATION_VALIDITY_DAYS = env.int("INVITATION_VALIDITY_DAYS", default=14)

# Tâches de fond (import web de lieux…) : file en base, sans autre serveur ; un processus `manage.py db_worker`
# les fait tourner (docs/decisions/0008-taches-de-fond.md). Leur résultat est effacé après ce nombre de jours par
# `manage.py nettoyer_taches` (cron quotidien).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
MAILLAGE_TACHES_CONSERVATION_JOURS = env.int("MAILLAGE_TACHES_CONSERVATION_JOURS", default=7)

LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "maillage" / "core" / "static"]
# Leaflet vient du paquet PyPI django-leaflet : on sert ses fichiers statiques sans installer l'app
# (elle tirerait GeoDjango/GDAL, inutile ici). Le paquet n'est pas importé, seulement localisé.
_leaflet_spec = importlib.util.find_spec("leaflet")
if _leaflet_spec and _leaflet_spec.submodule_search_locations:
    STATICFILES_DIRS.append(("vendor", Path(_leaflet_spec.submodule_search_locations[0]) / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://maillage"),
    # Fragments de gabarits dont le rendu ne dépend que de la requête (formulaire de la recherche de lieux) :
    # propre à chaque processus, exprès (rien à partager, aucune lecture réseau pour un gain d'une milliseconde).
    "rendu": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "rendu",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Maillage <ne-pas-repondre@maillage.localhost>")
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# Identité du territoire qui déploie l'instance (affichée dans l'en-tête).
MAILLAGE_TERRITOIRE_NOM = env("MAILLAGE_TERRITOIRE_NOM", default="Maine-et-Loire")
# Départements du territoire de l'instance (codes INSEE) : la recherche de communes propose les leurs d'abord.
MAILLAGE_DEPARTEMENTS = env.list("MAILLAGE_DEPARTEMENTS", default=["49"])
MAILLAGE_OPERATEUR = env("MAILLAGE_OPERATEUR", default="Réseau départemental de médiation numérique")
MAILLAGE_DEMO = env.bool("MAILLAGE_DEMO", default=False)

# Cartes : tuiles configurables (aucun CDN pour le code : Leaflet vient du paquet django-leaflet).
MAP_TILE_URL = env("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", default="&copy; contributeurs OpenStreetMap")

DSFR_USE_INTEGRITY_CHECKSUMS = True

# Politique de sécurité du contenu (django-csp) : tout vient de l'application, aucun script ni style en ligne.
# Seule source extérieure : les tuiles de carte (MAP_TILE_URL). data: pour les petites images des feuilles de
# style (icônes du DSFR, Leaflet).
_TILE_SOURCE = tile_source(MAP_TILE_URL)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([_TILE_SOURCE] if _TILE_SOURCE else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Fonctions du navigateur (Permissions-Policy) : tout est coupé, sauf la caméra sur la page d'encaissement du
# Pass (lecture du QR code) et la géolocalisation sur la recherche de lieux (« Autour de moi »).
PERMISSIONS_POLICY = {
    "camera": [],
    "geolocation": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "serial": [],
    "bluetooth": [],
    "display-capture": [],
}
PERMISSIONS_POLICY_BY_VIEW = {
    "pass_numerique:encaisser": {"camera": ["self"]},
    "lieux:recherche": {"geolocation": ["self"]},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

NINJA_PAGINATION_PER_PAGE = 20

"""Une seule forme d'erreur pour toute l'API, en français, décrite dans le schéma OpenAPI.

Pourquoi : django-ninja répond par défaut `{"detail": …}` en anglais (`"Field required"`, `"Not Found"`), et nos
points d'entrée avaient chacun leur forme (`detail`, `message`, `ok`/`motif`). Un réutilisateur doit pouvoir lire
n'importe quel refus de la même façon :

    {"message": "Paramètre refusé : limit (doit être inférieur ou égal à 50).",
     "motif": "PARAMETRES_INVALIDES",
     "erreurs": [{"champ": "limit", "message": "Doit être inférieur ou égal à 50.", "regle": "less_than_equal"}]}

`message` est une phrase à montrer telle quelle ; `motif` un code stable pour les programmes ; `erreurs` détaille les
paramètres ou champs refusés (vide quand le refus ne tient pas à un champ : 401, 403, 404…).
"""

import json

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from pydantic import Field

from maillage.core.validators import (
    MESSAGE,
    caracteres_interdits_dans,
    caracteres_interdits_querydict,
    nom_lisible,
)


class ErreurChamp(Schema):
    champ: str = Field(description="Nom du paramètre ou chemin du champ JSON (`arrets.0.nom`)")
    message: str = Field(description="La règle non respectée, en français")
    regle: str = Field(description="Code stable de la règle (`missing`, `less_than_equal`, `caractere_interdit`…)")


class ErreurAPI(Schema):
    message: str = Field(description="Le refus en une phrase, en français, à montrer tel quel")
    motif: str = Field(
        description="Code stable : PARAMETRES_INVALIDES, REQUETE_INVALIDE, NON_CONNECTE, INTERDIT, INTROUVABLE, "
        "TROP_DE_REQUETES, ou un motif métier (DEJA_ENCAISSE…)"
    )
    erreurs: list[ErreurChamp] = Field(default_factory=list, description="Les champs refusés, un par règle")


def erreurs(*codes: int) -> dict:
    """`response={200: X, **erreurs(401, 422)}` : les refus possibles, tous décrits par `ErreurAPI`."""
    return dict.fromkeys(codes, ErreurAPI)


def erreur(message: str, motif: str, champs: list[dict] | None = None) -> dict:
    return {"message": message, "motif": motif, "erreurs": champs or []}


def erreur_metier(exc: DjangoValidationError, motif: str = "ACTION_IMPOSSIBLE") -> dict:
    """Le refus d'un service (ValidationError de Django, déjà en français) dans la forme commune."""
    champs = []
    if hasattr(exc, "error_dict"):
        for champ, liste in exc.error_dict.items():
            if champ == NON_FIELD_ERRORS:
                continue
            for e in liste:
                champs += [{"champ": champ, "message": m, "regle": e.code or "invalide"} for m in e.messages]
    return erreur(" ".join(exc.messages), motif, champs)


# — Règles pydantic en français —

_NOMBRE = "doit être un nombre (point comme séparateur décimal, par exemple 47.47)"
_ENTIER = "doit être un nombre entier"
_DATE = "doit être une date au format AAAA-MM-JJ"
_DATE_HEURE = "doit être une date et une heure au format AAAA-MM-JJTHH:MM (ISO 8601)"
_UUID = "doit être un identifiant (UUID, par exemple 3fa85f64-5717-4562-b3fc-2c963f66afa6)"
_OBJET = "doit être un objet JSON"

REGLES = {
    "missing": "est obligatoire",
    "int_parsing": _ENTIER,
    "int_type": _ENTIER,
    "int_from_float": _ENTIER + " (sans virgule)",
    "float_parsing": _NOMBRE,
    "float_type": _NOMBRE,
    "finite_number": "doit être un nombre fini",
    "bool_parsing": "doit valoir true ou false",
    "bool_type": "doit valoir true ou false",
    "greater_than": "doit être strictement supérieur à {gt}",
    "greater_than_equal": "doit être supérieur ou égal à {ge}",
    "less_than": "doit être strictement inférieur à {lt}",
    "less_than_equal": "doit être inférieur ou égal à {le}",
    "string_type": "doit être un texte",
    "string_pattern_mismatch": "n'a pas le format attendu ({pattern})",
    "literal_error": "doit valoir l'une de ces valeurs : {expected}",
    "enum": "doit valoir l'une de ces valeurs : {expected}",
    "uuid_parsing": _UUID,
    "uuid_type": _UUID,
    "date_parsing": _DATE,
    "date_type": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE + " (sans heure)",
    "datetime_parsing": _DATE_HEURE,
    "datetime_type": _DATE_HEURE,
    "datetime_from_date_parsing": _DATE_HEURE,
    "list_type": "doit être une liste",
    "dict_type": _OBJET,
    "model_type": _OBJET,
    "model_attributes_type": _OBJET,
    "json_invalid": "n'est pas un JSON valide",
    "json_type": "n'est pas un JSON valide",
    "extra_forbidden": "n'est pas un champ connu",
    "url_parsing": "doit être une adresse web (https://…)",
}


def _pluriel(n, singulier: str, pluriel: str) -> str:
    return f"{n} {singulier if n in (0, 1, '0', '1') else pluriel}"


def regle_en_francais(err: dict) -> str:
    """La règle pydantic non respectée, en français, sans majuscule ni point (pour s'insérer dans une phrase)."""
    kind = err.get("type", "")
    # 1000.0 → 1000 : la borne telle qu'on l'écrirait dans le paramètre.
    ctx = {k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in (err.get("ctx") or {}).items()}
    if kind == "caractere_interdit":
        return err["msg"]
    if kind in ("value_error", "assertion_error"):
        # Nos validateurs lèvent déjà des messages en français (valeurs possibles…) ; pydantic les préfixe.
        return str(ctx.get("error") or err.get("msg", "")).removeprefix("Value error, ")
    if kind == "string_too_short":
        return "doit compter au moins " + _pluriel(ctx.get("min_length"), "caractère", "caractères")
    if kind == "string_too_long":
        return "doit compter " + _pluriel(ctx.get("max_length"), "caractère", "caractères") + " au plus"
    if kind == "too_short":
        return "doit compter au moins " + _pluriel(ctx.get("min_length"), "élément", "éléments")
    if kind == "too_long":
        return "doit compter " + _pluriel(ctx.get("max_length"), "élément", "éléments") + " au plus"
    if modele := REGLES.get(kind):
        try:
            return modele.format(**ctx)
        except (KeyError, IndexError, ValueError):
            return modele.split(" {")[0]
    return f"n'est pas accepté (règle « {kind} »)"


_SOURCES = ("query", "path", "body", "form", "file", "header", "cookie")


def nom_du_champ(loc) -> str:
    """`("query", "limit")` → `limit` ; `("body", "arrets", 0, "nom")` → `arrets.0.nom`."""
    parts = list(loc)
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
    return ".".join(str(p) for p in parts) or "corps de la requête"


def _premiere_lettre(texte: str) -> str:
    return texte[:1].upper() + texte[1:]


def reponse_validation(api: NinjaAPI, request: HttpRequest, exc: ValidationError) -> HttpResponse:
    champs = []
    for err in exc.errors:
        regle = regle_en_francais(err)
        champs.append(
            {
                "champ": nom_du_champ(err.get("loc", ())),
                "message": _premiere_lettre(regle).rstrip(".") + ".",
                "regle": err.get("type", ""),
            }
        )
    detail = " ; ".join(f"{c['champ']} ({c['message'][0].lower()}{c['message'][1:-1]})" for c in champs)
    tete = "Paramètre refusé" if len(champs) == 1 else f"{len(champs)} paramètres refusés"
    return api.create_response(request, erreur(f"{tete} : {detail}.", "PARAMETRES_INVALIDES", champs), status=422)


# Messages anglais de django-ninja (levés par ninja lui-même) → français.
_HTTP_NINJA = {
    "Cannot parse request body": (
        "Le corps de la requête n'est pas un JSON valide. Envoyez un objet JSON encodé en UTF-8, avec l'en-tête "
        "Content-Type: application/json."
    ),
    "CSRF check Failed": (
        "Jeton CSRF absent ou invalide : avec une session, envoyez l'en-tête X-CSRFToken (valeur du cookie csrftoken)."
    ),
    "Too many requests.": "Trop de requêtes : attendez un peu avant de réessayer.",
}
_MOTIFS = {400: "REQUETE_INVALIDE", 401: "NON_CONNECTE", 403: "INTERDIT", 404: "INTROUVABLE", 429: "TROP_DE_REQUETES"}


def reponse_http(api: NinjaAPI, request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, ValidationError):  # caractère interdit dans le corps (voir ParserMaillage)
        return reponse_validation(api, request, exc.__cause__)
    if isinstance(exc, AuthenticationError):
        message = "Connexion requise : ouvrez une session sur la plateforme, puis réessayez."
    else:
        texte = str(exc)
        message = next((fr for en, fr in _HTTP_NINJA.items() if texte.startswith(en)), texte)
    motif = _MOTIFS.get(exc.status_code, "REFUS")
    return api.create_response(request, erreur(message, motif), status=exc.status_code)


def reponse_404(api: NinjaAPI, request: HttpRequest, exc: Http404) -> HttpResponse:
    # Jamais le texte de l'exception : celui de get_object_or_404 est en anglais et nomme le modèle.
    message = "Introuvable : cet objet n'existe pas, ou vous n'y avez pas accès."
    return api.create_response(request, erreur(message, "INTROUVABLE"), status=404)


# — Caractères interdits, pour tous les points d'entrée d'un coup —


class ParserMaillage(Parser):
    """Le parser JSON de ninja, qui refuse en plus les caractères interdits (voir maillage.core.validators).

    Paramètres d'URL et de formulaire : l'erreur de validation remonte telle quelle (422). Corps JSON : ninja
    enveloppe toute exception du parser dans un 400 « Cannot parse request body » ; `reponse_http` retrouve notre
    erreur dans `__cause__` et répond 422 comme pour les paramètres.
    """

    def parse_body(self, request):
        data = json.loads(request.body)
        champs = [(chemin, caractere) for chemin, caractere in caracteres_interdits_dans(data)]
        if champs:
            raise ValidationError([_erreur_caractere(("body", *chemin), caractere) for chemin, caractere in champs])
        return data

    def parse_querydict(self, data, list_fields, request):
        source = "query" if data is request.GET else "form"
        champs = list(caracteres_interdits_querydict(data))
        if champs:
            raise ValidationError([_erreur_caractere((source, nom), caractere) for nom, caractere in champs])
        return super().parse_querydict(data, list_fields, request)


def _erreur_caractere(loc: tuple, caractere: str) -> dict:
    loc = tuple(nom_lisible(p) if isinstance(p, str) else p for p in loc)
    message = MESSAGE.replace("Ce champ contient", "contient") % {"caractere": caractere}
    return {"type": "caractere_interdit", "loc": loc, "msg": message.removesuffix(".")}


class APIMaillage(NinjaAPI):
    """NinjaAPI avec nos réponses d'erreur, et des noms de champs de corps sans le nom de variable Python."""

    def set_default_exception_handlers(self) -> None:
        super().set_default_exception_handlers()
        self.add_exception_handler(ValidationError, lambda request, exc: reponse_validation(self, request, exc))
        self.add_exception_handler(HttpError, lambda request, exc: reponse_http(self, request, exc))
        self.add_exception_handler(Http404, lambda request, exc: reponse_404(self, request, exc))

    def validation_error_from_error_contexts(self, error_contexts):
        error = super().validation_error_from_error_contexts(error_contexts)
        for context in error_contexts:
            model = context.model
            if model.__ninja_param_source__ != "body" or len(model.model_fields) != 1:
                continue
            # Corps décrit par un seul schéma (`payload: EncaissementIn`) : ninja met `payload` dans le chemin,
            # un nom de variable Python que le réutilisateur ne connaît pas. On l'enlève.
            [variable] = model.model_fields
            for err in error.errors:
                loc = err["loc"]
                if len(loc) >= 2 and loc[0] == "body" and loc[1] == variable:
                    err["loc"] = (loc[0], *loc[2:])
        return error

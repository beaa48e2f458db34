"""Caractères qu'aucune saisie honnête ne contient, refusés à l'entrée avec un message en français.

Pourquoi : PostgreSQL refuse le caractère nul (U+0000) dans un texte ; une adresse, un paramètre d'URL ou un
champ de formulaire qui en contient finissait en erreur 500 au moment de la requête SQL. Les « moitiés » de
caractère (U+D800 à U+DFFF), possibles seulement dans du JSON (`"\\ud800"`), ne s'encodent pas en UTF-8 et cassent
de la même façon. Les autres caractères de contrôle (tabulation verticale collée depuis un traitement de texte,
échappement…) passent en base mais abîment les exports, les PDF et l'affichage : on les refuse aussi. La tabulation,
le retour à la ligne et le retour chariot restent permis.

Un seul contrôle, appliqué partout d'un coup plutôt qu'appel par appel :
- pages HTML : `CaracteresInterditsMiddleware` regarde l'adresse, les paramètres d'URL et les champs de formulaire
  avant toute vue, et répond 400 en nommant le paramètre ;
- API : le `Parser` de `maillage.api` fait de même pour les paramètres et le corps JSON (422, forme `ErreurAPI`) ;
- ailleurs (formulaire, commande, service) : `refuse_caracteres_interdits` est un validateur Django ordinaire.
"""

import re
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.template import engines

# C0 sauf tabulation (\t), retour à la ligne (\n) et retour chariot (\r) ; « moitiés » de caractère (surrogates).
CARACTERES_INTERDITS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")

_NOMS = {
    0x00: "caractère nul",
    0x0B: "tabulation verticale",
    0x0C: "saut de page",
    0x1B: "échappement",
}

MESSAGE = "Ce champ contient un caractère invisible non autorisé (%(caractere)s). Retirez-le et réessayez."


def decrire(caractere: str) -> str:
    """« U+0000, caractère nul » : le code lisible, puisque le caractère lui-même ne s'affiche pas."""
    code = ord(caractere)
    if 0xD800 <= code <= 0xDFFF:
        nom = "moitié de caractère mal encodée"
    else:
        nom = _NOMS.get(code, "caractère de contrôle")
    return f"U+{code:04X}, {nom}"


def premier_caractere_interdit(value: str) -> str | None:
    """Le premier caractère refusé de `value`, décrit (voir `decrire`), ou None si le texte est propre."""
    match = CARACTERES_INTERDITS.search(value)
    return decrire(match.group()) if match else None


def nom_lisible(nom: str) -> str:
    """Le nom d'un paramètre, ses caractères invisibles écrits en clair (un nom peut lui-même être fautif)."""
    return CARACTERES_INTERDITS.sub(lambda m: f"<U+{ord(m.group()):04X}>", nom)


def refuse_caracteres_interdits(value) -> None:
    """Validateur Django : à ajouter aux champs texte qui ne passent pas par une requête HTTP (imports, commandes)."""
    if isinstance(value, str) and (caractere := premier_caractere_interdit(value)):
        raise ValidationError(MESSAGE, code="caractere_interdit", params={"caractere": caractere})


def message_pour(nom: str, caractere: str, *, quoi: str = "Le paramètre") -> str:
    return (
        f"{quoi} « {nom_lisible(nom)} » contient un caractère invisible non autorisé ({caractere}). "
        "Retirez-le et réessayez."
    )


def caracteres_interdits_dans(data, chemin: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Parcourt une donnée JSON décodée : (chemin, caractère décrit) pour chaque clé ou texte fautif."""
    if isinstance(data, str):
        if caractere := premier_caractere_interdit(data):
            yield chemin, caractere
    elif isinstance(data, dict):
        for cle, valeur in data.items():
            if isinstance(cle, str) and (caractere := premier_caractere_interdit(cle)):
                yield (*chemin, nom_lisible(cle)), caractere
            else:
                yield from caracteres_interdits_dans(valeur, (*chemin, cle))
    elif isinstance(data, list):
        for i, valeur in enumerate(data):
            yield from caracteres_interdits_dans(valeur, (*chemin, i))


def caracteres_interdits_querydict(data) -> Iterator[tuple[str, str]]:
    """(nom du paramètre, caractère décrit) pour chaque nom ou valeur fautive d'un QueryDict (ou MultiValueDict)."""
    for nom, valeurs in data.lists():
        if caractere := premier_caractere_interdit(nom):
            yield nom, caractere
            continue
        for valeur in valeurs:  # fichiers envoyés : Django retire déjà les caractères non imprimables du nom
            if isinstance(valeur, str) and (caractere := premier_caractere_interdit(valeur)):
                yield nom, caractere
                break


# — Pages : un contrôle avant toute vue —

PREFIXE_API = "/api/"  # l'API répond elle-même, en JSON (maillage.api.erreurs)

_PAGE_400 = """{% extends "layouts/base.html" %}
{% block title %}Saisie refusée{% endblock %}
{% block content %}
<h1>Saisie refusée</h1>
<p class="fr-text--lead">{{ message }}</p>
<p>Ce caractère ne se voit pas : il arrive avec un copier-coller depuis un traitement de texte ou un autre logiciel.
Revenez à la page précédente (votre saisie y est en général conservée), effacez le texte concerné puis retapez-le.
Si le problème continue, revenez à <a href="{% url 'core:accueil' %}">l'accueil</a>.</p>
{% endblock %}"""


def _premiere_erreur(request) -> str | None:
    if caractere := premier_caractere_interdit(request.path):
        return f"L'adresse de la page contient un caractère invisible non autorisé ({caractere})."
    for nom, caractere in caracteres_interdits_querydict(request.GET):
        return message_pour(nom, caractere)
    if request.method == "POST":
        for nom, caractere in caracteres_interdits_querydict(request.POST):
            return message_pour(nom, caractere, quoi="Le champ")
    return None


class CaracteresInterditsMiddleware:
    """Refuse (400, en français) une requête dont l'adresse, un paramètre ou un champ contient un caractère interdit.

    Placé après l'authentification et les messages (la page d'erreur utilise le gabarit commun) et avant toute vue :
    aucune vue, aucun formulaire ni aucune requête SQL ne voit ces caractères. Les adresses en `.json` (carte) et
    les requêtes qui n'acceptent que du JSON reçoivent `{"erreur": …}` comme leurs autres refus.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._page = None

    def __call__(self, request):
        if not request.path_info.startswith(PREFIXE_API) and (message := _premiere_erreur(request)):
            return self._refus(request, message)
        return self.get_response(request)

    def _refus(self, request, message: str) -> HttpResponse:
        accept = request.headers.get("Accept", "")
        if request.path.endswith(".json") or ("application/json" in accept and "text/html" not in accept):
            return JsonResponse({"erreur": message}, status=400)
        if self._page is None:
            self._page = engines["django"].from_string(_PAGE_400)
        return HttpResponse(self._page.render({"message": message}, request), status=400)

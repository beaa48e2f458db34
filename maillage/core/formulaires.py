"""Une page qui écrit, la même partout : par un formulaire (saisie valide → service → refus sous les champs, ou
message de réussite et redirection), ou par un bouton (service → message de refus ou de réussite → redirection).

Pourquoi : ce bloc (« POST et formulaire valide → try service → except ValidationError → form_errors → else
messages.success → redirect ») était récrit dans chaque vue de chaque app. Une vue qui écrit dit maintenant seulement
ce qui lui est propre — quel service, quel message, où revenir — et le chemin commun (quand appeler le service, où
ranger son refus, quand rediriger) vit ici, une fois. Une vue qui fait autre chose (plusieurs formulaires, une page
de réussite sans redirection, un refus qui mène ailleurs) garde son propre code : ne pas la forcer ici.
Même chose pour un bouton (« try service → except ValidationError → flash_error → else messages.success →
redirect ») : `traiter_bouton`."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from maillage.core.refus import flash_error, form_errors

R = TypeVar("R")


def traiter_formulaire(
    request: HttpRequest,
    form: BaseForm,
    action: Callable[[dict[str, Any]], R],
    *,
    succes: str | Callable[[R], str],
    redirection: str | Callable[[R], str],
    renames: dict[str, str] | None = None,
) -> HttpResponse | None:
    """Envoi valide (POST) : appelle `action(form.cleaned_data)` — le service, avec ses arguments nommés.

    - Le service refuse (`ValidationError`) : son refus va sous les champs qu'il nomme (`core.refus.form_errors`,
      avec `renames`), la fonction renvoie None et la vue affiche de nouveau la page avec le formulaire.
    - Il accepte : `messages.success(succes)` puis la redirection (une adresse ou un nom de route sans argument,
      comme pour `django.shortcuts.redirect`). `succes` et `redirection` peuvent être des fonctions du résultat
      de l'action (l'objet créé : son nom dans le message, son adresse pour la suite).

    GET, ou saisie invalide : None, sans rien appeler (les erreurs du formulaire sont déjà sur lui).
    Une autre exception (`PermissionDenied`, `Http404`) traverse : la vue répond comme sans ce raccourci.

        reponse = traiter_formulaire(request, form, lambda d: services.create_contact(by=request.user, **d),
                                     succes="Le contact est ajouté.", redirection="annuaire:contacts")
        return reponse or render(request, "annuaire/contact_form.html", {"form": form})
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        resultat = action(form.cleaned_data)
    except ValidationError as exc:
        form_errors(form, exc, renames=renames)
        return None
    messages.success(request, succes(resultat) if callable(succes) else succes)
    return redirect(redirection(resultat) if callable(redirection) else redirection)


def traiter_bouton(
    request: HttpRequest,
    action: Callable[[], R],
    *,
    succes: str | Callable[[R], str],
    redirection: str,
) -> HttpResponse:
    """Un bouton (un POST sans saisie à corriger : publier, archiver, clore…) : appelle `action()`, le service.

    Refus (`ValidationError`) : son texte en message d'erreur en haut de la page suivante (`core.refus.flash_error`) ;
    accepté : `messages.success(succes)` (ou `succes(resultat)`). Dans les deux cas, la redirection (une adresse ou un
    nom de route sans argument). Une autre exception (`PermissionDenied`, `Http404`) traverse.

        return traiter_bouton(request, lambda: services.archive_contact(contact=contact, by=request.user),
                              succes="Le contact est archivé.", redirection="annuaire:contacts")
    """
    try:
        resultat = action()
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, succes(resultat) if callable(succes) else succes)
    return redirect(redirection)

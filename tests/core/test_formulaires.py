"""`core.formulaires.traiter_formulaire` : le chemin commun d'une page qui écrit par un formulaire."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from maillage.core.formulaires import traiter_bouton, traiter_formulaire


class NomForm(forms.Form):
    nom = forms.CharField(label="Nom")
    jour = forms.CharField(label="Jour", required=False)


def _request(method: str = "post", data: dict | None = None):
    request = getattr(RequestFactory(), method)("/ecrire/", data or {})
    request._messages = CookieStorage(request)
    return request


class Service:
    """Un service factice : note ses appels, refuse ou renvoie un objet."""

    def __init__(self, refus: ValidationError | Exception | None = None):
        self.appels: list[dict] = []
        self.refus = refus

    def __call__(self, **champs):
        self.appels.append(champs)
        if self.refus:
            raise self.refus
        return {"id": 7, **champs}


def test_get_shows_the_form_without_calling_the_service():
    request = _request("get")
    service = Service()
    form = NomForm(request.POST or None)
    assert traiter_formulaire(request, form, lambda d: service(**d), succes="ok", redirection="/fin/") is None
    assert service.appels == []
    assert list(get_messages(request)) == []


def test_invalid_input_keeps_the_form_errors_and_calls_nothing():
    request = _request(data={"nom": ""})
    service = Service()
    form = NomForm(request.POST)
    assert traiter_formulaire(request, form, lambda d: service(**d), succes="ok", redirection="/fin/") is None
    assert service.appels == []
    assert form.errors["nom"] == ["Ce champ est obligatoire."]


def test_success_calls_the_service_with_the_cleaned_data_then_says_so_and_redirects():
    request = _request(data={"nom": "Atelier"})
    service = Service()
    form = NomForm(request.POST)
    response = traiter_formulaire(request, form, lambda d: service(by="moi", **d),
                                  succes="C'est enregistré.", redirection="/fin/")  # fmt: skip
    assert response.status_code == 302 and response.url == "/fin/"
    assert service.appels == [{"by": "moi", "nom": "Atelier", "jour": ""}]
    assert [m.message for m in get_messages(request)] == ["C'est enregistré."]


def test_message_and_address_can_name_what_the_service_created():
    request = _request(data={"nom": "Atelier"})
    form = NomForm(request.POST)
    response = traiter_formulaire(request, form, lambda d: Service()(**d),
                                  succes=lambda objet: f"« {objet['nom']} » créé.",
                                  redirection=lambda objet: f"/objets/{objet['id']}/")  # fmt: skip
    assert response.url == "/objets/7/"
    assert [m.message for m in get_messages(request)] == ["« Atelier » créé."]


def test_redirection_by_route_name():
    request = _request(data={"nom": "Atelier"})
    response = traiter_formulaire(request, NomForm(request.POST), lambda d: None, succes="ok",
                                  redirection="core:plan_du_site")  # fmt: skip
    assert response.url == "/plan-du-site/"


@pytest.mark.parametrize(
    "refus, renames, champ, message",
    [
        (ValidationError({"nom": "Ce nom est déjà pris."}), None, "nom", "Ce nom est déjà pris."),
        (ValidationError("Le service est fermé."), None, "__all__", "Le service est fermé."),
        # un champ du modèle que le formulaire ne connaît pas : en tête du formulaire
        (ValidationError({"autre": "Refusé."}), None, "__all__", "Refusé."),
        # un champ du modèle saisi sous un autre nom
        (ValidationError({"debut": "Trop tôt."}), {"debut": "jour"}, "jour", "Trop tôt."),
    ],
)
def test_refusal_goes_under_its_field_and_the_page_is_shown_again(refus, renames, champ, message):
    request = _request(data={"nom": "Atelier"})
    form = NomForm(request.POST)
    response = traiter_formulaire(request, form, lambda d: Service(refus)(**d), succes="ok", redirection="/fin/",
                                  renames=renames)  # fmt: skip
    assert response is None
    assert form.errors[champ] == [message]
    assert list(get_messages(request)) == []


def test_other_refusals_go_through_unchanged():
    request = _request(data={"nom": "Atelier"})
    with pytest.raises(PermissionDenied):
        traiter_formulaire(request, NomForm(request.POST), lambda d: Service(PermissionDenied())(**d), succes="ok",
                           redirection="/fin/")  # fmt: skip


# — traiter_bouton : un POST sans saisie —


def test_button_success_says_so_and_redirects():
    request = _request()
    response = traiter_bouton(request, lambda: 3, succes=lambda n: f"{n} carnets générés.", redirection="/campagne/")
    assert response.status_code == 302 and response.url == "/campagne/"
    assert [(m.level_tag, m.message) for m in get_messages(request)] == [("success", "3 carnets générés.")]


def test_button_refusal_is_shown_at_the_top_of_the_next_page():
    request = _request()

    def refuse():
        raise ValidationError(["Cette campagne est close.", "Rien n'est généré."])

    response = traiter_bouton(request, refuse, succes="jamais", redirection="core:plan_du_site")
    assert response.url == "/plan-du-site/"
    assert [(m.level_tag, m.message) for m in get_messages(request)] == [
        ("error", "Cette campagne est close. Rien n'est généré.")
    ]


def test_button_other_refusals_go_through_unchanged():
    with pytest.raises(PermissionDenied):
        traiter_bouton(_request(), Service(PermissionDenied()), succes="ok", redirection="/fin/")

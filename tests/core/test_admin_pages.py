"""Chaque page de l'administration répond, vite, sans liste de toutes les communes (issue 10, point 9).

Après la démonstration (communes du 49, réseau fictif), la liste, la page d'ajout et la fiche d'un objet de chaque
modèle enregistré répondent 200 pour l'équipe, en peu de requêtes (pas une par ligne), et aucun `<select>` ne
déroule des centaines d'options (une commune se choisit par autocomplétion). Le temps de chaque page est affiché avec `-s`.
"""

import re
import time

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from maillage.comptes.models import User
from maillage.core.demo import load_demo

MAX_OPTIONS = 100  # au-delà, la liste doit être une autocomplétion
MAX_QUERIES = 40
_SELECT = re.compile(r"<select\b.*?</select>", re.S)


def _pages():
    """Les pages des modèles du projet (celles des paquets tiers, comme la configuration DSFR, ne sont pas à nous)."""
    for model, model_admin in admin.site._registry.items():
        if not model.__module__.startswith("maillage."):
            continue
        info = (model._meta.app_label, model._meta.model_name)
        for kind in ("changelist", "add"):
            try:
                yield model_admin, kind, reverse(f"admin:{info[0]}_{info[1]}_{kind}")
            except NoReverseMatch:
                continue
        premier = model._default_manager.order_by("pk").first()
        if premier is not None:
            yield model_admin, "change", reverse(f"admin:{info[0]}_{info[1]}_change", args=[premier.pk])


@pytest.mark.django_db
def test_chaque_page_d_admin_repond_vite_sans_liste_de_toutes_les_communes(client, communes_49):
    load_demo()
    equipe = User.objects.filter(is_superuser=True).first()
    client.force_login(equipe)
    client.get("/admin/")  # échauffement (gabarits, adresses) hors des temps affichés
    problemes, temps = [], []
    for model_admin, kind, url in _pages():
        if kind == "add" and not model_admin.has_add_permission(type("R", (), {"user": equipe})()):
            continue
        debut = time.perf_counter()
        with CaptureQueriesContext(connection) as requetes:
            response = client.get(url)
        temps.append((time.perf_counter() - debut, len(requetes), url))
        if response.status_code != 200:
            problemes.append(f"{url} : {response.status_code}")
            continue
        if len(requetes) > MAX_QUERIES:
            problemes.append(f"{url} : {len(requetes)} requêtes")
        for select in _SELECT.findall(response.content.decode()):
            if select.count("<option") > MAX_OPTIONS:
                name = re.search(r'name="([^"]+)"', select)
                problemes.append(
                    f"{url} : liste « {name.group(1) if name else '?'} » de {select.count('<option')} options"
                )
    lentes = ", ".join(f"{url} {t * 1000:.0f} ms ({n} requêtes)" for t, n, url in sorted(temps)[-3:])
    print(f"\n{len(temps)} pages d'administration ; les plus lentes : {lentes}")
    assert not problemes, "\n".join(problemes)

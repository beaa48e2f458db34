from django.urls import path

from maillage.lieux.views import gestion, importer, public

app_name = "lieux"

urlpatterns = [
    # Public, sans compte
    path("", public.recherche, name="recherche"),
    path("carte.json", public.carte_points, name="carte_points"),
    path("<uuid:public_id>/", public.detail, name="detail"),
    path("<uuid:public_id>/fiche/", public.fiche, name="fiche"),
    # Tenir les lieux à jour
    path("gestion/", gestion.mes_lieux, name="gestion"),
    path("gestion/nouveau/", gestion.creer, name="creer"),
    path("gestion/fusionner/", gestion.fusionner, name="fusionner"),
    path("gestion/importer/", importer.importer, name="importer"),
    path("<uuid:public_id>/modifier/", gestion.modifier, name="modifier"),
    path("<uuid:public_id>/verifier/", gestion.verifier, name="verifier"),
    path("<uuid:public_id>/statut/", gestion.changer_statut, name="statut"),
]

from django.urls import path

from maillage.orientations import views

app_name = "orientations"

urlpatterns = [
    path("nouvelle/", views.nouvelle, name="nouvelle"),
    path("recues/", views.boite, name="boite"),
    path("envoyees/", views.mes_orientations, name="mes_orientations"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/accepter/", views.accepter, name="accepter"),
    path("<uuid:public_id>/refuser/", views.refuser, name="refuser"),
    path("<uuid:public_id>/rediriger/", views.rediriger, name="rediriger"),
    path("<uuid:public_id>/clore/", views.clore, name="clore"),
    path("<uuid:public_id>/fiche/", views.fiche, name="fiche"),
    path("simple/<uuid:public_id>/fiche/", views.fiche_simple, name="fiche_simple"),
]

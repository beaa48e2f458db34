from django.urls import path

from maillage.lieux.views import public

app_name = "lieux"

urlpatterns = [
    path("", public.recherche, name="recherche"),
    path("carte.json", public.carte_points, name="carte_points"),
    path("<uuid:public_id>/", public.detail, name="detail"),
    path("<uuid:public_id>/fiche/", public.fiche, name="fiche"),
]

from django.urls import path

from maillage.core import views

app_name = "core"

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("tableau-de-bord/", views.tableau_de_bord, name="tableau_de_bord"),
    path("accessibilite/", views.accessibilite, name="accessibilite"),
    path("mentions-legales/", views.mentions_legales, name="mentions_legales"),
    path("donnees-personnelles/", views.donnees_personnelles, name="donnees_personnelles"),
    path("plan-du-site/", views.plan_du_site, name="plan_du_site"),
]

from django.urls import path

from maillage.comptes import views

app_name = "comptes"

urlpatterns = [
    path("connexion/", views.login_view, name="login"),
    path("deconnexion/", views.logout_view, name="logout"),
    path("mot-de-passe/oubli/", views.password_reset, name="password_reset"),
    path("mot-de-passe/envoye/", views.password_reset_done, name="password_reset_done"),
    path("mot-de-passe/nouveau/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("mot-de-passe/change/", views.password_reset_complete, name="password_reset_complete"),
    path("invitation/<str:token>/", views.accept_invitation, name="invitation"),
    path("structures/", views.mes_structures, name="mes_structures"),
    path("structures/<uuid:public_id>/", views.structure_detail, name="structure_detail"),
    path("structures/<uuid:public_id>/modifier/", views.structure_edit, name="structure_edit"),
    path("structures/<uuid:public_id>/inviter/", views.invite_member, name="invite_member"),
]

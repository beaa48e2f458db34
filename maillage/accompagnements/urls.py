from django.urls import path

from maillage.accompagnements import views, views_seances, views_stats

app_name = "accompagnements"

urlpatterns = [
    path("", views_seances.seances, name="seances"),
    path("nouveau/", views.nouveau, name="nouveau"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/corriger/", views_seances.corriger, name="corriger"),
    path("<uuid:public_id>/supprimer/", views_seances.supprimer, name="supprimer"),
    path("<uuid:public_id>/questionnaire-papier/", views_seances.questionnaire_papier, name="questionnaire_papier"),
    path("avis/<str:token>/", views.questionnaire, name="questionnaire"),
    path("personnes/", views.beneficiaires, name="beneficiaires"),
    path("personnes/nouvelle/", views.beneficiaire_nouveau, name="beneficiaire_nouveau"),
    path("personnes/<uuid:public_id>/", views.beneficiaire, name="beneficiaire"),
    path("personnes/<uuid:public_id>/copie/", views.beneficiaire_copie, name="beneficiaire_copie"),
    path("personnes/<uuid:public_id>/supprimer/", views.beneficiaire_supprimer, name="beneficiaire_supprimer"),
    path("statistiques/", views_stats.structure_dashboard, name="statistiques"),
    path("statistiques/export.<str:fmt>", views_stats.structure_export, name="statistiques_export"),
    path("statistiques/territoire/", views_stats.territoire_choix, name="statistiques_territoires"),
    path("statistiques/territoire/<int:pk>/", views_stats.territoire_dashboard, name="statistiques_territoire"),
    path(
        "statistiques/territoire/<int:pk>/export.<str:fmt>",
        views_stats.territoire_export,
        name="statistiques_territoire_export",
    ),
]

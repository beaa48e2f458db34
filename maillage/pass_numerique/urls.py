from django.urls import path

from maillage.pass_numerique import views

app_name = "pass_numerique"

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("dans-mon-territoire/", views.dans_mon_territoire, name="public"),
    path("dans-mon-territoire/<slug:slug>/", views.dans_mon_territoire, name="public_territoire"),
    path("observatoire/", views.observatoire, name="observatoire"),
    path("structures/<uuid:public_id>/point-de-distribution/", views.point_distribution, name="point_distribution"),
    path("qualification/demande/", views.qualification_demande, name="qualification_demande"),
    path("qualification/<uuid:public_id>/decision/", views.qualification_decision, name="qualification_decision"),
    path("campagnes/nouvelle/", views.campagne_nouvelle, name="campagne_nouvelle"),
    path("campagnes/<uuid:public_id>/", views.campagne_detail, name="campagne"),
    path("campagnes/<uuid:public_id>/generer/", views.campagne_generer, name="campagne_generer"),
    path("campagnes/<uuid:public_id>/attribuer/", views.campagne_attribuer, name="campagne_attribuer"),
    path("campagnes/<uuid:public_id>/releves/", views.campagne_releves, name="campagne_releves"),
    path("campagnes/<uuid:public_id>/cloturer/", views.campagne_cloturer, name="campagne_cloturer"),
    path("campagnes/<uuid:public_id>/corriger/", views.campagne_corriger, name="campagne_corriger"),
    path("campagnes/<uuid:public_id>/observatoire.<str:fmt>", views.campagne_export, name="campagne_export"),
    path("campagnes/<uuid:public_id>/registre.csv", views.campagne_registre, name="campagne_registre"),
    path("campagnes/<uuid:public_id>/carnets.pdf", views.carnets_pdf, name="carnets_pdf"),
    path("carnets/<uuid:public_id>/<int:numero>/remise/", views.carnet_remise, name="carnet_remise"),
    path("carnets/<uuid:public_id>/<int:numero>/annulation/", views.carnet_annulation, name="carnet_annulation"),
    path("encaisser/", views.encaisser, name="encaisser"),
    path("releves/<uuid:public_id>/", views.releve_detail, name="releve"),
    path("releves/<uuid:public_id>/releve.<str:fmt>", views.releve_fichier, name="releve_fichier"),
    path("releves/<uuid:public_id>/valider/", views.releve_valider, name="releve_valider"),
    path("releves/<uuid:public_id>/payer/", views.releve_payer, name="releve_payer"),
]

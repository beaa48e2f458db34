from django.urls import path

from maillage.taches import views

app_name = "taches"

urlpatterns = [
    path("<uuid:public_id>/", views.detail, name="detail"),
]

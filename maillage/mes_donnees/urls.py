from django.urls import path  # noqa: F401

app_name = "mes_donnees"

urlpatterns: list = []

from django.apps import AppConfig


class LabelConfig(AppConfig):
    name = "maillage.label"
    label = "label"
    verbose_name = "Label « Tous aidants »"

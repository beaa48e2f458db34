app_name = "accompagnements"

urlpatterns: list = []

app_name = "lieux"

urlpatterns: list = []

app_name = "pass_numerique"

urlpatterns: list = []

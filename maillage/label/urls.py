app_name = "label"

urlpatterns = []

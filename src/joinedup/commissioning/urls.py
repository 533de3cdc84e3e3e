from django.urls import include, path

from joinedup.commissioning import views

app_name = "commissioning"

urlpatterns = [
    path("", views.index, name="index"),
    path("contracts/<int:pk>/", views.contract, name="contract"),
    path("", include("joinedup.commissioning.claim_urls")),
    path("", include("joinedup.commissioning.tender_urls")),
]

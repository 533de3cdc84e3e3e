"""Claims, payments and fair play (included by `commissioning.urls`)."""

from django.urls import path

from joinedup.commissioning import claim_views

urlpatterns = [
    path("contracts/<int:contract_id>/claims/new/", claim_views.claim_new, name="claim-new"),
    path("claims/<int:claim_id>/", claim_views.claim, name="claim"),
    path("claims/<int:claim_id>/submit/", claim_views.claim_submit, name="claim-submit"),
    path(
        "claims/<int:claim_id>/find-again/",
        claim_views.claim_reassemble,
        name="claim-reassemble",
    ),
    path("claims/<int:claim_id>/decide/", claim_views.claim_decide, name="claim-decide"),
    path("claims/<int:claim_id>/pay/", claim_views.claim_pay, name="claim-pay"),
    path("fair-play/", claim_views.market, name="market"),
]

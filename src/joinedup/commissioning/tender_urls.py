from django.urls import path

from joinedup.commissioning import tender_evaluation_views as evaluation
from joinedup.commissioning import tender_views as views

T = "tenders/<id:tender_id>/"
B = T + "bids/<id:bid_id>/"

urlpatterns = [
    path("tenders/", views.pipeline, name="tenders"),
    path("tenders/new/", views.tender_new, name="tender-new"),
    path("tenders/profile/", views.profile, name="provider-profile"),
    path(T, views.tender, name="tender"),
    path(T + "edit/", views.tender_edit, name="tender-edit"),
    path(T + "questions/new/", views.criterion_new, name="tender-criterion-new"),
    path(
        T + "questions/<id:criterion_id>/remove/",
        views.criterion_remove,
        name="tender-criterion-remove",
    ),
    path(T + "evaluators/new/", views.evaluator_new, name="tender-evaluator-new"),
    path(T + "publish/", views.tender_publish, name="tender-publish"),
    path(T + "bid/", views.bid_form, name="tender-bid-form"),
    path(T + "close/", evaluation.start_evaluation, name="tender-start-evaluation"),
    path(T + "evaluation/", evaluation.evaluation, name="tender-evaluation"),
    path(T + "evaluation.<fmt:fmt>", evaluation.evaluation_export, name="tender-evaluation-export"),
    path(T + "scores.<fmt:fmt>", evaluation.scores_export, name="tender-scores-export"),
    path(T + "award/", evaluation.award, name="tender-award"),
    path(T + "cancel/", evaluation.cancel, name="tender-cancel"),
    path(B, evaluation.bid, name="tender-bid"),
    path(B + "score/", evaluation.score, name="tender-score"),
    path(B + "moderate/", evaluation.moderate, name="tender-moderate"),
]

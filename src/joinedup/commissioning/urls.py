from django.urls import include, path

from joinedup.commissioning import (
    cashflow_views,
    contract_views,
    funding_views,
    review_views,
    views,
)

app_name = "commissioning"

urlpatterns = [
    path("", views.index, name="index"),
    path("budgets/new/", views.budget_new, name="budget-new"),
    path("budgets/<int:budget_id>/", views.budget, name="budget"),
    path(
        "budgets/<int:budget_id>/contributions/new/",
        views.contribution_new,
        name="contribution-new",
    ),
    path("budgets/<int:budget_id>/pool.<fmt:fmt>", views.budget_export, name="budget-export"),
    path("contracts.<fmt:fmt>", contract_views.contracts_export, name="contracts-export"),
    path(
        "contracts/<int:contract_id>/<slug:table>.<fmt:fmt>",
        contract_views.contract_export,
        name="contract-export",
    ),
    path("exercises/new/", views.exercise_new, name="exercise-new"),
    path("exercises/<int:exercise_id>/", views.exercise, name="exercise"),
    path("exercises/<int:exercise_id>/edit/", views.exercise_edit, name="exercise-edit"),
    path("contracts/new/", contract_views.contract_new, name="contract-new"),
    path("contracts/<int:contract_id>/", contract_views.contract, name="contract"),
    path(
        "contracts/<int:contract_id>/cash-flow/",
        cashflow_views.contract_cashflow_page,
        name="cashflow",
    ),
    path(
        "contracts/<int:contract_id>/cash-flow/<slug:mechanism>/spec.json",
        cashflow_views.contract_cashflow_file,
        {"kind": "spec"},
        name="cashflow-spec",
    ),
    path(
        "contracts/<int:contract_id>/cash-flow/<slug:mechanism>/months.csv",
        cashflow_views.contract_cashflow_file,
        {"kind": "months"},
        name="cashflow-months",
    ),
    path("contracts/<int:contract_id>/edit/", contract_views.contract_edit, name="contract-edit"),
    path(
        "contracts/<int:contract_id>/summary.pdf", contract_views.contract_pdf, name="contract-pdf"
    ),
    path("contracts/<int:contract_id>/providers/new/", contract_views.party_new, name="party-new"),
    path(
        "contracts/<int:contract_id>/providers/<int:party_id>/remove/",
        contract_views.party_remove,
        name="party-remove",
    ),
    path("contracts/<int:contract_id>/breaks/new/", contract_views.break_new, name="break-new"),
    path(
        "contracts/<int:contract_id>/rate-card/new/", contract_views.outcome_new, name="outcome-new"
    ),
    path(
        "contracts/<int:contract_id>/learning-reviews/new/",
        review_views.learning_review_new,
        name="learning-review-new",
    ),
    path(
        "contracts/<int:contract_id>/decisions/new/", review_views.decision_new, name="decision-new"
    ),
    path(
        "contracts/<int:contract_id>/decisions/<int:decision_id>/",
        review_views.decision,
        name="decision",
    ),
    path("joint-funding/", funding_views.funding_list, name="funding-list"),
    path("joint-funding/<int:funding_id>/", funding_views.funding_detail, name="funding"),
    path("joint-funding/new/<int:person_id>/", funding_views.funding_new, name="funding-new"),
    path("", include("joinedup.commissioning.claim_urls")),
    path("", include("joinedup.commissioning.tender_urls")),
]

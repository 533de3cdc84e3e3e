from django.urls import path

from joinedup.costs import analysis_views, views

app_name = "costs"
urlpatterns = [
    # The unit cost register.
    path("register/", views.register_page, name="register"),
    path("register/history/", views.history, name="history"),
    path("register/load/", views.load, name="load"),
    path("register/kinds/<slug:kind>/", views.kind_page, name="kind"),
    path("register/kinds/<slug:kind>/add/", views.add, name="add"),
    path("register/kinds/<slug:kind>/choose/", views.choose, name="choose"),
    path("register/entries/<id:entry_id>/edit/", views.edit, name="edit"),
    # The cohort cost analysis.
    path("analysis/", analysis_views.analysis, name="analysis"),
    path("analysis/report.pdf", analysis_views.report_pdf, name="analysis-pdf"),
    path("analysis/lists/", analysis_views.upload, name="upload"),
    *(
        path(
            f"analysis/{table}.<fmt:fmt>",
            analysis_views.export,
            {"table": table},
            name=f"export-{table}",
        )
        for table in (
            "departments",
            "items",
            "periods",
            "balance",
            "comparison",
            "matching",
            "declined",
        )
    ),
]

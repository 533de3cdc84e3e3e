from django.urls import path

from joinedup.costs import views

app_name = "costs"
urlpatterns = [
    path("analysis/", views.analysis, name="analysis"),
    path("analysis/report.pdf", views.report_pdf, name="analysis-pdf"),
    path("analysis/lists/", views.upload, name="upload"),
    *(
        path(f"analysis/{table}.<fmt:fmt>", views.export, {"table": table}, name=f"export-{table}")
        for table in ("departments", "items", "periods", "balance")
    ),
]

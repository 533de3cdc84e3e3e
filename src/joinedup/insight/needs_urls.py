from django.urls import path

from joinedup.insight import needs_views
from joinedup.insight.needs_report import TABLES

app_name = "needs"
urlpatterns = [
    path("", needs_views.needs, name="analysis"),
    path("wards/<id:locality_id>/", needs_views.locality, name="locality"),
    path("report.pdf", needs_views.report_pdf, name="pdf"),
    *(
        path(f"{table}.<fmt:fmt>", needs_views.export, {"table": table}, name=f"export-{table}")
        for table in TABLES
    ),
]

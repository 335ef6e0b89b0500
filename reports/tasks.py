"""Background work of the reports app (django.tasks): tasks take primary keys."""

from __future__ import annotations

from django.tasks import task


@task
def render_report_pdf(version_pk: int) -> int:
    """Render the PDF of a published version once and store it; returns the size in bytes."""
    from reports.models import ReportVersion
    from reports.services import report_version_render_pdf

    version = report_version_render_pdf(version=ReportVersion.objects.get(pk=version_pk))
    return version.pdf.size

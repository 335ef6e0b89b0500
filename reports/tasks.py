"""Background work of the reports app (django.tasks): tasks take primary keys."""

from __future__ import annotations

from django.tasks import task


@task
def render_report_pdf(version_pk: int) -> int:
    """Store the open data and render the PDF of a published version, then copy them to the public
    folder (content-hashed names), once; returns the PDF's size."""
    from reports.models import ReportVersion
    from reports.services import (
        report_version_publish_files,
        report_version_render_pdf,
        report_version_store_data,
    )

    version = report_version_store_data(version=ReportVersion.objects.get(pk=version_pk))
    version = report_version_render_pdf(version=version)
    report_version_publish_files(version=version)
    return version.pdf.size

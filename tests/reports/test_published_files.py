"""Public copies of a published version's files (core.published): served without a view, under
content-hashed names, with the open-data headers; only published versions' files ever land there."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from reports.models import ReportVersion
from reports.services import report_publish
from tests.factories import AnnualReportFactory

# The test's PDF is b"%PDF-1.7 test" (13 bytes): sha256 eddc31937fbdaf70..., whose first 16 hex digits
# name the folder of its copy.
PDF_BYTES = b"%PDF-1.7 test"
PDF_COPY = "/pubblicati/relazioni/2024/v1/eddc31937fbdaf70/documento-di-sintesi-2024-v1.pdf"
LICENCE_LINK = '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
IMMUTABLE = "max-age=315360000, public, immutable"


@pytest.fixture
def published(history, staff, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr("reports.pdf.html_to_pdf", lambda html: PDF_BYTES)
    with django_capture_on_commit_callbacks(execute=True):
        version = report_publish(report=AnnualReportFactory(year=2024), by=staff, note="")
    version.refresh_from_db()
    return version


def _public_folder() -> Path:
    return Path(django_settings.MEDIA_ROOT) / "pubblicati"


def _files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def _read(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.django_db
def test_publishing_copies_the_five_files_under_their_content_hash(published):
    assert published.public_files["pdf"] == PDF_COPY.removeprefix("/pubblicati/")
    names = {
        "data_csv": "tavolo-delle-risorse-2024-v1.csv",
        "data_csv_excel": "tavolo-delle-risorse-2024-v1-excel.csv",
        "organisations_csv": "tavolo-delle-risorse-2024-v1-organizzazioni.csv",
        "data_json": "tavolo-delle-risorse-2024-v1.json",
    }
    for field, name in names.items():
        assert re.fullmatch(
            rf"relazioni/2024/v1/[0-9a-f]{{16}}/{re.escape(name)}", published.public_files[field]
        )
    # Nothing else: exactly the version's five files, nothing half-written.
    assert _files_under(_public_folder()) == sorted(published.public_files.values())
    for field, relative in published.public_files.items():
        with getattr(published, field).open("rb") as stored:
            assert (_public_folder() / relative).read_bytes() == stored.read()


@pytest.mark.django_db
def test_the_copy_is_served_without_a_view_with_its_exact_bytes_and_headers(
    published, client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get(PDF_COPY)
        content = _read(response)
    assert response.status_code == 200
    assert content == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == "13"
    assert response["Content-Disposition"] == 'inline; filename="documento-di-sintesi-2024-v1.pdf"'
    assert response["Cache-Control"] == IMMUTABLE
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Link"] == LICENCE_LINK
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Set-Cookie" not in response

    part = client.get(PDF_COPY, HTTP_RANGE="bytes=0-3")
    assert part.status_code == 206
    assert _read(part) == b"%PDF"
    again = client.get(PDF_COPY, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "content_type", "disposition"),
    [
        ("data_csv", "text/csv; charset=utf-8", 'attachment; filename="tavolo-delle-risorse-2024-v1.csv"'),
        (
            "organisations_csv",
            "text/csv; charset=utf-8",
            'attachment; filename="tavolo-delle-risorse-2024-v1-organizzazioni.csv"',
        ),
        (
            "data_json",
            "application/json; charset=utf-8",
            'inline; filename="tavolo-delle-risorse-2024-v1.json"',
        ),
    ],
)
def test_open_data_copies_have_the_open_data_headers(published, client, field, content_type, disposition):
    response = client.get("/pubblicati/" + published.public_files[field])
    assert response.status_code == 200
    with getattr(published, field).open("rb") as stored:
        assert _read(response) == stored.read()
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == disposition
    assert response["Cache-Control"] == IMMUTABLE
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Link"] == LICENCE_LINK


@pytest.mark.django_db
def test_the_report_page_and_the_archive_link_the_copies(published, client):
    page = client.get("/relazioni/2024/").content.decode()
    archive = client.get("/relazioni/").content.decode()
    for field in ("pdf", "data_csv", "data_csv_excel", "organisations_csv", "data_json"):
        assert f'href="/pubblicati/{published.public_files[field]}"' in page, field
    assert f'href="{PDF_COPY}"' in archive
    assert f'href="/pubblicati/{published.public_files["data_csv"]}"' in archive
    assert f'href="/pubblicati/{published.public_files["data_json"]}"' in archive
    # The page as stored for each language, not only the one shown.
    for html in published.pages.values_list("html", flat=True):
        assert f'href="{PDF_COPY}"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/relazioni/2024.pdf", "pdf"),
        ("/relazioni/2024/versioni/1.pdf", "pdf"),
        ("/relazioni/2024.csv", "data_csv"),
        ("/relazioni/2024.json", "data_json"),
        ("/relazioni/2024/versioni/1/indicatori.csv", "data_csv"),
        ("/relazioni/2024/versioni/1/indicatori-excel.csv", "data_csv_excel"),
        ("/relazioni/2024/versioni/1/organizzazioni.csv", "organisations_csv"),
        ("/relazioni/2024/versioni/1/dati.json", "data_json"),
    ],
)
def test_the_public_urls_redirect_to_the_copies(published, client, path, field):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == "/pubblicati/" + published.public_files[field]
    # Not cached: /relazioni/<year>.pdf is the latest version, which a new version changes.
    assert "max-age" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_a_new_version_gets_its_own_copies_and_the_year_url_follows_it(
    published, staff, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        second = report_publish(report=published.report, by=staff, note="Seconda edizione.")
    second.refresh_from_db()
    assert second.public_files["pdf"] == (
        "relazioni/2024/v2/eddc31937fbdaf70/documento-di-sintesi-2024-v2.pdf"
    )
    assert client.get("/relazioni/2024.pdf")["Location"] == "/pubblicati/" + second.public_files["pdf"]
    # The first version's copies stay where they were, unchanged.
    assert client.get("/relazioni/2024/versioni/1.pdf")["Location"] == PDF_COPY
    assert _read(client.get(PDF_COPY)) == PDF_BYTES


@pytest.mark.django_db
def test_a_draft_never_lands_in_the_public_folder(history, staff_client, monkeypatch):
    monkeypatch.setattr("reports.pdf.html_to_pdf", lambda html: PDF_BYTES)
    report = AnnualReportFactory(year=2023, presentation="Bozza.", conclusions="Bozza.")
    preview = staff_client.get(f"/area-riservata/relazioni/{report.year}/anteprima.pdf")
    assert preview.status_code == 200
    assert not ReportVersion.objects.exists()
    assert not _public_folder().exists() or _files_under(_public_folder()) == []


@pytest.mark.django_db
def test_only_published_copies_are_reachable_there(published, client):
    media = Path(django_settings.MEDIA_ROOT)
    (_public_folder() / "relazioni" / ".bozza.pdf.part").write_bytes(b"%PDF half")
    (_public_folder() / "pagina.html").write_text("<script>")
    for path in (
        # The stored originals (and anything else in MEDIA_ROOT) are outside the public folder.
        "/pubblicati/../reports/2024/documento-di-sintesi-2024-v1.pdf",
        "/pubblicati/reports/2024/documento-di-sintesi-2024-v1.pdf",
        "/pubblicati/relazioni/2024/v1/documento-di-sintesi-2024-v1.pdf",
        "/pubblicati/relazioni/2024/v1/0000000000000000/documento-di-sintesi-2024-v1.pdf",
        "/pubblicati/relazioni/.bozza.pdf.part",
        "/pubblicati/pagina.html",
        "/pubblicati/relazioni/2024/v1/",
    ):
        assert client.get(path).status_code == 404, path
    assert (media / "reports/2024/documento-di-sintesi-2024-v1.pdf").is_file()


@pytest.mark.django_db
def test_a_copy_made_after_the_server_started_is_found(published, client):
    """The same middleware instance (one client): a copy published later is found on its first
    request; one removed from the disk is forgotten."""
    assert _read(client.get(PDF_COPY)) == PDF_BYTES
    second = PDF_COPY.replace("eddc31937fbdaf70", "0123456789abcdef")
    assert client.get(second).status_code == 404
    (_public_folder() / second.removeprefix("/pubblicati/")).parent.mkdir(parents=True)
    (_public_folder() / second.removeprefix("/pubblicati/")).write_bytes(b"%PDF-1.7 other")
    assert _read(client.get(second)) == b"%PDF-1.7 other"
    (_public_folder() / PDF_COPY.removeprefix("/pubblicati/")).unlink()
    assert client.get(PDF_COPY).status_code == 404


@pytest.mark.django_db
def test_versions_published_before_the_copies_get_them_from_the_periodic_command(published, client):
    """An upgrade: versions without copies are sent by the views until the command copies them."""
    ReportVersion.objects.filter(pk=published.pk).update(public_files={})
    for path in _public_folder().rglob("*"):
        if path.is_file():
            path.unlink()
    response = client.get("/relazioni/2024.pdf")
    assert response.status_code == 200
    assert _read(response) == PDF_BYTES
    assert 'href="/relazioni/2024/versioni/1.pdf"' in client.get("/relazioni/").content.decode()

    out = io.StringIO()
    call_command("render_report_pdfs", stdout=out)
    assert out.getvalue().strip() == "rendered=0 failed=0 published=1"
    assert client.get("/relazioni/2024.pdf")["Location"] == PDF_COPY
    assert _read(client.get(PDF_COPY)) == PDF_BYTES
    assert f'href="{PDF_COPY}"' in client.get("/relazioni/2024/").content.decode()

    out = io.StringIO()
    call_command("render_report_pdfs", stdout=out)
    assert out.getvalue().strip() == "rendered=0 failed=0 published=0"


@pytest.mark.django_db
def test_on_shared_storage_no_copy_is_made_and_the_views_send_the_files(
    history, staff, client, settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    monkeypatch.setattr("reports.pdf.html_to_pdf", lambda html: PDF_BYTES)
    with django_capture_on_commit_callbacks(execute=True):
        version = report_publish(report=AnnualReportFactory(year=2024), by=staff, note="")
    version.refresh_from_db()
    assert version.pdf and version.public_files == {}
    assert not _public_folder().exists()
    response = client.get("/relazioni/2024.pdf")
    assert response.status_code == 200
    assert _read(response) == PDF_BYTES
    assert 'href="/relazioni/2024/versioni/1.pdf"' in client.get("/relazioni/2024/").content.decode()


@pytest.mark.django_db
def test_a_link_checker_asking_head_gets_the_answer_of_get(published, client):
    """HEAD (link checkers, `curl -I`) is answered like GET on the public report URLs, never 405."""
    response = client.head("/relazioni/2024.pdf")
    assert response.status_code == 302
    assert response["Location"] == PDF_COPY
    assert client.head("/relazioni/2024/").status_code == 200
    assert client.head("/relazioni/").status_code == 200
    assert client.head("/decisioni/").status_code == 200

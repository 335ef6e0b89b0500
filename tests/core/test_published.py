"""core.published.publish: a public copy under its content's hash, written whole, once."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.published import publish, published_url


def test_the_same_content_gets_the_same_name_and_other_content_another(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.FILE_UPLOAD_PERMISSIONS = 0o640
    # sha256(b"a,b\n") = 5be08c9684a1d25e...; sha256(b"a,c\n") = 358c29605220f61c...
    first = publish(b"a,b\n", folder="relazioni/2024/v1", name="dati.csv")
    assert first == "relazioni/2024/v1/5be08c9684a1d25e/dati.csv"
    assert publish(b"a,b\n", folder="relazioni/2024/v1", name="dati.csv") == first
    assert publish(b"a,c\n", folder="relazioni/2024/v1", name="dati.csv") == (
        "relazioni/2024/v1/358c29605220f61c/dati.csv"
    )
    folder = Path(tmp_path) / "pubblicati"
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()) == [
        "relazioni/2024/v1/358c29605220f61c/dati.csv",
        "relazioni/2024/v1/5be08c9684a1d25e/dati.csv",
    ]  # nothing half-written left behind
    assert (folder / first).read_bytes() == b"a,b\n"
    assert (folder / first).stat().st_mode & 0o777 == 0o640
    assert published_url(first) == "/pubblicati/relazioni/2024/v1/5be08c9684a1d25e/dati.csv"


@pytest.mark.parametrize("name", ["pagina.html", ".nascosto.pdf", "a/b.pdf", "senza-estensione"])
def test_only_documents_and_data_may_be_published(settings, tmp_path, name):
    settings.MEDIA_ROOT = str(tmp_path)
    with pytest.raises(ValueError, match="not a publishable file name"):
        publish(b"x", folder="relazioni", name=name)
    assert not (Path(tmp_path) / "pubblicati").exists()

"""Row links resolved once per request (core.links)."""

from __future__ import annotations

from django.http import HttpResponse
from django.test import RequestFactory

import core.links
from core.links import row_url
from core.memo import RequestMemoMiddleware


def test_a_row_url_is_the_address_of_the_row():
    assert row_url("training:detail", 7) == "/formazione/7/"
    assert row_url("meetings:routing", 12) == "/area-riservata/segnalazioni/12/"
    assert row_url("training:registration_cancel", 3) == "/area-riservata/formazione/iscrizioni/3/annulla/"


def test_the_pattern_is_resolved_once_per_request_and_name(monkeypatch):
    calls: list[str] = []
    real = core.links.reverse

    def counted(name, *args, **kwargs):
        calls.append(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(core.links, "reverse", counted)

    def view(request):
        links = [row_url("training:detail", pk) for pk in (1, 2, 30)] + [row_url("meetings:routing", 4)]
        return HttpResponse(" ".join(links))

    response = RequestMemoMiddleware(view)(RequestFactory().get("/"))
    assert response.content.decode() == (
        "/formazione/1/ /formazione/2/ /formazione/30/ /area-riservata/segnalazioni/4/"
    )
    assert calls == ["training:detail", "meetings:routing"]
    # Outside a request nothing is remembered: each call resolves the pattern.
    calls.clear()
    assert row_url("training:detail", 5) == "/formazione/5/"
    assert row_url("training:detail", 6) == "/formazione/6/"
    assert calls == ["training:detail", "training:detail"]

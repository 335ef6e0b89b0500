from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_italian_even_for_an_english_browser(client):
    response = client.get(reverse("regolamento"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "it"
    assert 'lang="it"' in response.text
    assert "Versione 1.0" in response.text


def test_language_switch_changes_to_english_and_back(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("regolamento")})
    assert response.status_code == 302
    english = client.get(reverse("regolamento"))
    assert english["Content-Language"] == "en"
    assert "Version 1.0" in english.text
    client.post(reverse("set_language"), {"language": "it", "next": "/"})
    assert client.get(reverse("regolamento"))["Content-Language"] == "it"


def test_unknown_language_cookie_falls_back_to_italian(client):
    client.cookies["django_language"] = "xx"
    assert client.get(reverse("regolamento"))["Content-Language"] == "it"

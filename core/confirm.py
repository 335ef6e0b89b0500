"""The confirmation page of an irreversible action (templates/confirm_action.html), one shape for all."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def confirmation(
    request: HttpRequest,
    *,
    title: str,
    happens: Sequence[str],
    told: Sequence[str],
    button: str,
    back_url: str,
    subject: str = "",
    form: forms.Form | None = None,
    danger: bool = False,
    warnings: Sequence[str] = (),
    breadcrumb_trail: Sequence[tuple[str, str]] = (),
    status: int = 200,
) -> HttpResponse:
    """Render the page that says what will happen and who will be told, with the button that does it."""
    return render(
        request,
        "confirm_action.html",
        {
            "title": title,
            "subject": subject,
            "happens": happens,
            "told": told,
            "button": button,
            "back_url": back_url,
            "form": form,
            "danger": danger,
            "warnings": warnings,
            "breadcrumb_trail": breadcrumb_trail,
        },
        status=status,
    )

"""Every form of the portal cleans its text fields at the boundary (core.text.CleanTextMixin)."""

from __future__ import annotations

import importlib
import importlib.util

from django import forms

from core.text import CleanTextMixin

OUR_APPS = ("core", "members", "meetings", "training", "reports", "tavolo")


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub} | _subclasses(sub)
    return found


def test_every_form_of_the_portal_strips_control_characters():
    for app in OUR_APPS:
        if importlib.util.find_spec(f"{app}.forms"):
            importlib.import_module(f"{app}.forms")
    ours = {
        form
        for form in _subclasses(forms.BaseForm)
        if form.__module__.split(".")[0] in OUR_APPS and not form.__name__.startswith("_")
    }
    assert len(ours) > 30  # the walk found the portal's forms
    assert sorted(f"{f.__module__}.{f.__name__}" for f in ours if not issubclass(f, CleanTextMixin)) == []

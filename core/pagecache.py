"""Public pages served to anonymous visitors from the shared cache, never stale after a change.

`AnonymousPageCacheMiddleware` keeps the 200 answer of the views named in
`settings.TAVOLO_PAGE_CACHE_VIEWS` for a visitor without a session, per host, path with query string
and language. Each entry is tagged with the *pages version* read before the view ran; an entry
whose tag is not the current version is never served. Every write that may change a public page
calls `pages_changed()`, which sets a new version: at once, and again when the transaction commits
(a page rendered between the write and the commit, from the old rows, carries the version of the
first bump and dies with the second). `connect_signals()` makes every save, delete and many-to-many
change of a model of `settings.TAVOLO_PAGE_CACHE_APPS` call it; writes that send no signal
(`QuerySet.update`, `bulk_create`, `bulk_update`) call it themselves. `TAVOLO_PAGE_CACHE_SECONDS`
bounds an entry's life only as a backstop (pages that change with the clock alone); 0 turns the
cache off.

Never kept: requests with a session or messages cookie (signed-in visitors, pending messages),
non-GET requests, answers other than 200, answers that set a cookie (a form's CSRF token, messages),
that show messages, that used the CSP nonce (a nonce must not be sent twice), or that say
`Cache-Control: private`/`no-store`. What is kept says `Cache-Control: private, no-cache` and does not
vary on Cookie: no shared cache downstream stores it, and the browser asks again each time.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csp import get_nonce

from core.middleware import chosen_language

if TYPE_CHECKING:
    from django.http import HttpRequest

VERSION_KEY = "pagecache:version"
PAGE_KEY = "pagecache:page:{language}:{digest}"
# Beyond this length a query string is not worth an entry (and would let anyone fill the cache).
MAX_QUERY_STRING = 300
# Saves that touch only these fields change no public page (a sign-in records its time).
_SILENT_FIELDS = frozenset({"last_login"})
CACHE_HEADER = "X-Page-Cache"
_COMMAS = re.compile(r"\s*,\s*")


def _bump() -> None:
    cache.set(VERSION_KEY, secrets.token_hex(8), timeout=None)


def pages_changed(*, using: str | None = None) -> None:
    """Public pages rendered so far are stale: a new pages version now, and again on commit."""
    _bump()
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return  # autocommit: the write is already committed
    # One bump on commit per transaction, however many rows it writes.
    if not any(func is _bump for _savepoints, func, _robust in connection.run_on_commit):
        transaction.on_commit(_bump, using=using)


def current_version() -> str:
    """The pages version, made when the cache has none (first request, eviction, restart)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def _model_changed(sender: type, **kwargs: Any) -> None:
    if sender._meta.app_label not in settings.TAVOLO_PAGE_CACHE_APPS:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= _SILENT_FIELDS:
        return
    pages_changed(using=kwargs.get("using"))


def connect_signals() -> None:
    """Every save, delete and many-to-many change of the apps' models makes the pages stale."""
    post_save.connect(_model_changed, dispatch_uid="tavolo_pages_saved")
    post_delete.connect(_model_changed, dispatch_uid="tavolo_pages_deleted")
    m2m_changed.connect(_m2m_changed, dispatch_uid="tavolo_pages_m2m")
    # Pages show settings too (the office's contacts): a test that changes one sees it on the next page.
    setting_changed.connect(_setting_changed, dispatch_uid="tavolo_pages_settings")


def _setting_changed(**_kwargs: Any) -> None:
    _bump()


def _m2m_changed(sender: type, action: str, **kwargs: Any) -> None:
    if action.startswith("post_"):
        _model_changed(sender, using=kwargs.get("using"))


def _page_key(request: HttpRequest) -> str:
    place = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(place.encode()).hexdigest()[:32]
    return PAGE_KEY.format(language=chosen_language(request), digest=digest)


def _may_serve(request: HttpRequest) -> bool:
    return (
        settings.TAVOLO_PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_STRING
    )


def _private(response: HttpResponse) -> bool:
    directives = {d.strip().lower() for d in _COMMAS.split(response.get("Cache-Control", ""))}
    return bool(directives & {"private", "no-store", "no-cache"})


def _may_store(request: HttpRequest, response: HttpResponse) -> bool:
    match = request.resolver_match
    user = getattr(request, "user", None)
    stored_messages = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.streaming
        and match is not None
        and match.view_name in settings.TAVOLO_PAGE_CACHE_VIEWS
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (user is not None and user.is_authenticated)
        and not (stored_messages is not None and len(stored_messages))
        and not get_nonce(request)
        and not _private(response)
    )


def _shareable(response: HttpResponse) -> None:
    """The headers of a page the same for every anonymous visitor (see the module's docstring)."""
    vary = [v for v in _COMMAS.split(response.get("Vary", "")) if v and v.lower() != "cookie"]
    if vary:
        response["Vary"] = ", ".join(vary)
    elif response.has_header("Vary"):
        del response["Vary"]
    response["Cache-Control"] = "private, no-cache"


class AnonymousPageCacheMiddleware:
    """Serve and keep anonymous visitors' public pages (see the module's docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _may_serve(request):
            return self.get_response(request)
        key = _page_key(request)
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY) or current_version()
        entry = found.get(key)
        if entry is not None and entry[0] == version:
            _version, headers, content = entry
            response = HttpResponse(content, headers=headers)
            response[CACHE_HEADER] = "hit"
            return response
        response = self.get_response(request)
        if _may_store(request, response):
            _shareable(response)
            headers = dict(response.items())
            cache.set(key, (version, headers, response.content), settings.TAVOLO_PAGE_CACHE_SECONDS)
            response[CACHE_HEADER] = "miss"
        return response

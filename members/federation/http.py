"""Fetching from the federation: entity configurations, subordinate statements, the provider's endpoints.

Real providers are reached over HTTPS (urllib, short timeout, bounded size). The demo federation lives
in the portal itself: while `demo` is offered, the portal's own addresses are answered in-process
(members.federation.testbed.serve), so `make run` and the tests need no network and no second server.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings

from members.federation.jose import FederationError

TIMEOUT = 8  # seconds
MAX_BYTES = 512 * 1024


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def request(
    method: str, url: str, *, data: dict[str, str] | None = None, headers: dict[str, str] | None = None
) -> Answer:
    """One request to the federation; FederationError when the entity cannot be reached."""
    if "demo" in settings.TAVOLO_LOGIN_METHODS and url.startswith(f"{settings.SITE_URL}/"):
        from members.federation import testbed

        return testbed.serve(method, url, data=data, headers=headers)
    if urllib.parse.urlsplit(url).scheme != "https" and not settings.DEBUG:
        raise FederationError(f"{url}: the federation is reached over HTTPS only")
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})  # noqa: S310
    if body is not None:
        req.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT) as response:  # noqa: S310 (scheme checked)
            return Answer(response.status, response.headers.get_content_type(), response.read(MAX_BYTES))
    except urllib.error.HTTPError as exc:
        return Answer(exc.code, exc.headers.get_content_type(), exc.read(MAX_BYTES))
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise FederationError(f"{url}: {exc}") from exc


def get(url: str, **kwargs) -> Answer:
    return request("GET", url, **kwargs)


def post(url: str, data: dict[str, str], **kwargs) -> Answer:
    return request("POST", url, data=data, **kwargs)

"""Per-request memory: a read that several parts of one page ask for runs once per request.

`RequestMemoMiddleware` opens an empty memory for each request (a context variable, so nothing is
pinned on the user object and nothing outlives the response); `memoised(key, compute)` answers from
it. Outside a request (tasks, commands, a test calling a selector) there is no memory and every call
computes afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

_memory: ContextVar[dict[Hashable, object] | None] = ContextVar("tavolo_request_memo", default=None)


def memoised[T](key: Hashable, compute: Callable[[], T]) -> T:
    """The value computed once for this key during the current request (always computed outside one)."""
    memory = _memory.get()
    if memory is None:
        return compute()
    if key not in memory:
        memory[key] = compute()
    return memory[key]  # type: ignore[return-value]


def forget(key: Hashable) -> None:
    """Drop a remembered value after a write that changes it (e.g. a role granted during the request)."""
    memory = _memory.get()
    if memory is not None:
        memory.pop(key, None)


class RequestMemoMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _memory.set({})
        try:
            return self.get_response(request)
        finally:
            _memory.reset(token)

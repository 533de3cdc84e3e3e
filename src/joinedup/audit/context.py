"""What the current request is, for audit entries written deep in the access layer.

The middleware fills a context variable so that `people.access` can record the route, the
address and the acting membership without every caller passing the request down.
"""

from contextvars import ContextVar
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class RequestContext:
    route: str = ""
    ip_address: str | None = None
    membership_id: int | None = None


_EMPTY = RequestContext()  # frozen, so sharing it as the default is safe
_current: ContextVar[RequestContext | None] = ContextVar("joinedup_request", default=None)


def current() -> RequestContext:
    return _current.get() or _EMPTY


def set_current(ctx: RequestContext):
    return _current.set(ctx)


def reset(token) -> None:
    _current.reset(token)


def bind_membership(membership_id: int | None) -> None:
    """Record which membership the user acts under, once sign-in has resolved it."""
    _current.set(replace(current(), membership_id=membership_id))

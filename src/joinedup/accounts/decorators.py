"""Preconditions on views, read by `SignInRequiredMiddleware` and checked before the view runs."""

from functools import wraps

from django.core.exceptions import PermissionDenied


def public(view):
    """Anyone may open this page without signing in (sign-in itself, health checks)."""
    view.joinedup_public = True
    return view


def before_second_factor(view):
    """A signed-in user may open this page before proving their second factor."""
    view.joinedup_before_second_factor = True
    return view


def for_the_person(view):
    """A page the person themselves may open when signed in to their own view."""
    view.joinedup_for_person = True
    return view


def role_required(test, *, what: str):
    """Refuse (403) unless the acting membership's role rules pass `test`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            membership = getattr(request, "membership", None)
            if membership is None or not test(membership.rules):
                raise PermissionDenied(f"Your role cannot {what}.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


administrators_only = role_required(lambda r: r.administers, what="administer joinedup")
sees_people_only = role_required(lambda r: r.sees_personal_data, what="see named people")

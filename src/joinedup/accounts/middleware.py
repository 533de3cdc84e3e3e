from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect

from joinedup.accounts import services
from joinedup.audit import context as audit_context


class SignInRequiredMiddleware:
    """Every page needs a signed-in user, and a proven second factor for roles that need one.

    Pages opt out with `@public` or `@before_second_factor`, so a new URL is closed by
    default. Also sets `request.membership`, the organisation and role the user acts as.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        request.membership = None
        if getattr(view_func, "joinedup_public", False) or _is_public_api(request.path):
            return None
        user = request.user
        is_api = request.path.startswith("/api/")
        if not user.is_authenticated:
            if is_api:
                return JsonResponse({"detail": "Sign in first."}, status=401)
            return redirect_to_login(request.get_full_path())
        request.membership = services.acting_membership(request)
        audit_context.bind_membership(request.membership.pk if request.membership else None)
        if getattr(view_func, "joinedup_before_second_factor", False):
            return None
        if user.needs_second_factor() and not user.is_verified():
            if is_api:
                return JsonResponse({"detail": "Prove your second factor first."}, status=401)
            if services.confirmed_device(user) is None:
                return redirect("accounts:two-factor-setup")
            return redirect_to_login(request.get_full_path(), login_url="accounts:sign-in-code")
        if user.is_person and not getattr(view_func, "joinedup_for_person", False):
            # A person signed in as themselves reaches their own view and nothing else.
            if is_api:
                return JsonResponse({"detail": "Not available."}, status=404)
            return redirect("me")
        return None


def _is_public_api(path: str) -> bool:
    """Open data APIs (the service directory) need no sign-in."""
    return any(path.startswith(prefix) for prefix in settings.PUBLIC_API_PREFIXES)

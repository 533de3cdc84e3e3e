"""Error pages in the product's layout, so a refused page still looks like the service."""

from django.http import JsonResponse
from django.shortcuts import render


def forbidden(request, exception=None):
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)


def not_found(request, exception=None):
    if request.path.startswith("/api/"):  # an API client reads JSON, as ninja's own 404 is
        return JsonResponse({"detail": "Not Found"}, status=404)
    return render(request, "404.html", status=404)

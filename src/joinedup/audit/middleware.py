from joinedup.audit import context


class RequestContextMiddleware:
    """Publishes the request's route and address for the audit log while the view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = context.set_current(
            context.RequestContext(
                route=f"{request.method} {request.get_full_path()}"[:500],
                ip_address=request.META.get("REMOTE_ADDR") or None,
            )
        )
        try:
            return self.get_response(request)
        finally:
            context.reset(token)

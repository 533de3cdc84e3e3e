from joinedup.accounts.navigation import items_for


def navigation(request):
    membership = getattr(request, "membership", None)
    user = request.user
    if user.is_authenticated and user.needs_second_factor() and not user.is_verified():
        membership = None  # no way round the code page until the second factor is proven
    return {
        "membership": membership,
        "navigation": items_for(membership, request.path),
    }

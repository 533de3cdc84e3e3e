from joinedup.accounts.navigation import items_for, person_items


def navigation(request):
    membership = getattr(request, "membership", None)
    user = request.user
    if user.is_authenticated and user.needs_second_factor() and not user.is_verified():
        membership = None  # no way round the code page until the second factor is proven
    navigation = items_for(membership, request.path)
    if user.is_authenticated and user.is_person and user.is_verified():
        navigation = person_items(request.path)
    return {"membership": membership, "navigation": navigation}

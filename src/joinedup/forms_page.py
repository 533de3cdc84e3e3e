"""Rendering the product's one-form pages the same way everywhere."""

from django.shortcuts import render
from django.urls import reverse


def form_page(request, form, title, *, person=None, back=None, explain=""):
    """`back` is (url name, label) and defaults to the person's page."""
    if back is None and person is not None:
        back = ("people:detail", f"Back to {person.full_name}")
    back_url = None
    if back:
        back_url = reverse(back[0], args=[person.pk] if person is not None else [])
    context = {
        "form": form,
        "title": title,
        "person": person,
        "back_url": back_url,
        "back_label": back[1] if back else "",
        "explain": explain,
    }
    return render(request, "form_page.html", context)

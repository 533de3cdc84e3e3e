from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render

from joinedup.accounts.decorators import sees_people_only
from joinedup.audit.models import AccessLog
from joinedup.people import access, queries, timeline
from joinedup.people.charts import fragmentation_chart
from joinedup.people.forms import PersonSearchForm, TimelineFilterForm


@sees_people_only
def person_list(request):
    form = PersonSearchForm(request.GET or None)
    people = access.persons_visible_to(request.user)
    if form.is_valid() and form.cleaned_data["q"]:
        for word in form.cleaned_data["q"].split():
            people = people.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(known_as__icontains=word)
            )
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    shown = access.record_list(request.user, page.object_list, purpose="people list")
    context = {"form": form, "page": page, "people": shown}
    return render(request, "people/person_list.html", context)


def person_detail(request, person_id):
    person = access.get_person_for(request.user, person_id, purpose="view record")
    involvements = person.involvements.select_related("organisation", "professional")
    return render(
        request, "people/person_detail.html", {"person": person, "involvements": involvements}
    )


def person_access_history(request, person_id):
    """Who has seen this record: part of being open with the person about their data."""
    person = access.get_person_for(request.user, person_id, purpose="view access history")
    entries = AccessLog.objects.filter(person_ref=person.pk).select_related("user", "organisation")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "people/person_access.html", {"person": person, "page": page})


def person_timeline(request, person_id):
    """Everything that happened around the person, across agencies, newest first."""
    person = access.get_person_for(request.user, person_id, purpose="view timeline")
    form = TimelineFilterForm(request.GET or None, choices=timeline.kinds())
    chosen = form.cleaned_data["kinds"] if form.is_valid() else None
    page = Paginator(timeline.entries_for(person, chosen), 100).get_page(request.GET.get("page"))
    context = {
        "person": person,
        "form": form,
        "page": page,
        "chart": fragmentation_chart(queries.fragmentation(person)),
    }
    return render(request, "people/person_timeline.html", context)

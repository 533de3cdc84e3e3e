"""The unit cost register pages: commissioners, analysts and administrators read it;
administrators (only) add sources, edit entries and choose the area's source. Every change
is a new register version, with who, when and why."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from joinedup.accounts.decorators import administrators_only, role_required
from joinedup.costs import deflator, kinds, register, services
from joinedup.costs.forms import ChooseForm, EntryForm

area_roles = role_required(
    lambda r: not r.sees_personal_data or r.administers, what="see the unit cost register"
)


def _int(value):
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return -1  # refused below with the reason


def _kind(kind: str) -> str:
    if kind not in kinds.KINDS:
        raise Http404("No such kind of service use")
    return kind


def _row(kind: str):
    try:
        return next(r for r in register.side_by_side() if r.kind == kind)
    except register.EmptyRegister as empty:
        raise Http404(str(empty)) from empty


@area_roles
def register_page(request):
    year, version = _int(request.GET.get("price_year")), _int(request.GET.get("version"))
    context = {
        "years": [(y, deflator.label(y)) for y in reversed(deflator.years())],
        "deflator_source": deflator.SOURCE,
        "can_edit": request.membership.rules.administers,
    }
    try:
        rows = register.side_by_side(price_year=year, version=version)
        priced = register.priced(price_year=year, version=version)
    except register.EmptyRegister as empty:
        return render(request, "costs/register.html", {**context, "empty": str(empty)})
    except (register.UnknownVersion, deflator.UnknownYear) as why:
        context["problem"] = str(why)
        rows = register.side_by_side()
        priced = register.priced()
    context.update(rows=rows, priced=priced, latest=register.latest_version())
    context["price_label"] = deflator.label(priced.price_year)
    return render(request, "costs/register.html", context)


@area_roles
def kind_page(request, kind):
    row = _row(_kind(kind))
    context = {"row": row, "can_edit": request.membership.rules.administers}
    context["price_label"] = deflator.label(deflator.latest_year())
    return render(request, "costs/kind.html", context)


@area_roles
def history(request):
    return render(request, "costs/history.html", {"versions": register.versions()})


@require_POST
@administrators_only
def load(request):
    version = services.load_starter(request.user)
    if version:
        messages.success(request, f"Starter figures loaded as register version {version.number}.")
    else:
        messages.info(request, "Every starter figure is already in the register.")
    return redirect("costs:register")


def _save(request, form, save, *, title, kind, explain=""):
    """Validate, call the service (which checks again), show its field errors on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except ValidationError as refused:
            for field, errors in refused.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        except services.EditConflict:
            form.add_error(None, CHANGED)
        else:
            messages.success(request, "Saved as a new register version.")
            return redirect("costs:kind", kind)
    back_url = reverse("costs:kind", args=[kind])
    name = kinds.KINDS[kind][0]
    context = {"form": form, "title": title, "back_url": back_url, "explain": explain}
    context["back_label"] = f"Back to {name}"
    return render(request, "form_page.html", context)


CHANGED = (
    "Someone changed this entry since you opened it, so nothing has been saved. "
    "Open it again to see what it says now."
)


@administrators_only
def add(request, kind):
    _kind(kind)
    form = EntryForm(request.POST or None, submit="Add this source")

    def save(form):
        services.add_entry(
            user=request.user, kind=kind, values=form.values(), reason=form.cleaned_data["reason"]
        )

    title = f"Add a source: {kinds.KINDS[kind][0]}"
    explain = "The new source sits beside the others; choosing it for the area is a separate step."
    return _save(request, form, save, title=title, kind=kind, explain=explain)


@administrators_only
def edit(request, entry_id):
    try:
        current = register.entries_at(register.latest_version()).get(entry_id)
    except register.EmptyRegister:
        current = None
    if current is None:
        raise Http404("No such unit cost entry")
    initial = {"opened_at": current.version.number}
    form = EntryForm(request.POST or None, instance=current, initial=initial)

    def save(form):
        services.edit_entry(
            user=request.user,
            entry=entry_id,
            values=form.values(),
            reason=form.cleaned_data["reason"],
            opened_at=form.cleaned_data["opened_at"],
        )

    title = f"Change an entry: {kinds.KINDS.get(current.kind, (current.kind,))[0]}"
    explain = "Saving writes a new register version; earlier versions keep the old figure."
    return _save(request, form, save, title=title, kind=current.kind, explain=explain)


@administrators_only
def choose(request, kind):
    row = _row(_kind(kind))
    form = ChooseForm(request.POST or None, entries=row.entries)
    if request.method == "GET" and row.chosen:
        form.initial["entry"] = row.chosen.number

    def save(form):
        services.choose(
            user=request.user,
            kind=kind,
            entry=form.cleaned_data["entry"],
            reason=form.cleaned_data["reason"],
        )

    title = f"Choose the area's source: {row.name}"
    return _save(request, form, save, title=title, kind=kind)

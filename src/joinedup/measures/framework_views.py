"""Outcome framework pages: build a draft, publish it, read its report and its history.

Every member of the area reads published versions (counts only, small numbers hidden); the
framework's own commissioners and administrators see and change drafts (see
`framework_queries` and `framework_services`).
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from joinedup import exports
from joinedup.measures import framework_forms as forms
from joinedup.measures import framework_queries as queries
from joinedup.measures import framework_services as services
from joinedup.measures import indicators
from joinedup.measures.framework_models import CoproductionRecord, PublishedVersionError


def builders_only(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not services.may_build(request.membership):
            raise PermissionDenied("Only commissioners and administrators build frameworks.")
        return view(request, *args, **kwargs)

    return wrapped


def _members(request):
    if request.membership is None:
        raise PermissionDenied("Outcome frameworks are for the area's organisations.")


def _draft_for(request, version_id):
    """The draft this user may change: 404 if they may not see it, 403 if they may only read."""
    _members(request)
    version = queries.version_for(request.membership, version_id)
    if not services.can_edit(request.membership, version.framework):
        raise PermissionDenied("Only the framework's commissioners may change it.")
    return version


def _form_page(request, version, form, title, explain=""):
    context = {"version": version, "form": form, "title": title, "explain": explain}
    return render(request, "measures/frameworks/form.html", context)


def _save(request, version, form, title, do, explain=""):
    """Validate `form` on POST and call `do(cleaned_data)`; a published version is refused."""
    if version.is_published:
        messages.error(request, str(PublishedVersionError(version.number)))
        return redirect("outcomes:version", version_id=version.pk)
    if request.method == "POST" and form.is_valid():
        do(form.cleaned_data)
        messages.success(request, f"{title}: saved.")
        return redirect("outcomes:version", version_id=version.pk)
    return _form_page(request, version, form, title, explain)


def framework_list(request):
    _members(request)
    context = {
        "frameworks": queries.frameworks_for(request.membership),
        "can_build": services.may_build(request.membership),
    }
    return render(request, "measures/frameworks/list.html", context)


@builders_only
def framework_new(request):
    form = forms.VersionForm(request.POST or None, starting=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = services.start_framework(request.membership, **data)
        messages.success(request, "Framework started as a draft.")
        return redirect("outcomes:version", version_id=version.pk)
    context = {"version": None, "form": form, "title": "Start an outcome framework"}
    return render(request, "measures/frameworks/form.html", context)


def version_detail(request, version_id):
    _members(request)
    version = queries.version_for(request.membership, version_id)
    context = {
        "version": version,
        "domains": queries.contents(version),
        "qualities": version.service_qualities.all(),
        "coproduction": CoproductionRecord.objects.filter(version=version).first(),
        "can_edit": services.can_edit(request.membership, version.framework),
        "problems": [] if version.is_published else services.problems(version),
        "kinds": indicators.KINDS,
    }
    return render(request, "measures/frameworks/version.html", context)


def version_edit(request, version_id):
    version = _draft_for(request, version_id)
    initial = {
        "purpose": version.purpose,
        "population": version.population,
        "cohort": version.cohort,
        "cohort_locality": version.cohort_locality,
        "cohort_organisation": version.cohort_organisation,
    }
    form = forms.VersionForm(request.POST or None, initial=initial, starting=False)
    return _save(
        request,
        version,
        form,
        "Who the framework is about",
        lambda data: services.update_version(request.membership, version, **data),
    )


def domain_new(request, version_id):
    version = _draft_for(request, version_id)
    form = forms.DomainForm(request.POST or None)
    return _save(
        request,
        version,
        form,
        "Add a domain",
        lambda data: services.add_domain(request.membership, version, **data),
        "A domain is a part of life the outcomes cluster in.",
    )


def outcome_new(request, version_id):
    version = _draft_for(request, version_id)
    if not version.domains.exists():
        messages.error(request, "Add a domain first: each outcome sits in a domain.")
        return redirect("outcomes:version", version_id=version.pk)
    form = forms.OutcomeForm(request.POST or None, version=version)
    return _save(
        request,
        version,
        form,
        "Add an outcome",
        lambda data: services.add_outcome(
            request.membership, data["domain"], statement=data["statement"]
        ),
    )


def indicator_new(request, version_id):
    """Two steps, without scripts: choose the kind, then its details."""
    version = _draft_for(request, version_id)
    if not version.domains.filter(outcomes__isnull=False).exists():
        messages.error(request, "Add an outcome first: each indicator shows an outcome.")
        return redirect("outcomes:version", version_id=version.pk)
    kind = request.GET.get("kind", "")
    if kind not in indicators.KINDS:
        form = forms.KindForm(request.GET if "kind" in request.GET else None)
        if form.is_bound:
            form.is_valid()
        context = {"version": version, "form": form, "title": "Add an indicator", "method": "get"}
        return render(request, "measures/frameworks/form.html", context)
    form = forms.IndicatorForm(request.POST or None, version=version, kind=kind)

    def add(data):
        services.add_indicator(
            request.membership,
            data["outcome"],
            name=data["name"],
            kind=kind,
            params=data["params"],
            direction=data["direction"],
            period_months=data["period_months"],
        )

    return _save(
        request,
        version,
        form,
        f"Add an indicator: {indicators.KINDS[kind].label.lower()}",
        add,
        indicators.KINDS[kind].hint,
    )


def quality_new(request, version_id):
    version = _draft_for(request, version_id)
    form = forms.QualityForm(request.POST or None)
    return _save(
        request,
        version,
        form,
        "Add a service quality",
        lambda data: services.add_quality(request.membership, version, **data),
        "Service qualities say how services should work, as the people served put it.",
    )


def coproduction(request, version_id):
    version = _draft_for(request, version_id)
    record = CoproductionRecord.objects.filter(version=version).first()
    form = forms.CoproductionForm(
        request.POST or None, initial=forms.CoproductionForm.initial_from(record)
    )

    def save(data):
        services.save_coproduction(
            request.membership,
            version,
            level=data["level"],
            methods=data["methods"],
            participants=data["participants"],
            started_on=data["started_on"],
            ended_on=data.get("ended_on"),
            what_changed=data["what_changed"],
        )

    return _save(
        request,
        version,
        form,
        "How the framework was co-produced",
        save,
        "Count the people who took part by group: never name them.",
    )


@require_POST
def publish(request, version_id):
    version = _draft_for(request, version_id)
    try:
        services.publish(request.membership, version)
    except PublishedVersionError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, "Not published yet: " + "; ".join(exc.messages) + ".")
    else:
        messages.success(request, f"Version {version.number} published. It will not change.")
    return redirect("outcomes:version", version_id=version.pk)


@require_POST
def new_draft(request, version_id):
    version = _draft_for(request, version_id)
    draft = services.new_draft(request.membership, version)
    messages.success(
        request, f"Version {draft.number} is a draft copied from version {version.number}."
    )
    return redirect("outcomes:version", version_id=draft.pk)


def report(request, version_id):
    _members(request)
    version = queries.version_for(request.membership, version_id)
    today = timezone.localdate()
    context = {
        "version": version,
        "rows": queries.report(version, today),
        "population": queries.population_now(version, today),
        "coproduction": CoproductionRecord.objects.filter(version=version).first(),
        "qualities": version.service_qualities.all(),
        "today": today,
    }
    return render(request, "measures/frameworks/report.html", context)


def history(request, outcome_framework_id):
    _members(request)
    framework, versions, editor = queries.framework_for(request.membership, outcome_framework_id)
    context = {"framework": framework, "versions": versions, "can_edit": editor}
    return render(request, "measures/frameworks/history.html", context)


def report_export(request, version_id, fmt):
    """The report's numbers (every indicator, every period shown), as CSV or XLSX: counts
    as the page shows them, small ones hidden, with the rule behind each."""
    _members(request)
    version = queries.version_for(request.membership, version_id)
    header = ["Domain", "Outcome", "Indicator", "Period", "Numerator", "Denominator", "Value",
              "Unit", "Rule", "Population"]  # fmt: skip
    rows = [
        [
            row.domain.name,
            row.outcome.statement,
            row.indicator.name,
            r.period_words,
            r.numerator_shown,
            r.denominator_shown,
            "" if r.value_shown is None else r.value_shown,
            r.unit,
            r.rule,
            r.population,
        ]  # fmt: skip
        for row in queries.report(version, timezone.localdate(), with_charts=False)
        for r in row.results
    ]
    name = f"outcome-framework-{version.framework_id}-v{version.number}"
    return exports.table_response(name, header, rows, fmt)

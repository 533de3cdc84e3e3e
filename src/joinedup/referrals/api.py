"""Referrals and panel decisions under /api/v1/referrals/, through the same access rules and
services as the pages: a check that fails answers 422 naming the field, and saves nothing."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from joinedup.directory.models import Organisation
from joinedup.limits import MAX_TEXT, BoundedPages, Id
from joinedup.people import access
from joinedup.referrals import decisions, matching, services
from joinedup.referrals.access import get_referral_for, referrals_for
from joinedup.referrals.models import Need, Panel

router = Router(tags=["referrals"])


class PersonIn(Schema):
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    known_as: str = Field("", max_length=100)
    date_of_birth: date | None = None
    sex: str = Field("", max_length=1)
    ethnicity: str = Field("", max_length=20)
    disability: str = Field("", max_length=10)
    postcode: str = Field("", max_length=10)
    nhs_number: str = Field("", max_length=10)


class SharingIn(Schema):
    organisations: list[Id]
    basis: str = Field(max_length=50)
    sections: list[str] = []
    legal_gateway: str = Field("", max_length=200)
    reason: str = Field("", max_length=MAX_TEXT)


class ReferralIn(Schema):
    person_id: Id | None = None
    person: PersonIn | None = None
    what_is_happening: str = Field("", max_length=MAX_TEXT)
    what_matters: str = Field("", max_length=MAX_TEXT)
    needs: list[Need] = []
    sharing: SharingIn


class ShareOut(Schema):
    organisation: str
    profile_version: int
    shared_at: datetime
    override: bool

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.name

    @staticmethod
    def resolve_profile_version(obj):
        return obj.profile.number

    @staticmethod
    def resolve_override(obj):
        return obj.overridden


class ReferralOut(Schema):
    id: int
    #: For a held referral, the record holding only what was sent, never the match's.
    person_id: int
    received_at: datetime
    source: str
    status: str
    joins: int | None = Field(None, alias="joins_id")
    profile_version: int
    needs: list[str]

    @staticmethod
    def resolve_profile_version(obj):
        return obj.profile.number


class ReferralDetailOut(ReferralOut):
    what_is_happening: str
    what_matters: str
    shares: list[ShareOut]

    @staticmethod
    def resolve_what_is_happening(obj):
        return obj.profile.what_is_happening

    @staticmethod
    def resolve_what_matters(obj):
        return obj.profile.what_matters

    @staticmethod
    def resolve_shares(obj):
        return obj.shares.select_related("organisation", "profile")


class MatchIn(Schema):
    """The front door's check of a held referral."""

    same_person: bool


class DecisionIn(Schema):
    outcome: str = Field(max_length=50)
    rationale: str = Field("", max_length=MAX_TEXT)
    priority: int | None = Field(None, ge=1, le=3)
    decline_reason: str = Field("", max_length=300)
    refer_to: Id | None = None
    dissent: str = Field("", max_length=MAX_TEXT)
    review_on: date | None = None
    override_reason: str = Field("", max_length=MAX_TEXT)


class DecisionOut(Schema):
    id: int
    outcome: str
    priority: int | None
    rationale: str
    decline_reason: str
    refer_to: str | None
    dissent: str
    review_on: date | None
    ndt_total: int | None
    threshold: int | None
    override_reason: str
    recorded_at: datetime

    @staticmethod
    def resolve_refer_to(obj):
        return obj.refer_to.name if obj.refer_to else None


def _organisations(ids: list[int], field: str) -> list[Organisation]:
    found = {o.pk: o for o in Organisation.objects.filter(pk__in=ids)}
    unknown = [i for i in ids if i not in found]
    if unknown:
        raise services.ReferralError(
            {field: f"No organisation with id {', '.join(map(str, unknown))}"}
        )
    return [found[i] for i in ids]


class AuditedPages(BoundedPages):
    def paginate_queryset(self, queryset, pagination, request=None, **params):
        page = super().paginate_queryset(queryset, pagination, request=request, **params)
        access.record_list(request.user, [r.person for r in page["items"]], "api referrals")
        return page


def _sees_people(request) -> None:
    """The same rule as the pages: roles that never see named people have no referrals."""
    if request.membership is None or not request.membership.rules.sees_personal_data:
        raise PermissionDenied("Your role does not see named people.")


@router.get("/", response=list[ReferralOut], url_name="referrals")
@paginate(AuditedPages, page_size=50)
def list_referrals(request: HttpRequest):
    _sees_people(request)
    return referrals_for(request.user).select_related("profile")


@router.post("/", response={201: ReferralDetailOut}, url_name="referral-create")
def create_referral(request: HttpRequest, data: ReferralIn):
    _sees_people(request)
    panel = Panel.objects.filter(organisations__memberships__user=request.user).first()
    if panel is None or request.membership is None:
        raise services.ReferralError({"panel": "Your organisation does not sit on a panel"})
    person = None
    if data.person_id is not None:
        person = access.get_person_for(request.user, data.person_id, "api refer", section="story")
    elif data.person is None:
        raise services.ReferralError({"person": "Give person_id or the person's details"})
    sharing = services.Sharing(
        organisations=_organisations(data.sharing.organisations, "sharing.organisations"),
        basis=data.sharing.basis,
        sections=data.sharing.sections,
        legal_gateway=data.sharing.legal_gateway,
        reason=data.sharing.reason,
    )
    referral = services.refer(
        panel=panel,
        identity=data.person.dict() if person is None else {},
        person=person,
        what_is_happening=data.what_is_happening,
        what_matters=data.what_matters,
        needs=[n.value for n in data.needs],
        sharing=sharing,
        by=request.user,
        organisation=request.membership.organisation,
    )
    return Status(201, referral)


@router.get("/{id:referral_id}", response=ReferralDetailOut, url_name="referral")
def get_referral(request: HttpRequest, referral_id: int):
    _sees_people(request)
    return get_referral_for(request.user, referral_id, "api referral")


@router.get("/{id:referral_id}/decisions", response=list[DecisionOut], url_name="decisions")
def list_decisions(request: HttpRequest, referral_id: int):
    _sees_people(request)
    referral = get_referral_for(request.user, referral_id, "api decisions")
    return referral.decisions.select_related("refer_to")


@router.post("/{id:referral_id}/decisions", response={201: DecisionOut}, url_name="decision-create")
def create_decision(request: HttpRequest, referral_id: int, data: DecisionIn):
    _sees_people(request)
    referral = get_referral_for(request.user, referral_id, "api decision")
    fields = data.dict()
    if data.refer_to is not None:
        fields["refer_to"] = _organisations([data.refer_to], "refer_to")[0]
    return Status(201, decisions.decide(referral, request.user, **fields))


@router.post("/{id:referral_id}/match", response=ReferralDetailOut, url_name="referral-match")
def check_match(request: HttpRequest, referral_id: int, data: MatchIn):
    """Join a held referral to the person already known, or let it stand as someone new."""
    _sees_people(request)
    referral = get_referral_for(request.user, referral_id, "api check a held referral")
    return matching.check_match(referral, request.user, same_person=data.same_person)

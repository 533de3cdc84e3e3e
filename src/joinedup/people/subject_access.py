"""Everything joinedup holds about one person, for a subject access request.

Each app adds its own records by registering an exporter from its `ready()`; the people app
never imports the apps above it. Exporters receive one person and return plain rows about them,
one table per section (every row of a section has the same columns), and name the models they
read, so a test can prove that every model about a person is exported or is declared, with a
reason, to hold no personal data (`tests/people/test_personal_data_registry.py`).
"""

from collections.abc import Callable, Iterable
from datetime import date, datetime

from joinedup.audit.models import AccessLog

_exporters: dict[str, tuple[str, Callable[[object], list[dict]]]] = {}
_exported_models: dict[str, set[str]] = {}
_no_personal_data: dict[str, str] = {}


def register_exporter(
    key: str, label: str, rows: Callable[[object], list[dict]], *, models: Iterable[str]
) -> None:
    """`models` are the model labels ("app.Model") whose rows the exporter puts out."""
    _exporters[key] = (label, rows)
    _exported_models[key] = set(models)


def holds_no_personal_data(model: str, why: str) -> None:
    """Declare that a model linked to people holds nothing about them; `why` is read in review."""
    _no_personal_data[model] = why


def exported_models() -> set[str]:
    return set().union(*_exported_models.values())


def models_without_personal_data() -> dict[str, str]:
    return dict(_no_personal_data)


def export(person) -> dict:
    """Every registered kind of record about `person`, as JSON-ready data."""
    return {
        "person_id": person.pk,
        "exported_at": datetime.now().isoformat(timespec="seconds"),
        "sections": [
            {"key": key, "title": label, "rows": [_plain(r) for r in rows(person)]}
            for key, (label, rows) in _exporters.items()
        ],
    }


def _plain(row: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, date | datetime) else v for k, v in row.items()}


def _identity(person):
    return [
        {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "known_as": person.known_as,
            "date_of_birth": person.date_of_birth,
            "sex": person.get_sex_display(),
            "ethnicity": person.get_ethnicity_display(),
            "disability": person.get_disability_display(),
            "postcode": person.postcode,
            "nhs_number": person.nhs_number,
            "restricted": person.restricted,
            "restricted_to": [str(u) for u in person.restricted_to.all()],
            "created_at": person.created_at,
            "work_closed_on": person.closed_on,
            "own_sign_in": person.account.email if person.account else None,
        }
    ]


def _involvements(person):
    return [
        {
            "organisation": i.organisation.name,
            "worker": i.worker,
            "role": i.role,
            "lead": i.is_lead,
            "contact": i.contact,
            "from": i.started_on,
            "until": i.ended_on,
            "last_contact": i.last_contact_on,
        }
        for i in person.involvements.select_related("organisation", "professional")
    ]


def _network(person):
    return [
        {
            "name": c.name,
            "relationship": c.get_relationship_display(),
            "described_as": c.described_as,
            "contact": c.contact,
            "dependant": c.is_dependant,
            "carer": c.is_carer,
            "since": c.since,
            "until": c.until,
        }
        for c in person.network.all()
    ]


def _sharing(person):
    return [
        {
            "organisation": c.organisation.name,
            "basis": c.get_basis_display(),
            "legal_gateway": c.legal_gateway,
            "reason": c.reason,
            "sections": c.section_labels(),
            "from": c.starts_at,
            "until": c.ends_at,
            "ended": c.revoked_at,
            "ended_because": c.revoke_reason,
        }
        for c in person.consents.select_related("organisation")
    ]


def _notes(person):
    return [
        {
            "written": n.written_at,
            "by": str(n.author or ""),
            "organisation": n.organisation.name,
            "visibility": n.get_visibility_display(),
            "text": n.text,
        }
        for n in person.notes.select_related("author", "organisation")
    ]


def _access_log(person):
    return [
        {
            "when": e.at,
            "who": str(e.user or ""),
            "organisation": str(e.organisation or ""),
            "what": e.get_action_display(),
            "allowed": e.granted,
            "why": e.purpose,
        }
        for e in AccessLog.objects.filter(person_ref=person.pk).select_related(
            "user", "organisation"
        )
    ]


# Their own sign-in, if they have one, is part of who they are.
register_exporter("identity", "Who they are", _identity, models=["people.Person", "accounts.User"])
register_exporter(
    "involvements",
    "Organisations and workers involved",
    _involvements,
    models=["people.Involvement"],
)
register_exporter("network", "Their own people", _network, models=["people.PersonalContact"])
register_exporter("sharing", "Sharing and consent", _sharing, models=["people.Consent"])
register_exporter("notes", "Case notes", _notes, models=["people.Note"])
register_exporter("access_log", "Who has seen the record", _access_log, models=["audit.AccessLog"])

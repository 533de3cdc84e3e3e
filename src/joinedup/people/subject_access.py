"""Everything joinedup holds about one person, for a subject access request.

Each app adds its own records by registering an exporter from its `ready()`; the people app
never imports the apps above it. Exporters receive one person and return plain rows about them.
"""

from collections.abc import Callable
from datetime import date, datetime

from joinedup.audit.models import AccessLog

_exporters: dict[str, tuple[str, Callable[[object], list[dict]]]] = {}


def register_exporter(key: str, label: str, rows: Callable[[object], list[dict]]) -> None:
    _exporters[key] = (label, rows)


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
            "postcode": person.postcode,
            "nhs_number": person.nhs_number,
            "restricted": person.restricted,
            "created_at": person.created_at,
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


register_exporter("identity", "Who they are", _identity)
register_exporter("involvements", "Organisations and workers involved", _involvements)
register_exporter("network", "Their own people", _network)
register_exporter("sharing", "Sharing and consent", _sharing)
register_exporter("notes", "Case notes", _notes)
register_exporter("access_log", "Who has seen the record", _access_log)

"""One chronology of a person's life across agencies.

Each app contributes its own kind of entry by registering a source from its `ready()`
(as `costs` does for service use and `plans` for plan steps), so the people app never
imports the apps above it. Sources receive a person the caller has already been allowed to see,
and the user, so that entries with their own visibility (notes) can be filtered.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from joinedup.people.access import notes_for


@dataclass(frozen=True)
class Entry:
    on: date
    kind: str
    title: str
    organisation: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Source:
    kind: str
    label: str
    entries: Callable[[object, object], Iterable[Entry]]


_sources: dict[str, Source] = {}


def register_source(kind: str, label: str, entries: Callable) -> None:
    _sources[kind] = Source(kind, label, entries)


def kinds() -> list[tuple[str, str]]:
    return [(s.kind, s.label) for s in _sources.values()]


def entries_for(person, user, only: Iterable[str] | None = None) -> list[Entry]:
    """Newest first; `only` keeps the chosen kinds."""
    chosen = set(only or _sources)
    found = [e for s in _sources.values() if s.kind in chosen for e in s.entries(person, user)]
    return sorted(found, key=lambda e: (e.on, e.kind, e.title), reverse=True)


def _involvements(person, user) -> Iterable[Entry]:
    for inv in person.involvements.select_related("organisation", "professional"):
        worker = inv.worker or "a worker not on joinedup"
        yield Entry(
            inv.started_on,
            "involvement",
            f"{inv.organisation} started working with them",
            inv.organisation.name,
            f"{inv.role}: {worker}",
        )
        if inv.ended_on:
            yield Entry(
                inv.ended_on,
                "involvement",
                f"{inv.organisation} stopped",
                inv.organisation.name,
                inv.role,
            )


def _consents(person, user) -> Iterable[Entry]:
    for c in person.consents.select_related("organisation"):
        yield Entry(
            c.starts_at.date(),
            "sharing",
            f"Record shared with {c.organisation}",
            c.organisation.name,
            c.get_basis_display(),
        )
        if c.revoked_at:
            yield Entry(
                c.revoked_at.date(),
                "sharing",
                f"Sharing with {c.organisation} revoked",
                c.organisation.name,
            )


def _notes(person, user) -> Iterable[Entry]:
    for note in notes_for(user, person):
        yield Entry(
            note.written_at.date(),
            "note",
            note.text[:200],
            note.organisation.name,
            f"{note.author or 'Unknown'}, {note.get_visibility_display().lower()}",
        )


register_source("involvement", "Agencies starting and stopping", _involvements)
register_source("note", "Notes", _notes)
register_source("sharing", "Sharing and consent", _consents)

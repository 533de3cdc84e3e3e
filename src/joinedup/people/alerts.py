"""Alerts shown at the top of a person's page. Apps add their own by registering a function
that takes the person and returns plain-English sentences (plans adds key dates ahead)."""

from collections.abc import Callable

_sources: list[Callable[[object], list[str]]] = []


def register(source: Callable[[object], list[str]]) -> None:
    _sources.append(source)


def for_person(person) -> list[str]:
    return [alert for source in _sources for alert in source(person)]

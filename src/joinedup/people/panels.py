"""Parts of a person's page contributed by higher apps (the front door adds its own).

A panel is a template and a function `(person, user, sections) -> dict | None` giving its
context; None leaves the panel out (for example when the user may not see that section).
"""

from collections.abc import Callable

_panels: list[tuple[str, Callable]] = []


def register(template: str, context: Callable) -> None:
    _panels.append((template, context))


def for_person(person, user, sections) -> list[dict]:
    shown = []
    for template, context in _panels:
        data = context(person, user, sections)
        if data is not None:
            shown.append({"template": template, **data})
    return shown

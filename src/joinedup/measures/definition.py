"""Checking an instrument's data file: its shape by JSON Schema, then what a schema cannot
say (a conversion table that covers every reachable raw total, sub-scales that name real
items...). A bad file is refused with the field's path and the reason. No Django here."""

import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

import jsonschema

from joinedup.measures import scoring

DECIMAL = {"type": ["string", "number"]}
MISSING = {
    "type": "object",
    "additionalProperties": False,
    "required": ["max_missing", "method"],
    "properties": {
        "max_missing": {"type": "integer", "minimum": 0},
        "method": {"enum": ["none", "prorate"]},
    },
}
ROUNDING = {
    "type": "object",
    "additionalProperties": False,
    "properties": {"places": {"type": "integer", "minimum": 0, "maximum": 2}},
}
CONVERSION = {
    "type": "object",
    "propertyNames": {"pattern": "^-?[0-9]+$"},
    "additionalProperties": DECIMAL,
    "minProperties": 1,
}
CODE = {"type": "string", "pattern": "^[a-z0-9_]{1,50}$"}
TEXT = {"type": "string", "minLength": 1, "maxLength": 200}

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["key", "name", "version", "higher_is", "items"],
    "properties": {
        "key": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,49}$"},
        "name": TEXT,
        "version": {"type": "integer", "minimum": 1},
        "description": {"type": "string"},
        "copyright": {"type": "string"},
        "licence": {"type": "string"},
        "source": {"type": "string"},
        "higher_is": {"enum": ["better", "worse"]},
        "higher_means": {"type": "string", "maxLength": 100},
        "reliable_change": DECIMAL,
        "wording": {"enum": ["shipped", "licensed"]},
        "items": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["code", "title", "scores", "anchors"],
                "properties": {
                    "code": CODE,
                    "title": TEXT,
                    "scores": {
                        "type": "array",
                        "minItems": 2,
                        "items": {"type": "integer", "minimum": 0, "maximum": 1000},
                    },
                    "anchors": {"type": "array", "items": {"type": "string", "maxLength": 500}},
                    "reverse": {"type": "boolean"},
                    "weight": {"type": "integer", "minimum": 1, "maximum": 100},
                },
            },
        },
        "scoring": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"missing": MISSING, "conversion": CONVERSION, "rounding": ROUNDING},
        },
        "subscales": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["code", "title", "items"],
                "properties": {
                    "code": CODE,
                    "title": TEXT,
                    "items": {"type": "array", "minItems": 1, "items": CODE},
                    "missing": MISSING,
                    "conversion": CONVERSION,
                    "rounding": ROUNDING,
                },
            },
        },
    },
}


class InvalidInstrument(ValueError):
    """A file refused: `problems` lists (field path, reason), the first one in the message."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"{path}: {reason}" for path, reason in problems))


def _path(parts) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(the file)"


def _decimal(value) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _check_scale(path: str, items: list[Mapping], rules: Mapping, problems: list) -> None:
    missing = rules.get("missing")
    if missing and missing["max_missing"] >= len(items):
        problems.append(
            (f"{path}.missing.max_missing", f"must be fewer than the {len(items)} items")
        )
    if missing and missing["method"] == "none" and missing["max_missing"]:
        problems.append((f"{path}.missing.method", 'is "none", so max_missing must be 0'))
    conversion = rules.get("conversion")
    if conversion:
        for raw, value in conversion.items():
            if _decimal(value) is None:
                problems.append((f"{path}.conversion.{raw}", f"{value!r} is not a number"))
        gaps = sorted(scoring.reachable_raw(items, missing) - {int(k) for k in conversion})
        if gaps:
            shown = ", ".join(map(str, gaps[:10])) + (" ..." if len(gaps) > 10 else "")
            problems.append(
                (f"{path}.conversion", f"has no metric score for reachable raw total(s) {shown}")
            )


def semantic_problems(data: Mapping) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    seen: set[str] = set()
    for n, item in enumerate(data["items"]):
        where = f"items[{n}]"
        if item["code"] in seen:
            problems.append((f"{where}.code", f"{item['code']!r} is used by an earlier item"))
        seen.add(item["code"])
        scores = item["scores"]
        if scores != sorted(set(scores)):
            problems.append((f"{where}.scores", "must be different whole numbers, lowest first"))
        if len(item["anchors"]) != len(scores):
            problems.append(
                (
                    f"{where}.anchors",
                    f"has {len(item['anchors'])} descriptions for {len(scores)} scores",
                )
            )
    if "reliable_change" in data:
        change = _decimal(data["reliable_change"])
        if change is None or change <= 0:
            problems.append(("reliable_change", "must be a number above 0"))
    if problems:
        return problems  # the rest assumes well-formed items
    _check_scale("scoring", list(data["items"]), data.get("scoring", {}), problems)
    by_code = scoring.items_by_code(data)
    codes: set[str] = set()
    for n, sub in enumerate(data.get("subscales", [])):
        where = f"subscales[{n}]"
        if sub["code"] in codes:
            problems.append((f"{where}.code", f"{sub['code']!r} is used by an earlier sub-scale"))
        codes.add(sub["code"])
        unknown = [c for c in sub["items"] if c not in by_code]
        if unknown:
            problems.append((f"{where}.items", f"no such item: {', '.join(unknown)}"))
            continue
        if len(set(sub["items"])) != len(sub["items"]):
            problems.append((f"{where}.items", "names an item twice"))
            continue
        rules = {"missing": sub.get("missing", data.get("scoring", {}).get("missing"))}
        rules["conversion"] = sub.get("conversion")
        _check_scale(where, [by_code[c] for c in sub["items"]], rules, problems)
    return problems


def validate(data) -> dict:
    """The instrument, checked; raises InvalidInstrument naming each bad field."""
    validator = jsonschema.Draft202012Validator(SCHEMA)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        raise InvalidInstrument([(_path(e.absolute_path), e.message) for e in errors[:10]])
    problems = semantic_problems(data)
    if problems:
        raise InvalidInstrument(problems)
    return data


def parse(content: bytes | str) -> dict:
    """An uploaded file: JSON, then validated."""
    try:
        data = json.loads(content)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInstrument([("(the file)", f"is not JSON: {exc}")]) from None
    return validate(data)


WORDING_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["key", "version", "licence", "items"],
    "properties": {
        "key": {"type": "string"},
        "version": {"type": "integer"},
        "licence": {"type": "string", "minLength": 1},
        "items": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "required": ["title"],
                "properties": {
                    "title": {"type": "string", "minLength": 1, "maxLength": 300},
                    "anchors": {"type": "array", "items": {"type": "string", "maxLength": 500}},
                },
            },
        },
    },
}


def parse_wording(content: bytes | str, definition: Mapping) -> dict:
    """An area's licensed wording for an instrument: every item, no item it lacks."""
    try:
        data = json.loads(content)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInstrument([("(the file)", f"is not JSON: {exc}")]) from None
    errors = list(jsonschema.Draft202012Validator(WORDING_SCHEMA).iter_errors(data))
    if errors:
        raise InvalidInstrument([(_path(e.absolute_path), e.message) for e in errors[:10]])
    problems = []
    if (data["key"], data["version"]) != (definition["key"], definition["version"]):
        problems.append(("key", f"is for {data['key']} version {data['version']}"))
    by_code = scoring.items_by_code(definition)
    for code in sorted(set(by_code) - set(data["items"])):
        problems.append((f"items.{code}", "has no wording"))
    for code in sorted(set(data["items"]) - set(by_code)):
        problems.append((f"items.{code}", "is not an item of this instrument"))
    for code, wording in data["items"].items():
        anchors = wording.get("anchors")
        if code in by_code and anchors is not None and len(anchors) != len(by_code[code]["scores"]):
            problems.append((f"items.{code}.anchors", "needs one description per score"))
    if problems:
        raise InvalidInstrument(problems)
    return data

"""Scoring an instrument by the rules in its data file: no code per instrument.

Plain dicts in, plain values out, no Django: the property tests drive it with any response
of any shipped instrument. The rules (all from the file, see docs/outcomes.md):

* each answered item counts its chosen score, flipped end to end when the item is
  `reverse` (the i-th allowed score counts as the i-th from the other end), times its
  integer `weight` (1 unless the file says otherwise);
* the raw total is the sum over the answered items;
* a scale (the instrument's headline, or a sub-scale) is scored only when no more than
  `missing.max_missing` of its items are unanswered. With `method: "prorate"` the raw total
  is scaled up by the mean of the answered items (raw x all weights / answered weights);
  with `method: "none"` no item may be missing;
* a `conversion` table then turns the raw total (prorated raw rounded half up to a whole
  number) into the published metric score;
* the result is rounded half up to `rounding.places` decimal places (2 unless stated).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

NO_MISSING = {"max_missing": 0, "method": "none"}


class ResponseError(ValueError):
    """An answer the instrument does not allow; `code` names the item."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class ScaleScore:
    raw: int  # the weighted sum of the answered items
    answered: int
    missing: tuple[str, ...]
    score: Decimal | None  # None when the missing-item rule says it cannot be scored
    reason: str = ""  # why there is no score


@dataclass(frozen=True)
class Result:
    total: int  # the raw weighted total of the answered items (Assessment.total)
    score: Decimal | None  # the headline after prorating, conversion and rounding
    reason: str
    missing: tuple[str, ...]
    subscales: dict[str, ScaleScore] = field(default_factory=dict)

    def subscale_scores(self) -> dict[str, str | None]:
        """For storing as JSON: each sub-scale's score as a string ("12.50"), or None."""
        return {c: (None if s.score is None else str(s.score)) for c, s in self.subscales.items()}


def items_by_code(definition: Mapping) -> dict[str, Mapping]:
    return {item["code"]: item for item in definition["items"]}


def counted(item: Mapping, value: int) -> int:
    """What one answer counts toward the total: reversed if the item says so, then weighted."""
    scores = list(item["scores"])
    if item.get("reverse"):
        value = scores[len(scores) - 1 - scores.index(value)]
    return value * int(item.get("weight", 1))


def check(definition: Mapping, responses: Mapping[str, int | None]) -> dict[str, int]:
    """The answered items, each checked against its allowed scores; None means not answered."""
    items = items_by_code(definition)
    unknown = sorted(set(responses) - set(items))
    if unknown:
        raise ResponseError(unknown[0], f"{definition['name']} has no item {', '.join(unknown)}")
    answered = {}
    for code, value in responses.items():
        if value is None or value == "":
            continue
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or value not in items[code]["scores"]
        ):
            allowed = ", ".join(map(str, items[code]["scores"]))
            raise ResponseError(code, f"{items[code]['title']} is scored {allowed}, not {value}")
        answered[code] = value
    return answered


def _round(value: Decimal, rounding: Mapping | None) -> Decimal:
    places = int((rounding or {}).get("places", 2))
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def score_scale(
    items: list[Mapping],
    answered: Mapping[str, int],
    *,
    missing_rule: Mapping | None = None,
    conversion: Mapping[str, str] | None = None,
    rounding: Mapping | None = None,
) -> ScaleScore:
    """One scale (the whole instrument or a sub-scale) over `items`, by its own rules."""
    rule = {**NO_MISSING, **(missing_rule or {})}
    present = [i for i in items if i["code"] in answered]
    missing = tuple(i["code"] for i in items if i["code"] not in answered)
    raw = sum(counted(i, answered[i["code"]]) for i in present)
    limit = int(rule["max_missing"]) if rule["method"] == "prorate" else 0
    if len(missing) > limit or not present:
        reason = f"{len(missing)} of {len(items)} items not answered" + (
            f" (at most {limit} may be)" if limit else " (every item must be)"
        )
        return ScaleScore(raw, len(present), missing, None, reason)
    value = Decimal(raw)
    if missing:  # prorate: scale up by the mean of the answered items, weight for weight
        every = sum(int(i.get("weight", 1)) for i in items)
        answered_weight = sum(int(i.get("weight", 1)) for i in present)
        value = Decimal(raw) * every / answered_weight
    if conversion:
        whole = int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        value = Decimal(str(conversion[str(whole)]))
    return ScaleScore(raw, len(present), missing, _round(value, rounding))


def score(definition: Mapping, responses: Mapping[str, int | None]) -> Result:
    """The headline score and every sub-scale's, for one set of answers."""
    answered = check(definition, responses)
    rules = definition.get("scoring", {})
    items = list(definition["items"])
    headline = score_scale(
        items,
        answered,
        missing_rule=rules.get("missing"),
        conversion=rules.get("conversion"),
        rounding=rules.get("rounding"),
    )
    by_code = items_by_code(definition)
    subscales = {
        sub["code"]: score_scale(
            [by_code[c] for c in sub["items"]],
            answered,
            missing_rule=sub.get("missing", rules.get("missing")),
            conversion=sub.get("conversion"),
            rounding=sub.get("rounding", rules.get("rounding")),
        )
        for sub in definition.get("subscales", [])
    }
    return Result(
        total=headline.raw,
        score=headline.score,
        reason=headline.reason,
        missing=headline.missing,
        subscales=subscales,
    )


def raw_range(items: list[Mapping]) -> tuple[int, int]:
    """The lowest and highest raw total when every item is answered."""
    low = sum(min(counted(i, s) for s in i["scores"]) for i in items)
    high = sum(max(counted(i, s) for s in i["scores"]) for i in items)
    return low, high


def reachable_raw(items: list[Mapping], missing_rule: Mapping | None = None) -> set[int]:
    """Every whole raw total a conversion table may be asked for under these rules."""
    totals = {0}
    for item in items:
        totals = {t + counted(item, s) for t in totals for s in item["scores"]}
    rule = {**NO_MISSING, **(missing_rule or {})}
    if rule["method"] == "prorate" and int(rule["max_missing"]) > 0:
        low, high = raw_range(items)  # prorated totals, rounded, fall anywhere in between
        totals |= set(range(low, high + 1))
    return totals

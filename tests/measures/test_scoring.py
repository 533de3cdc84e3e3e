"""The scoring engine, by the rules in each shipped file: hand-worked examples for every
instrument, and properties that hold for ANY valid response of ANY shipped instrument
(responses generated from the instrument's own data). No database: plain dicts."""

import copy
import json
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from joinedup.measures import definition, scoring
from joinedup.measures.instruments import FOLDER

SHIPPED = {
    p.stem: definition.validate(json.loads(p.read_text())) for p in sorted(FOLDER.glob("*.json"))
}


def responses(instrument: dict, *, allow_missing=True):
    """Any response: each item one of its allowed scores, or (optionally) not answered."""
    per_item = {}
    for item in instrument["items"]:
        choice = st.sampled_from(item["scores"])
        per_item[item["code"]] = st.one_of(st.none(), choice) if allow_missing else choice
    return st.fixed_dictionaries(per_item)


any_response = st.sampled_from(sorted(SHIPPED)).flatmap(
    lambda key: st.tuples(st.just(SHIPPED[key]), responses(SHIPPED[key]))
)


def answered(values):
    return {c: v for c, v in values.items() if v is not None}


def places(d):
    return int(d.get("scoring", {}).get("rounding", {}).get("places", 2))


def rounded(value: Decimal, n: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-n), rounding=ROUND_HALF_UP)


# Hand-worked examples, one or more per instrument.


def all_at(key, value):
    return {i["code"]: value for i in SHIPPED[key]["items"]}


@pytest.mark.parametrize(
    "raw,metric",
    [(7, "7.00"), (8, "9.51"), (14, "15.32"), (21, "19.25"), (28, "25.03"), (29, "26.02")]
    + [(34, "32.55"), (35, "35.00")],
)
def test_swemwbs_raw_totals_convert_by_the_published_table(raw, metric):
    # Seven items 1-5: start at all 1 (raw 7) and raise items one point at a time.
    values = all_at("swemwbs", 1)
    codes = list(values)
    for n in range(raw - 7):
        values[codes[n % 7]] += 1
    result = scoring.score(SHIPPED["swemwbs"], values)
    assert result.total == raw
    assert result.score == Decimal(metric)


def test_swemwbs_is_not_scored_with_an_item_missing():
    values = {**all_at("swemwbs", 3), "item_4": None}
    result = scoring.score(SHIPPED["swemwbs"], values)
    assert result.score is None and result.total == 18
    assert result.reason == "1 of 7 items not answered (every item must be)"


def test_ndt_totals_by_hand():
    assert scoring.score(SHIPPED["ndt"], all_at("ndt", 0)).score == 0
    ndt = {i["code"]: i["scores"][2] for i in SHIPPED["ndt"]["items"]}
    assert scoring.score(SHIPPED["ndt"], ndt).score == 8 * 2 + 2 * 4 == 24
    ndt["housing"] = None
    assert scoring.score(SHIPPED["ndt"], ndt).score is None


def test_journey_of_change_prorates_up_to_two_missing_areas_and_scores_each_group():
    values = all_at("journey", 5)
    assert scoring.score(SHIPPED["journey"], values).score == Decimal("50.00")
    values.update(accommodation=None, offending=None, money=4, managing_tenancy=6)
    result = scoring.score(SHIPPED["journey"], values)
    # 8 answered: 4 + 6 + 6 x 5 = 40, prorated 40 x 10 / 8 = 50.
    assert result.total == 40 and result.score == Decimal("50.00")
    subs = result.subscale_scores()
    assert subs["home_and_money"] == "15.00"  # (4 + 6) x 3 / 2
    assert subs["health"] == "15.00"
    assert subs["safety_and_people"] is None  # no area of this group may be missing
    values["safety"] = None  # a third missing area: no headline score
    assert scoring.score(SHIPPED["journey"], values).score is None


def test_satisfaction_reverses_one_item_and_weights_another():
    values = {"listened": 5, "clear": 4, "repeat_story": 2, "safe": 5, "overall": 3}
    result = scoring.score(SHIPPED["satisfaction"], values)
    # repeat_story 2 counts as 4 (reversed); overall 3 counts double.
    assert result.total == 5 + 4 + 4 + 5 + 6 == 24 and result.score == Decimal("24.00")
    assert result.subscale_scores() == {"how_we_worked": "13.00"}
    values["overall"] = None  # 18 over weights 4 of 6: 18 x 6 / 4 = 27
    assert scoring.score(SHIPPED["satisfaction"], values).score == Decimal("27.00")


def test_an_answer_the_item_does_not_allow_is_refused_naming_the_item():
    with pytest.raises(scoring.ResponseError, match="Item 3 is scored 1, 2, 3, 4, 5, not 6") as e:
        scoring.score(SHIPPED["swemwbs"], {**all_at("swemwbs", 1), "item_3": 6})
    assert e.value.code == "item_3"
    with pytest.raises(scoring.ResponseError, match="has no item wellbeing"):
        scoring.score(SHIPPED["swemwbs"], {"wellbeing": 1})
    with pytest.raises(scoring.ResponseError):
        scoring.score(SHIPPED["swemwbs"], {"item_1": True})


# Properties for any response of any shipped instrument.


@settings(max_examples=400, deadline=None)
@given(case=any_response)
def test_the_total_counts_each_answer_reversed_and_weighted_as_its_item_says(case):
    instrument, values = case
    result = scoring.score(instrument, values)
    expected = 0
    for item in instrument["items"]:
        value = values[item["code"]]
        if value is None:
            continue
        position = item["scores"].index(value)
        if item.get("reverse"):
            position = len(item["scores"]) - 1 - position
        expected += item["scores"][position] * item.get("weight", 1)
    assert result.total == expected


@settings(max_examples=300, deadline=None)
@given(case=any_response)
def test_the_missing_item_rule_decides_whether_there_is_a_score(case):
    instrument, values = case
    rule = {**scoring.NO_MISSING, **instrument.get("scoring", {}).get("missing", {})}
    limit = rule["max_missing"] if rule["method"] == "prorate" else 0
    missing = sum(v is None for v in values.values())
    result = scoring.score(instrument, values)
    scorable = missing <= limit and missing < len(values)
    assert (result.score is not None) == scorable
    assert (result.reason == "") == scorable


@settings(max_examples=300, deadline=None)
@given(case=any_response)
def test_a_score_is_the_prorated_raw_total_converted_and_rounded(case):
    instrument, values = case
    result = scoring.score(instrument, values)
    if result.score is None:
        return
    items = {i["code"]: i for i in instrument["items"]}
    weight = {c: i.get("weight", 1) for c, i in items.items()}
    given_weight = sum(weight[c] for c in answered(values))
    prorated = Decimal(result.total) * sum(weight.values()) / given_weight
    conversion = instrument.get("scoring", {}).get("conversion")
    expected = Decimal(conversion[str(int(rounded(prorated, 0)))]) if conversion else prorated
    assert result.score == rounded(expected, places(instrument))
    low, high = scoring.raw_range(instrument["items"])
    if conversion:
        low, high = Decimal(conversion[str(low)]), Decimal(conversion[str(high)])
    assert low <= result.score <= high


@settings(max_examples=300, deadline=None)
@given(case=any_response, data=st.data())
def test_a_sub_scale_depends_only_on_its_own_items(case, data):
    instrument, values = case
    subscales = instrument.get("subscales", [])
    if not subscales:
        return
    other = data.draw(responses(instrument))
    before = scoring.score(instrument, values).subscales
    for sub in subscales:
        mixed = {c: (values[c] if c in sub["items"] else other[c]) for c in values}
        after = scoring.score(instrument, mixed).subscales[sub["code"]]
        assert after == before[sub["code"]]
        alone = scoring.score_scale(
            [i for i in instrument["items"] if i["code"] in sub["items"]],
            answered(values),
            missing_rule=sub.get("missing", instrument.get("scoring", {}).get("missing")),
            conversion=sub.get("conversion"),
            rounding=sub.get("rounding", instrument.get("scoring", {}).get("rounding")),
        )
        assert alone == before[sub["code"]]


@settings(max_examples=300, deadline=None)
@given(case=any_response, data=st.data())
def test_raising_an_answer_moves_the_total_the_way_the_item_points(case, data):
    instrument, values = case
    item = data.draw(st.sampled_from(instrument["items"]))
    current = values[item["code"]]
    if current is None or current == item["scores"][-1]:
        return
    higher = item["scores"][item["scores"].index(current) + 1]
    before = scoring.score(instrument, values).total
    after = scoring.score(instrument, {**values, item["code"]: higher}).total
    assert (after < before) if item.get("reverse") else (after > before)


@settings(max_examples=200, deadline=None)
@given(case=any_response)
def test_flipping_an_item_to_reverse_mirrors_its_contribution(case):
    instrument, values = case
    flipped = copy.deepcopy(instrument)
    for item in flipped["items"]:
        item["reverse"] = not item.get("reverse", False)
    mirrored = {}
    for item in instrument["items"]:
        v = values[item["code"]]
        mirrored[item["code"]] = (
            None if v is None else item["scores"][len(item["scores"]) - 1 - item["scores"].index(v)]
        )
    assert scoring.score(flipped, mirrored).total == scoring.score(instrument, values).total


@settings(max_examples=200, deadline=None)
@given(case=any_response, factor=st.integers(min_value=2, max_value=5))
def test_weighting_every_item_alike_scales_an_unconverted_score_alike(case, factor):
    instrument, values = case
    if instrument.get("scoring", {}).get("conversion"):
        return
    heavier = copy.deepcopy(instrument)
    for item in heavier["items"]:
        item["weight"] = item.get("weight", 1) * factor
    plain, weighted = scoring.score(instrument, values), scoring.score(heavier, values)
    assert weighted.total == plain.total * factor
    if plain.score is not None:
        assert abs(weighted.score - plain.score * factor) <= Decimal("0.01") * factor


@pytest.mark.parametrize("key", sorted(SHIPPED))
def test_every_reachable_raw_total_of_a_converted_scale_has_a_metric_score(key):
    instrument = SHIPPED[key]
    conversion = instrument.get("scoring", {}).get("conversion")
    if conversion:
        reachable = scoring.reachable_raw(instrument["items"], instrument["scoring"]["missing"])
        assert reachable <= {int(k) for k in conversion}

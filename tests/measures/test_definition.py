"""A bad instrument file is refused with the field's path and the reason."""

import copy
import json

import pytest

from joinedup.measures import definition
from joinedup.measures.instruments import FOLDER

SWEMWBS = json.loads((FOLDER / "swemwbs.json").read_text())
JOURNEY = json.loads((FOLDER / "journey.json").read_text())


def refused(data) -> list[tuple[str, str]]:
    with pytest.raises(definition.InvalidInstrument) as caught:
        definition.validate(data)
    return caught.value.problems


def changed(base, change):
    data = copy.deepcopy(base)
    change(data)
    return data


def test_every_shipped_file_is_valid():
    for path in FOLDER.glob("*.json"):
        definition.validate(json.loads(path.read_text()))


def test_a_conversion_table_must_cover_every_reachable_raw_total():
    data = changed(SWEMWBS, lambda d: d["scoring"]["conversion"].pop("20"))
    assert refused(data) == [
        ("scoring.conversion", "has no metric score for reachable raw total(s) 20")
    ]


def test_prorating_before_a_conversion_needs_every_total_in_between():
    def prorate(d):
        d["scoring"]["missing"] = {"max_missing": 1, "method": "prorate"}
        d["items"][0]["scores"] = [1, 3, 5]
        d["items"][0]["anchors"] = ["a", "b", "c"]
        d["scoring"]["conversion"].pop("35")

    assert refused(changed(SWEMWBS, prorate)) == [
        ("scoring.conversion", "has no metric score for reachable raw total(s) 35")
    ]


def test_a_sub_scale_must_name_real_items():
    data = changed(JOURNEY, lambda d: d["subscales"][1]["items"].append("housing"))
    assert refused(data) == [("subscales[1].items", "no such item: housing")]


def test_each_score_needs_its_description_and_scores_run_lowest_first():
    data = changed(JOURNEY, lambda d: d["items"][2]["anchors"].pop())
    assert refused(data) == [("items[2].anchors", "has 9 descriptions for 10 scores")]
    data = changed(JOURNEY, lambda d: d["items"][0]["scores"].reverse())
    assert refused(data) == [("items[0].scores", "must be different whole numbers, lowest first")]


def test_the_schema_names_the_field_and_why():
    assert refused(changed(JOURNEY, lambda d: d.update(higher_is="up"))) == [
        ("higher_is", "'up' is not one of ['better', 'worse']")
    ]
    problems = refused(changed(JOURNEY, lambda d: d["items"][3].update(weight=1.5)))
    assert problems == [("items[3].weight", "1.5 is not of type 'integer'")]
    problems = refused(changed(JOURNEY, lambda d: d["items"][1].pop("scores")))
    assert problems == [("items[1]", "'scores' is a required property")]


def test_missing_item_rules_must_leave_something_to_score():
    def too_many(d):
        d["scoring"]["missing"]["max_missing"] = 10

    assert refused(changed(JOURNEY, too_many)) == [
        ("scoring.missing.max_missing", "must be fewer than the 10 items")
    ]
    data = changed(
        JOURNEY, lambda d: d["subscales"][2].update(missing={"max_missing": 1, "method": "none"})
    )
    assert refused(data) == [("subscales[2].missing.method", 'is "none", so max_missing must be 0')]


def test_reliable_change_must_be_a_positive_number_and_codes_unique():
    assert refused(changed(SWEMWBS, lambda d: d.update(reliable_change="-1"))) == [
        ("reliable_change", "must be a number above 0")
    ]
    data = changed(SWEMWBS, lambda d: d["items"][1].update(code="item_1"))
    assert refused(data) == [("items[1].code", "'item_1' is used by an earlier item")]


def test_a_file_that_is_not_json_is_refused():
    with pytest.raises(definition.InvalidInstrument, match=r"\(the file\): is not JSON"):
        definition.parse(b"{not json")


def test_licensed_wording_must_cover_every_item_of_that_instrument():
    wording = {
        "key": "swemwbs",
        "version": 1,
        "licence": "Licensed to Riverside Council, 2025",
        "items": {f"item_{n}": {"title": f"Statement {n}"} for n in range(1, 7)},
    }
    with pytest.raises(definition.InvalidInstrument) as caught:
        definition.parse_wording(json.dumps(wording), SWEMWBS)
    assert caught.value.problems == [("items.item_7", "has no wording")]
    wording["items"]["item_7"] = {"title": "Statement 7", "anchors": ["one"]}
    with pytest.raises(definition.InvalidInstrument) as caught:
        definition.parse_wording(json.dumps(wording), SWEMWBS)
    assert caught.value.problems == [("items.item_7.anchors", "needs one description per score")]

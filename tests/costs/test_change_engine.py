"""The cost-change engine on the hand-worked cohort and on each point the contract is silent on."""

from datetime import date
from decimal import Decimal

import pytest

from joinedup.costs import change
from joinedup.costs.change import ContractError, Event, UnitCost, add_months, cost_change
from tests.costs import cambridgeshire as cam


def csv_of(result):
    lines = [",".join(change.OUTPUT_COLUMNS)]
    lines += [",".join(str(cell) for cell in row) for row in result.rows()]
    return "\n".join(lines) + "\n"


def test_it_gives_the_hand_worked_cambridgeshire_figures(tmp_path):
    result = change.from_files(*cam.write(tmp_path), cam.MONTHS)
    assert csv_of(result) == cam.CHANGE
    assert result.people == 4 and result.events_counted == 12 and result.events_ignored == 4


def test_every_department_in_the_unit_costs_appears_even_with_no_events(tmp_path):
    result = change.from_files(*cam.write(tmp_path, events="person_id,kind,occurred_on\n"), 6)
    assert [row[0] for row in result.rows()] == [
        "community", "criminal_justice", "health", "housing", "TOTAL"
    ]  # fmt: skip
    assert all(row[1:] == [Decimal("0.00")] * 3 + [""] for row in result.rows())


@pytest.mark.parametrize(
    "start, months, expected",
    [
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2023, 3, 31), -1, date(2023, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 1, 15), -12, date(2023, 1, 15)),
        (date(2024, 12, 31), 2, date(2025, 2, 28)),
        (date(2024, 5, 31), 1, date(2024, 6, 30)),
    ],
)
def test_months_keep_the_day_and_clamp_to_the_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_a_start_on_31_march_has_a_baseline_from_29_february():
    costs = [UnitCost("k", "d", Decimal(1))]
    events = [Event("p", "k", date(2024, 2, 28)), Event("p", "k", date(2024, 2, 29), Decimal(2))]
    result = cost_change(events, costs, {"p": date(2024, 3, 31)}, 1)
    assert result.departments[0].baseline == 2 and result.events_ignored == 1


def test_pence_are_rounded_half_up_once_and_the_total_adds_up_as_printed():
    costs = [UnitCost("a", "x", Decimal("0.01")), UnitCost("b", "y", Decimal("0.01"))]
    events = [Event("p", "a", date(2024, 1, 1), Decimal("0.5")),
              Event("p", "b", date(2024, 1, 1), Decimal("0.5"))]  # fmt: skip
    result = cost_change(events, costs, {"p": date(2024, 6, 1)}, 6)
    assert result.exact_total.baseline == Decimal("0.0100")
    rows = result.rows()
    assert rows[0][1] == rows[1][1] == Decimal("0.01")  # 0.005 each, half up
    assert rows[2][1] == Decimal("0.02")  # TOTAL is the sum of the printed lines


def test_change_percent_rounds_half_away_from_zero_and_is_never_minus_zero():
    assert change.Line("x", Decimal(8), Decimal("7.996")).change_percent == Decimal("-0.1")
    assert str(change.Line("x", Decimal(1000), Decimal("999.9996")).change_percent) == "0.0"
    assert change.Line("x", Decimal(0), Decimal(5)).change_percent is None


def test_months_must_be_a_positive_whole_number():
    for months in (0, -1, 1.5, True):
        with pytest.raises(ValueError):
            cost_change([], [], {}, months)


def test_a_bom_extra_columns_spaces_blank_lines_and_header_case_are_accepted(tmp_path):
    events = (
        "\ufeffPerson_ID , Kind,occurred_on,quantity,notes\n\n"
        " A ,arrest , 2023-08-01 ,2,first\n\n\nA,arrest,2024-01-15,,second\n"
    )
    cohort = "\ufeffperson_id,start_date,ward\nA , 2024-01-15,North\n"
    result = change.from_files(*cam.write(tmp_path, events=events, cohort=cohort), 6)
    cj = {line.name: line for line in result.departments}["criminal_justice"]
    assert (cj.baseline, cj.follow_up) == (Decimal(1000), Decimal(500))


def test_quantity_may_be_a_decimal_up_to_four_places(tmp_path):
    events = "person_id,kind,occurred_on,quantity\nA,hostel_night,2023-08-01,1.2345\n"
    result = change.from_files(*cam.write(tmp_path, events=events), 6)
    housing = {line.name: line for line in result.departments}["housing"]
    assert housing.baseline == Decimal("43.824750")
    assert result.rows()[3][1] == Decimal("43.82")


def refusal(tmp_path, **files):
    with pytest.raises(ContractError) as caught:
        change.from_files(*cam.write(tmp_path, **files), 6)
    return caught.value


E = "person_id,kind,occurred_on,quantity\n"


@pytest.mark.parametrize(
    "files, file, row, field, reason",
    [
        ({"events": "person_id,kind,quantity\n"}, "events.csv", 1, "occurred_on", "missing column"),
        ({"events": E + "A,arrest,2023-08-01,1\nA,taxi,2023-08-01,1\n"}, "events.csv", 3, "kind",
         "no unit cost for kind 'taxi'"),
        ({"events": E + "A,arrest,2023-02-30,1\n"}, "events.csv", 2, "occurred_on", "not a date"),
        ({"events": E + "A,arrest,01/08/2023,1\n"}, "events.csv", 2, "occurred_on", "not a date"),
        ({"events": E + "\nA,arrest,2023-08-01,-1\n"}, "events.csv", 3, "quantity",
         "not a quantity"),
        ({"events": E + "A,arrest,2023-08-01,1.23456\n"}, "events.csv", 2, "quantity",
         "not a quantity"),
        ({"events": E + "A,arrest,2023-08-01,two\n"}, "events.csv", 2, "quantity",
         "not a quantity"),
        ({"events": E + ",arrest,2023-08-01,1\n"}, "events.csv", 2, "person_id", "is empty"),
        ({"cohort": "person_id,start_date\nA,2024-01-15\nB,2024-01-15\nA,2024-02-01\n"},
         "cohort.csv", 4, "person_id", "already in the cohort on row 2"),
        ({"cohort": "person_id\nA\n"}, "cohort.csv", 1, "start_date", "missing column"),
        ({"unit_costs": "kind,department,unit_cost\narrest,cj,1\narrest,police,2\n"},
         "unit_costs.csv", 3, "kind", "already has a unit cost on row 2"),
        ({"unit_costs": "kind,department,unit_cost\narrest,cj,£1\n"}, "unit_costs.csv", 2,
         "unit_cost", "not an amount in pounds"),
        ({"unit_costs": "kind,department,unit_cost\narrest,cj,1.005\n"}, "unit_costs.csv", 2,
         "unit_cost", "not an amount in pounds"),
        ({"unit_costs": "kind,department,unit_cost\narrest,Total,1\n"}, "unit_costs.csv", 2,
         "department", "kept for the total row"),
        ({"unit_costs": "kind,department,unit_cost,kind\n"}, "unit_costs.csv", 1, "kind",
         "more than once"),
        ({"cohort": ""}, "cohort.csv", 1, None, "empty"),
    ],
)  # fmt: skip
def test_it_refuses_a_bad_file_naming_file_row_field_and_reason(
    tmp_path, files, file, row, field, reason
):
    error = refusal(tmp_path, **files)
    assert error.file.endswith(file) and error.row == row and error.field == field
    assert reason in error.reason
    assert str(error).startswith(f"{error.file}: row {row}")


def test_an_unknown_kind_is_refused_even_for_someone_outside_the_cohort(tmp_path):
    error = refusal(tmp_path, events=E + "Z,taxi,1999-01-01,1\n")
    assert (error.row, error.field) == (2, "kind")


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    paths = cam.write(tmp_path)
    paths[2].write_bytes("person_id,start_date\nJos\xe9,2024-01-01\n".encode("latin-1"))
    with pytest.raises(ContractError, match="not UTF-8"):
        change.from_files(*paths, 6)


def test_without_a_quantity_column_every_event_counts_once(tmp_path):
    events = "person_id,kind,occurred_on\nA,arrest,2023-08-01\nA,arrest,2023-08-01\n"
    result = change.from_files(*cam.write(tmp_path, events=events), 6)
    assert {line.name: line.baseline for line in result.departments}["criminal_justice"] == 1000

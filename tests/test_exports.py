"""One helper writes every spreadsheet: text that could be a formula is written as text."""

import ast
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from joinedup.exports import FORMULA_STARTS, restore_cell, safe_cell

SRC = Path(__file__).resolve().parents[1] / "src" / "joinedup"
HELPER = SRC / "exports.py"

#: Ways to write a spreadsheet without the helper: the csv module's writers, openpyxl (reading
#: with `load_workbook` is fine), xlsxwriter, and pandas' writers.
CSV_WRITERS = {"writer", "DictWriter"}
PANDAS_WRITERS = {"to_csv", "to_excel", "ExcelWriter"}


def writers_in(path: Path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            base = node.value.id if isinstance(node.value, ast.Name) else None
            if base == "csv" and node.attr in CSV_WRITERS:
                yield node.lineno, f"csv.{node.attr}"
            elif node.attr in PANDAS_WRITERS:
                yield node.lineno, node.attr
        elif isinstance(node, ast.ImportFrom) and node.module:
            top = node.module.split(".")[0]
            names = {a.name for a in node.names}
            if top == "csv" and names & CSV_WRITERS:
                yield node.lineno, f"from csv import {names & CSV_WRITERS}"
            if top == "openpyxl" and names - {"load_workbook"}:
                yield node.lineno, f"from {node.module} import {names - {'load_workbook'}}"
            if top == "xlsxwriter":
                yield node.lineno, "xlsxwriter"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in ("openpyxl", "xlsxwriter"):
                    yield node.lineno, f"import {alias.name}"


def test_it_finds_a_writer_that_bypasses_the_helper(tmp_path):
    sneaky = tmp_path / "sneaky.py"
    sneaky.write_text(
        "import csv\nfrom openpyxl import Workbook\n"
        "def f(h, frame):\n    csv.writer(h)\n    csv.DictWriter(h, [])\n    frame.to_csv(h)\n"
    )
    assert len(list(writers_in(sneaky))) == 4


def test_every_csv_and_xlsx_writer_goes_through_the_one_helper():
    wrong = [
        f"{path.relative_to(SRC)}:{line} {what}"
        for path in sorted(SRC.rglob("*.py"))
        if path != HELPER and "migrations" not in path.parts
        for line, what in writers_in(path)
    ]
    assert not wrong, "write spreadsheets with joinedup.exports:\n" + "\n".join(wrong)


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_it_quotes_text_that_a_spreadsheet_would_run(start):
    assert safe_cell(f'{start}HYPERLINK("http://x")') == f'\'{start}HYPERLINK("http://x")'


@pytest.mark.parametrize("value", [-5, Decimal("-12.50"), -0.5, True, None, "Sleeping rough", ""])
def test_it_leaves_numbers_and_plain_text_alone(value):
    assert safe_cell(value) == value and type(safe_cell(value)) is type(value)


@given(st.text())
def test_quoted_text_never_starts_a_formula_and_reads_back_exactly(text):
    written = safe_cell(text)
    assert not written.startswith(FORMULA_STARTS)
    assert restore_cell(written) == text

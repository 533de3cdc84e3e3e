"""Tables out as CSV or XLSX, the same way everywhere: the one place that writes spreadsheets.

Text a user typed can be a formula: a barrier whose effect reads `=HYPERLINK("http://...")` would
be a live link in the commissioner's spreadsheet. Every cell of text that starts with a character
a spreadsheet reads as the start of a formula (`= + - @`, tab, carriage return) is written with a
single quote in front, as OWASP advises ("CSV injection"); numbers, dates and booleans written
as such stay what they are. Every CSV or XLSX writer in joinedup goes through this module
(`tests/test_exports.py` fails if one does not), and `restore_cell` undoes the quote for our own
files read back in (the directory's data package).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.http import HttpResponse

#: A cell of text starting with one of these is a formula to Excel, LibreOffice or Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: Control characters an XLSX file cannot hold (openpyxl refuses them).
_XLSX_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def _needs_quote(text: str) -> bool:
    # A value that already starts with quotes before a formula character gets one more, so that
    # `restore_cell` gives back exactly what was written, quotes and all.
    return text.lstrip("'").startswith(FORMULA_STARTS)


def safe_cell(value):
    """The value as it should be written: text that could be a formula gets a leading `'`."""
    if isinstance(value, str) and _needs_quote(value):
        return "'" + value
    return value


def safe_row(row: Iterable) -> list:
    return [safe_cell(value) for value in row]


def restore_cell(value):
    """What `safe_cell` was given, for a cell of one of our own files read back in."""
    if isinstance(value, str) and value.startswith("'") and _needs_quote(value[1:]):
        return value[1:]
    return value


class CsvWriter:
    """`csv.writer` with every row through `safe_row`."""

    def __init__(self, handle, **options):
        self._writer = csv.writer(handle, **options)

    def writerow(self, row: Iterable):
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable]):
        for row in rows:
            self.writerow(row)


class CsvDictWriter(csv.DictWriter):
    """`csv.DictWriter` with every value through `safe_cell`."""

    def writerow(self, rowdict: dict):
        return super().writerow({k: safe_cell(v) for k, v in rowdict.items()})

    def writerows(self, rowdicts: Iterable[dict]):
        for rowdict in rowdicts:
            self.writerow(rowdict)


def csv_text(header: list[str], rows: Iterable[Iterable]) -> str:
    buffer = io.StringIO()
    writer = CsvWriter(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def xlsx_bytes(name: str, header: list[str], rows: Iterable[Iterable]) -> bytes:
    """One sheet, a bold header; every text cell written as text, never as a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = name[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            if isinstance(value, str):
                value = safe_cell(_XLSX_ILLEGAL.sub("", value))
            cell = sheet.cell(row=number, column=column, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # openpyxl would take "=..." for a formula; never here
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def table_response(name: str, header: list[str], rows: list[list], fmt: str) -> HttpResponse:
    """`fmt` is "csv" or "xlsx"; anything else is refused by the caller's URL."""
    # Imported here so the writers above stay plain Python: the engines with file contracts
    # (cash flow, DESIGN.md) write through them with no Django loaded.
    from django.http import HttpResponse

    if fmt == "xlsx":
        response = HttpResponse(
            xlsx_bytes(name, header, rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(csv_text(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


class FormatConverter:
    """`<fmt:fmt>` in a URL: only the formats we write."""

    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value

"""Reading and checking agency extracts (CSV or XLSX): every bad value named by file, row,
column and reason. Rows are numbered as a spreadsheet shows them (the header is row 1)."""

import csv
import io
import itertools
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from joinedup.linkage.prepare import CONTRACT, NO_FIXED_ABODE, UK_POSTCODE

REQUIRED = ["source", "source_id"]
#: What the record holds of each text column (SourceRecord's field lengths).
LONGEST = {"source": 100, "source_id": 100, "first_name": 100, "last_name": 100}
#: Control characters: NUL (which PostgreSQL refuses) and the rest, invisible in a name. Tabs
#: and line breaks are allowed in the agency's other columns (a note), never in ours.
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
CONTROL_IN_EXTRA = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y%m%d"]
SEXES = {
    "m": "M",
    "male": "M",
    "f": "F",
    "female": "F",
    "x": "X",
    "u": "X",
    "unknown": "X",
    "other": "X",
    "not stated": "X",
    "": "",
}


@dataclass
class Problem:
    file: str
    row: int
    column: str
    reason: str

    def __str__(self):
        return f"{self.file}, row {self.row}, column {self.column}: {self.reason}"

    def as_dict(self):
        return {"file": self.file, "row": self.row, "column": self.column, "reason": self.reason}


class Formula(str):
    """An XLSX cell holding a formula: the text is its saved value ("" when the file was never
    calculated, as files written by a program often are), `formula` what it says."""

    formula = ""


def read_table(filename: str, content: bytes) -> tuple[list[str], list[list[str]]]:
    """Header and rows, as text. XLSX by extension, otherwise CSV (UTF-8, BOM allowed)."""
    if filename.lower().endswith((".xlsx", ".xlsm")):
        rows = _read_xlsx(content)
    else:
        text = content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
    rows = [r for r in rows if any(isinstance(v, Formula) or str(v).strip() for v in r)]
    if not rows:
        return [], []
    return [str(h).strip() for h in rows[0]], rows[1:]


def _read_xlsx(content: bytes) -> list[list[str]]:
    """The saved values, with each formula cell marked (a second read gives the formulas)."""
    from openpyxl import load_workbook

    def sheet(data_only):
        return load_workbook(io.BytesIO(content), read_only=True, data_only=data_only).active

    rows = []
    for saved, written in zip(
        sheet(True).iter_rows(values_only=True),
        sheet(False).iter_rows(values_only=True),
        strict=False,
    ):
        row = []
        for value, raw in itertools.zip_longest(saved, written):
            text = "" if value is None else _cell(value)
            if isinstance(raw, str) and raw.startswith("="):
                text = Formula(text)
                text.formula = raw
            row.append(text)
        rows.append(row)
    return rows


def _cell(value) -> str:
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse_mapping(text: str) -> dict[str, str]:
    """'Their header = our column' lines (or comma-separated) into a dict."""
    mapping = {}
    for part in re.split(r"[\n,;]+", text or ""):
        if "=" in part:
            theirs, ours = (p.strip() for p in part.split("=", 1))
            if theirs and ours:
                mapping[theirs.lower()] = ours.lower()
    return mapping


def columns_for(header: list[str], mapping: dict[str, str], filename: str):
    """Our name for each of the file's columns, and the problems with the header."""
    names = []
    for h in header:
        key = h.strip().lower()
        names.append(mapping.get(key, key.replace(" ", "_")))
    problems = []
    unknown = sorted(set(mapping.values()) - set(CONTRACT))
    for name in unknown:
        problems.append(Problem(filename, 1, name, "the mapping names a column we do not know"))
    for name in REQUIRED:
        if name not in names:
            problems.append(Problem(filename, 1, name, "missing column"))
    seen = set()
    for name in names:
        if name in seen and name in CONTRACT:
            problems.append(Problem(filename, 1, name, "column appears twice"))
        seen.add(name)
    return names, problems


def clean_date(value: str) -> tuple[str, str | None]:
    value = value.strip()
    if not value:
        return "", None
    for fmt in DATE_FORMATS:
        try:
            day = datetime.strptime(value[:10], fmt).date()
        except ValueError:
            continue
        if day > date.today():
            return "", f"'{value}' is in the future"
        return day.isoformat(), None
    return "", f"'{value}' is not a date (use YYYY-MM-DD or DD/MM/YYYY)"


def clean_postcode(value: str) -> tuple[str, str | None]:
    squashed = re.sub(r"[^A-Z0-9]", "", value.upper())
    if not squashed:
        return "", None
    if squashed in NO_FIXED_ABODE:
        return "NFA", None
    match = UK_POSTCODE.match(squashed)
    if not match:
        return "", f"'{value}' is not a UK postcode (or NFA for no fixed abode)"
    return f"{match.group(1)} {match.group(2)}", None


def clean_row(values: dict[str, str], filename: str, row: int):
    """The contract fields cleaned, and a Problem for each bad value."""
    problems = []
    clean = {name: (values.get(name) or "").strip() for name in CONTRACT}

    def bad(column, reason):
        problems.append(Problem(filename, row, column, reason))

    for name, value in values.items():
        pattern = CONTROL if name in CONTRACT else CONTROL_IN_EXTRA
        if name and (found := pattern.search(value or "")):
            bad(name, f"has a control character ({found.group()!r}), which no name or id holds")
    for name in REQUIRED:
        if not clean[name]:
            bad(name, "empty; every record needs its agency and its own id")
    if not (clean["first_name"] or clean["last_name"]):
        bad("last_name", "no name at all (first_name and last_name both empty)")
    for name, longest in LONGEST.items():
        if len(clean[name]) > longest:
            bad(name, f"longer than {longest} characters ({len(clean[name])})")
    clean["date_of_birth"], reason = clean_date(clean["date_of_birth"])
    if reason:
        bad("date_of_birth", reason)
    sex = clean["sex"].lower()
    if sex not in SEXES:
        bad("sex", f"'{clean['sex']}' is not M, F or X (or blank)")
    clean["sex"] = SEXES.get(sex, "")
    clean["postcode"], reason = clean_postcode(clean["postcode"])
    if reason:
        bad("postcode", reason)
    nhs = re.sub(r"[\s-]", "", clean["nhs_number"])
    if nhs and not (nhs.isdigit() and len(nhs) == 10):
        bad("nhs_number", f"'{clean['nhs_number']}' is not 10 digits")
    # A number failing its check digit is kept (the agency holds it) but never used to link.
    clean["nhs_number"] = nhs
    extra = {k: v for k, v in values.items() if k not in CONTRACT and k}
    return clean, extra, problems


def _formula_problem(filename, row, column, value: Formula) -> Problem:
    """A formula in our columns is refused even with a saved value (it may be stale); in the
    agency's own columns only when there is no saved value, which would be lost."""
    saved = f"its saved value is {str(value)!r}" if value else "the file holds no value for it"
    return Problem(
        filename,
        row,
        column,
        f"is a formula ({value.formula}), not a value, and {saved}: save the sheet with values "
        "only (copy, then paste special, values) and import it again",
    )


def check_file(filename: str, content: bytes, mapping: dict[str, str] | None = None):
    """Every row of a file, cleaned: (rows, problems). Each row is (number, clean, extra)."""
    try:
        header, raw = read_table(filename, content)
    except (
        UnicodeDecodeError,
        csv.Error,
        OSError,
        ValueError,
        KeyError,
        zipfile.BadZipFile,
    ) as exc:
        return [], [Problem(filename, 1, "-", f"cannot be read as CSV or XLSX ({exc})")]
    if not header:
        return [], [Problem(filename, 1, "-", "the file is empty")]
    names, problems = columns_for(header, mapping or {}, filename)
    if problems:
        return [], problems
    rows, seen = [], {}
    for offset, values in enumerate(raw):
        number = offset + 2
        record = {n: str(values[i]) if i < len(values) else "" for i, n in enumerate(names)}
        clean, extra, row_problems = clean_row(record, filename, number)
        for i, value in enumerate(values[: len(names)]):
            if isinstance(value, Formula) and (names[i] in CONTRACT or not value):
                row_problems.append(_formula_problem(filename, number, names[i], value))
        key = (clean["source"], clean["source_id"])
        if key in seen and not row_problems:
            row_problems.append(Problem(filename, number, "source_id", f"repeats row {seen[key]}"))
        seen.setdefault(key, number)
        problems.extend(row_problems)
        rows.append((number, clean, extra, bool(row_problems)))
    return rows, problems


#: What each column of an extract holds, for the page that tells an analyst what to send:
#: (column, needed, what it holds, an example).
COLUMN_GUIDE = [
    ("source", True, "The agency the extract comes from, the same in every row", "housing"),
    ("source_id", True, "The agency's own number for the person, unique in its file", "H1042"),
    ("first_name", False, "First or known-as name", "Michael"),
    ("last_name", False, "Family name", "Reilly"),
    ("date_of_birth", False, "Date of birth: 1984-03-07, 07/03/1984 and the like", "1984-03-07"),
    ("sex", False, "M, F or X (male, female, unknown and similar are read)", "M"),
    ("postcode", False, "Last known postcode, or NFA for no fixed abode", "RV1 2AB"),
    ("nhs_number", False, "Ten digits, when the agency holds it", "9434765919"),
]

#: A made-up extract in the contract's shape, offered as a file to start from.
SAMPLE_ROWS = [
    ["housing", "H1042", "Michael", "Reilly", "1984-03-07", "M", "RV1 2AB", ""],
    ["housing", "H1043", "Ada", "Placeholder", "07/11/1991", "F", "NFA", ""],
    ["housing", "H1044", "Sam", "Sample", "", "X", "RV3 9ZZ", "9434765919"],
]

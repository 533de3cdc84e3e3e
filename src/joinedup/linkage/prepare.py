"""Clean agency records into the columns the linkage model compares.

Everything here is per record and vectorised (pandas), so both backends (DuckDB and Spark)
receive exactly the same prepared table and compare it with the same SQL. What it knows about
the population:

* names arrive in any case, with stray punctuation, as nicknames, in the wrong order, or with
  one part of a hyphenated surname; we compare cleaned names, a canonical first name (our
  nickname table) and an order-free key of both names;
* dates come as ISO or UK day/month/year; 1900-01-01 and similar are placeholders (missing), and
  1 January of a year often means 'year known only', so only its year is kept;
* 'no fixed abode' (NFA, NFA., No Fixed Address, homeless...) and anything not shaped like a
  postcode is missing, not a place;
* an NHS number counts only when its mod 11 check digit is right: a mistyped number is treated
  as missing rather than as evidence against;
* names no table knows (most of the world's) are still compared by sound (Soundex, so Mohammed
  meets Muhammad and a slip of a vowel or a doubled letter does not matter) and by similarity.
"""

import csv
import re
from datetime import date
from functools import cache
from pathlib import Path

import jellyfish
import pandas as pd

from joinedup.people.nhs import nhs_number_is_valid

CONTRACT = [
    "source",
    "source_id",
    "first_name",
    "last_name",
    "date_of_birth",
    "sex",
    "postcode",
    "nhs_number",
]

NO_FIXED_ABODE = {
    "NFA",
    "NOFIXEDABODE",
    "NOFIXEDADDRESS",
    "NFIXEDABODE",
    "HOMELESS",
    "NONE",
    "UNKNOWN",
    "NK",
    "NOTKNOWN",
    "NA",
    "NULL",
    "ZZ993VZ",  # the NHS's own code for 'no fixed abode'
    "ZZ993WZ",
    "ZZ993CZ",
    "ZZ993GZ",
    "ZZ993XZ",
    "ZZ993YZ",
}
UK_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
PLACEHOLDER_DATES = {"1900-01-01", "1901-01-01", "1800-01-01", "1899-12-31", "1970-01-01"}
DATE_FORMATS = [
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%m/%d/%Y",  # only when the day/month reading fails (a 'month' over 12)
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%Y%m%d",
    "%Y/%m/%d",
    "%d %b %Y",
    "%d %B %Y",
    "%d-%b-%Y",
]
#: Other names agencies give the contract's columns, read as ours by `read_extract`.
ALIASES = {
    "forename": "first_name",
    "given_name": "first_name",
    "firstname": "first_name",
    "surname": "last_name",
    "family_name": "last_name",
    "lastname": "last_name",
    "dob": "date_of_birth",
    "birth_date": "date_of_birth",
    "gender": "sex",
    "post_code": "postcode",
    "nhs_no": "nhs_number",
    "nhs": "nhs_number",
}


@cache
def nicknames() -> dict[str, str]:
    """Any listed name -> one name standing for its group (lower case).

    Names that share a familiar form are one group (Samuel, Samantha and Sam; Stephen, Steven and
    Steve): sex and date of birth still tell such people apart, while Kate meets Katherine.
    """
    parent: dict[str, str] = {}

    def root(name: str) -> str:
        while parent.setdefault(name, name) != name:
            name = parent[name]
        return name

    path = Path(__file__).with_name("nicknames.csv")
    with path.open(newline="") as fh:
        for row in csv.reader(line for line in fh if not line.startswith("#")):
            if row and row[0] != "name":
                for nick in row[1].split():
                    a, b = sorted((root(row[0]), root(nick)))
                    parent[b] = a
    return {name: root(name) for name in parent}


def _sounds(series: pd.Series) -> pd.Series:
    """Soundex of each name (computed once per distinct name)."""
    codes = {n: jellyfish.soundex(n.replace("-", "")) for n in series.dropna().unique()}
    return series.map(codes)


def _order_free(a: pd.Series, b: pd.Series) -> pd.Series:
    a, b = a.fillna(""), b.fillna("")
    return (a.where(a <= b, b) + "|" + b.where(a <= b, a)).where((a != "") & (b != ""), None)


def _clean_name(series: pd.Series) -> pd.Series:
    s = series.fillna("").astype(str).str.lower().str.normalize("NFKD")
    s = s.str.encode("ascii", "ignore").str.decode("ascii")
    s = s.str.replace(r"[^a-z\- ]", "", regex=True).str.replace(r"\s*-\s*", "-", regex=True)
    s = s.str.strip().str.replace(r"\s+", " ", regex=True)
    return s.where(s != "", None)


def _dates(series: pd.Series) -> pd.Series:
    raw = series.fillna("").astype(str).str.strip()
    # A timestamp keeps its date part only.
    raw = raw.where(~raw.str.match(r"^\d{4}-\d{2}-\d{2}[T ]"), raw.str.slice(0, 10))
    raw = raw.where(~raw.str.match(r"^\d{1,2}/\d{1,2}/\d{4} "), raw.str.split(" ").str[0])
    parsed = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
    for fmt in DATE_FORMATS:
        todo = parsed.isna() & (raw != "")
        if not todo.any():
            break
        parsed[todo] = pd.to_datetime(raw[todo], format=fmt, errors="coerce")
    # Two-digit years (07/03/62): a birth date is never in the future, so 2062 means 1962.
    short = parsed.isna() & raw.str.match(r"^\d{1,2}/\d{1,2}/\d{2}$")
    if short.any():
        two = pd.to_datetime(raw[short], format="%d/%m/%y", errors="coerce")
        future = two > pd.Timestamp.today()
        two[future] = two[future] - pd.DateOffset(years=100)
        parsed[short] = two
    return parsed


def _postcodes(series: pd.Series):
    s = series.fillna("").astype(str).str.upper().str.replace(r"[^A-Z0-9]", "", regex=True)
    missing = s.isin(NO_FIXED_ABODE) | (s == "")
    s = s.where(~missing, None)
    parts = s.str.extract(UK_POSTCODE)
    uk = parts[0].notna()
    # A postcode not shaped like a UK one (FEBRL's Australian ones) still counts as a whole.
    district = parts[0].where(uk, None)
    sector = (parts[0] + parts[1].str.slice(0, 1)).where(uk, None)
    return s, sector, district


def _per_value(values: pd.Series, columns) -> pd.DataFrame:
    """`columns(distinct values)` computed once per distinct value, spread back to the rows:
    extracts repeat the same names, dates and postcodes many times over."""
    codes, distinct = pd.factorize(values.fillna("").astype(str), sort=False)
    table = columns(pd.Series(distinct, dtype=object))
    return table.iloc[codes].reset_index(drop=True)


def _name_columns(first: pd.Series, last: pd.Series) -> pd.DataFrame:
    out = pd.DataFrame(index=first.index)
    first, last = _clean_name(first), _clean_name(last)
    # A hyphenated surname is compared by each of its parts too.
    parts = last.str.split(r"[- ]", n=1, expand=True).reindex(columns=[0, 1])
    # A title is not a name; a middle name is kept out of the comparison.
    first = first.str.replace(r"^(mr|mrs|ms|miss|mx|dr)\s+", "", regex=True)
    first_token = first.str.split(" ", n=1).str[0]
    nick = nicknames()
    out["forename"] = first_token
    out["forename_canon"] = first_token.map(lambda n: nick.get(n, n) if isinstance(n, str) else n)
    out["surname"] = last.str.replace(" ", "-", regex=False)
    out["surname_a"] = parts[0]
    out["surname_b"] = parts[1].where(parts[1].notna() & (parts[1] != ""), None)
    last_canon = out["surname_a"].map(lambda n: nick.get(n, n) if isinstance(n, str) else n)
    # The two names in either order: catches first and last names swapped.
    out["name_key"] = _order_free(out["forename_canon"], last_canon)
    # The same by sound: typos in both names, transliterations, names in either order.
    out["forename_sx"] = _sounds(out["forename"])
    out["surname_sx"] = _sounds(out["surname"])
    out["name_sx_key"] = _order_free(out["forename_sx"], out["surname_sx"])
    return out


def _date_columns(raw: pd.Series) -> pd.DataFrame:
    out = pd.DataFrame(index=raw.index)
    dob = _dates(raw)
    iso = dob.dt.strftime("%Y-%m-%d")
    this_year = date.today().year
    bad = iso.isna() | iso.isin(PLACEHOLDER_DATES) | (dob.dt.year < 1901)
    bad |= dob.dt.year > this_year
    year_only = ~bad & (dob.dt.month == 1) & (dob.dt.day == 1)
    out["dob"] = iso.where(~bad & ~year_only, None)
    out["dob_year"] = dob.dt.year.where(~bad, None).astype("Int64")
    swappable = (dob.dt.day <= 12) & (dob.dt.day != dob.dt.month)
    swapped = iso.str[:4] + "-" + iso.str[8:10] + "-" + iso.str[5:7]
    out["dob_swap"] = swapped.where(out["dob"].notna() & swappable, None)
    # Days since 1900, to score near dates (a day or a few weeks out).
    days = (dob - pd.Timestamp("1900-01-01")).dt.days
    out["dob_days"] = days.where(out["dob"].notna(), None).astype("Int64")
    return out


def _postcode_columns(raw: pd.Series) -> pd.DataFrame:
    postcode, sector, district = _postcodes(raw)
    return pd.DataFrame({"postcode": postcode, "pc_sector": sector, "pc_district": district})


def prepare(frame: pd.DataFrame) -> pd.DataFrame:
    """The comparison table: `unique_id` is the row's position in `frame`."""
    out = pd.DataFrame({"unique_id": range(len(frame))})
    out["source"] = frame["source"].astype(str).to_numpy()
    out["source_id"] = frame["source_id"].astype(str).to_numpy()
    names = (
        frame["first_name"].fillna("").astype(str).to_numpy()
        + "\x1f"
        + frame["last_name"].fillna("").astype(str).to_numpy()
    )
    columns = [
        _per_value(
            pd.Series(names),
            lambda both: _name_columns(
                both.str.split("\x1f").str[0], both.str.split("\x1f").str[1]
            ),
        ),
        _per_value(frame["date_of_birth"], _date_columns),
        _per_value(frame["postcode"], _postcode_columns),
    ]
    out = pd.concat([out, *columns], axis=1)

    nhs = frame["nhs_number"].fillna("").astype(str).str.replace(r"\D", "", regex=True)
    valid = nhs.map(nhs_number_is_valid)
    out["nhs"] = nhs.where(valid, None).to_numpy()

    sex = frame["sex"].fillna("").astype(str).str.strip().str.upper().str[:1]
    out["sex"] = sex.where(sex.isin(["M", "F"]), None).to_numpy()
    return (
        out.astype(object)
        .where(out.notna(), None)
        .astype({"unique_id": "int64", "dob_year": "Int64", "dob_days": "Int64"})
    )


class ExtractError(ValueError):
    """An extract that cannot be read as the contract: the message names the file and why."""


def parse_columns(text: str | None) -> dict[str, str]:
    """`first_name=given_name,last_name=surname` -> {"first_name": "given_name", ...}.

    A contract column mapped to nothing (`nhs_number=`) is one the extract does not hold.
    """
    mapping: dict[str, str] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        ours, sep, theirs = part.partition("=")
        ours = ours.strip().lower()
        if not sep or ours not in CONTRACT:
            raise ExtractError(
                f"--columns: {part.strip()!r} is not CONTRACT_COLUMN=THEIR_HEADER "
                f"(contract columns: {', '.join(CONTRACT)})"
            )
        mapping[ours] = theirs.strip()
    return mapping


def _header(name) -> str:
    return str(name).strip().lower().replace(" ", "_")


def read_extract(path: str | Path, columns: dict[str, str] | None = None) -> pd.DataFrame:
    """One agency extract (CSV or XLSX) as the contract columns, all as text.

    `columns` maps contract columns to the extract's own headers (`parse_columns`); common
    other names (forename, surname, DOB...) are read without one. `source`, when missing, is
    the file's name. Any other contract column missing is an error naming the file and the
    column, unless mapped to nothing (the extract does not hold it).
    """
    path = Path(path)
    columns = columns or {}
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        frame = pd.read_excel(path, dtype=str, engine="openpyxl").fillna("")
    else:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    headers = [_header(c) for c in frame.columns]
    frame.columns = headers
    renamed: dict[str, str] = {}
    for ours, theirs in columns.items():
        if theirs and _header(theirs) not in headers:
            raise ExtractError(
                f"{path.name}: no column {theirs!r} to read as {ours} "
                f"(its columns: {', '.join(map(str, headers))})"
            )
        if theirs:
            renamed[_header(theirs)] = ours
    taken = set(headers) | set(columns)
    for name in headers:
        ours = ALIASES.get(name)
        if name not in renamed and ours and ours not in taken:  # forename, DOB and the like
            renamed[name] = ours
            taken.add(ours)
    frame = frame.rename(columns=renamed)
    missing = []
    for column in CONTRACT:
        if column in frame.columns:
            continue
        if column == "source":
            frame[column] = path.stem
        elif column in columns:  # mapped to nothing: the extract does not hold it
            frame[column] = ""
        else:
            missing.append(column)
    if missing:
        raise ExtractError(
            f"{path.name}: no column {', '.join(missing)} (its columns: "
            f"{', '.join(map(str, headers))}); name the extract's own with --columns, e.g. "
            f"--columns {missing[0]}=THEIR_HEADER, or {missing[0]}= if it holds none"
        )
    return frame

"""`joinedup cashflow SPEC.json --out MONTHS.csv`: the cash-flow contract (docs/commissioning.md).

Reads SPEC.json, writes MONTHS.csv. Touches no database and needs no production settings. A spec
that breaks the contract is refused with the field's path and the reason, and nothing is
written: the months are worked out in full first, then go to a temporary file beside `--out`
that replaces it only once complete, so an earlier MONTHS.csv survives a failed run.
"""

import json
import sys
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from joinedup.commissioning import cashflow


class Command(BaseCommand):
    help = "A provider's monthly costs against its payments, and the working capital it needs."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("spec", metavar="SPEC.json", help="the contract's terms as JSON")
        parser.add_argument("--out", required=True, help="where to write MONTHS.csv (- for stdout)")

    def handle(self, *args, **opts):
        spec = load(Path(opts["spec"]))
        rows = cashflow.run(spec)
        if opts["out"] == "-":
            cashflow.write_csv(rows, sys.stdout)
        else:
            try:
                cashflow.write_csv(rows, opts["out"])
            except IsADirectoryError:
                raise CommandError(f"--out: {opts['out']} is a folder") from None
            except OSError as exc:
                folder = Path(opts["out"]).parent
                raise CommandError(f"--out: cannot write in {folder} ({exc.strerror})") from None
        self.stderr.write(
            f"{len(rows)} months, working capital {cashflow.working_capital(rows)} -> {opts['out']}"
        )


def load(path: Path) -> cashflow.Spec:
    """SPEC.json read strictly: a JSON number with a point becomes a Decimal (never a float, and
    refused where money or a whole number is asked for); NaN, Infinity and a key given twice in
    one object are refused."""
    name = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CommandError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise CommandError(f"{name}: is a folder, not a file") from None
    except UnicodeDecodeError:
        raise CommandError(f"{name}: not UTF-8 text") from None
    except OSError as exc:
        raise CommandError(f"{name}: cannot be read ({exc.strerror})") from None
    try:
        data = json.loads(
            text,
            parse_float=Decimal,
            parse_int=_integer,
            parse_constant=_refuse_constant,
            object_pairs_hook=_object,
        )
    except json.JSONDecodeError as exc:
        raise CommandError(
            f"{name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except ValueError as exc:  # a key twice, NaN, or an integer too long to be a contract's
        raise CommandError(f"{name}: {exc}") from None
    try:
        return cashflow.parse(data)
    except cashflow.SpecError as exc:
        raise CommandError(str(exc)) from None


def _object(pairs):
    data = {}
    for key, value in pairs:
        if key in data:
            raise ValueError(f"the key {json.dumps(key)} is given twice in one object")
        data[key] = value
    return data


def _integer(digits: str) -> int:
    if len(digits.lstrip("-")) > 30:
        raise ValueError(f"a whole number of {len(digits)} digits is too large for any field")
    return int(digits)


def _refuse_constant(word):
    raise ValueError(f"{word} is not a number this contract accepts")

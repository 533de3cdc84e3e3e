"""HSDS import and export: nested HSDS JSON and the tabular datapackage (CSV + datapackage.json).

Both go through one flat form, `tables`: the HSDS table name to a list of rows keyed by the
specification's field names (ids as UUID strings). Export builds the tables from the database;
the JSON export nests them as HSDS objects (organizations with their full services); import
flattens either file back into tables and loads them in one transaction, upserting by id, so
a second import of the same file changes nothing. A bad value stops the import with a message
naming the table, the row and the field; nothing is half-written.

What HSDS has no field for (an organisation's kind, sector and ward; the wards themselves; the
links between organisations) travels beside it in tables named `x_...` (in the JSON, under
`x_joinedup`), so our own export round-trips without loss.
"""

from joinedup.directory.interchange.export import (
    dump_tables,
    export_json,
    write_datapackage,
    write_json,
)
from joinedup.directory.interchange.load import (
    flatten,
    import_path,
    load_tables,
    read_datapackage,
    read_json,
)
from joinedup.directory.interchange.tables import EXTENSIONS, TABLES, ImportProblem

__all__ = [
    "EXTENSIONS",
    "TABLES",
    "ImportProblem",
    "dump_tables",
    "export_json",
    "flatten",
    "import_path",
    "load_tables",
    "read_datapackage",
    "read_json",
    "write_datapackage",
    "write_json",
]

"""The structure DESIGN.md promises, checked on every run: personal data only through the
access layer, imports pointing down the layers, and the synthetic area out of the product."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "joinedup"

#: Lower number, lower layer. An app may import its own layer and those below.
LAYERS = {
    "directory": 0,
    "accounts": 0,
    "audit": 0,
    "jobs": 0,
    "people": 1,
    "referrals": 2,
    "plans": 2,
    "measures": 2,
    "linkage": 2,
    "costs": 2,
    "commissioning": 2,
    "assessment": 2,
    "insight": 3,
}


def product_modules():
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC).parts
        if "migrations" in parts or parts[0] == "synthetic":
            continue
        yield path, parts


def imported_apps(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            bits = name.split(".")
            if bits[0] == "joinedup" and len(bits) > 1:
                yield bits[1], node.lineno


def test_apps_import_only_their_own_layer_or_below():
    wrong = []
    for path, parts in product_modules():
        app = parts[0]
        if app not in LAYERS:
            continue
        for target, line in imported_apps(path):
            if target in LAYERS and LAYERS[target] > LAYERS[app]:
                wrong.append(f"{path.relative_to(SRC)}:{line} imports {target}")
    assert not wrong, "imports must point down the layers:\n" + "\n".join(wrong)


def test_the_product_never_imports_the_synthetic_area():
    wrong = [
        f"{path.relative_to(SRC)}:{line}"
        for path, _ in product_modules()
        for target, line in imported_apps(path)
        if target == "synthetic"
    ]
    assert not wrong, wrong


@pytest.mark.parametrize("manager", ["objects", "_default_manager", "_base_manager"])
def test_person_rows_are_read_only_inside_people(manager):
    wrong = []
    for path, parts in product_modules():
        if parts[0] == "people":
            continue
        if f"Person.{manager}" in path.read_text():
            wrong.append(str(path.relative_to(SRC)))
    assert not wrong, f"read people through joinedup.people.access, not Person.{manager}: {wrong}"


def test_every_installed_app_of_ours_has_a_layer():
    apps = {p.parent.name for p in SRC.glob("*/apps.py")}
    assert apps - {"synthetic"} <= set(LAYERS), apps - set(LAYERS)

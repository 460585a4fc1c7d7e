"""Imports point one way: the import-linter contracts in pyproject.toml hold, and break loudly.

The contracts: a `layers` contract (wiring above domains above services above the shared
vocabulary), an `acyclic_siblings` contract (no circle between packages or modules) and a
`protected` one (only the embedded generator imports the embedded composer) and a `forbidden`
one (the product never imports the demo package).
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import handmade_assets
import handmade_assets_demo

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(handmade_assets.__file__).resolve().parent
DEMO_PACKAGE = Path(handmade_assets_demo.__file__).resolve().parent


def lint_imports(cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """`lint-imports` with this repository's contracts, on the package found first from `cwd`
    (the tool puts its working directory first on the import path)."""
    script = Path(sys.executable).with_name("lint-imports")
    return subprocess.run([str(script), "--no-cache", "--no-logo", str(ROOT / "pyproject.toml")],
                          capture_output=True, text=True, cwd=cwd)


def test_the_import_contracts_hold():
    result = lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout, result.stdout


@pytest.fixture
def package_copy(tmp_path) -> Path:
    """The product's and the demo's Python files in a folder of their own, to add an import to."""
    for package in (PACKAGE, DEMO_PACKAGE):
        shutil.copytree(package, tmp_path / package.name,
                        ignore=lambda folder, names: [n for n in names if n == "__pycache__"
                                                      or Path(folder, n).is_file() and not n.endswith(".py")])
    return tmp_path


@pytest.mark.parametrize("importer, imported, contract", [
    # A service reaching into a domain: a circle (generation imports services) and a layer break.
    ("services/embedder.py", "handmade_assets.generation.drafting", "No circle"),
    # The product's grounding gate leaning on the embedded composer.
    ("generation/quality.py", "handmade_assets.generation.composer", "embedded composer"),
    # A lower layer importing the wiring.
    ("catalog/assets.py", "handmade_assets.resources", "Wiring above domains"),
    # The product leaning on the demo's simulated shoppers.
    ("engagement/assets.py", "handmade_assets_demo.traffic", "never imports the demo"),
])
def test_a_new_upward_import_fails_naming_the_import(package_copy, importer, imported, contract):
    module = package_copy / "handmade_assets" / importer
    module.write_text(module.read_text() + f"\nimport {imported}  # noqa\n")
    result = lint_imports(cwd=package_copy)
    importer_name = "handmade_assets." + importer.removesuffix(".py").replace("/", ".")
    assert result.returncode != 0, result.stdout
    broken = result.stdout.split("Broken contracts", 1)[-1]
    assert contract in broken, result.stdout
    # The report names the offending import (relative to its package for circles).
    short = importer_name.rsplit(".", 1)[-1]
    assert importer_name in broken or f".{short} ->" in broken, result.stdout

"""The package's layers (pyproject's [tool.importlinter] contracts): each stage imports only
the stages below it, writers never import a transformation, only the CLI knows click, and
no two modules import each other in a circle."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_import_contract_is_kept() -> None:
    """lint-imports reads the contracts from pyproject.toml and fails on any import that
    goes upward (e.g. language importing rewrite) or closes a circle."""
    linter = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run([str(linter), "--no-cache"], cwd=ROOT, capture_output=True,
                         text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "4 kept, 0 broken" in run.stdout


def test_an_upward_import_breaks_the_contract(tmp_path: Path) -> None:
    """The check is live: a copy of the package where a language module imports the
    rewriting stage fails it."""
    import shutil

    copy = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "plainhealth", copy / "plainhealth",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    sentences = copy / "plainhealth" / "language" / "sentences.py"
    sentences.write_text(sentences.read_text() + "\nfrom plainhealth.rewrite import simplify\n")
    linter = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run([str(linter), "--no-cache"], cwd=tmp_path, capture_output=True,
                         text=True, check=False, env={"PYTHONPATH": str(copy), "PATH": ""})
    assert run.returncode == 1, run.stdout + run.stderr
    assert "plainhealth.language is not allowed to import plainhealth.rewrite" in run.stdout

"""The benchmark's boards are what its cases say they are (bench/generate.py, bench/run.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import ROOT, snapshot


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


generate = load("generate")
run = load("run")


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PPB_DIR", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")


def test_a_generated_board_is_already_as_fmt_writes_it(tmp_path: Path, ppb) -> None:
    generate.generate(tmp_path, 40)
    result = ppb("--dir", str(tmp_path), "fmt", "--check")
    assert (result.code, result.err) == (0, "")


def test_many_meetings_are_as_carry_forward_leaves_them(tmp_path: Path, ppb) -> None:
    facts = generate.generate_meetings(tmp_path, 8, per_meeting=3)
    assert facts["n"] == 24 and facts["arising"] > 0
    before = snapshot(tmp_path)
    for meeting in facts["meetings"]:
        result = ppb("--dir", str(tmp_path), "carry-forward", meeting)
        assert result.code == 0, result.err
        assert "already lists every open action" in result.out
    assert snapshot(tmp_path) == before
    result = ppb("--dir", str(tmp_path), "check")
    assert (result.code, result.out) == (0, "")
    assert "no problems" in result.err
    assert ppb("--dir", str(tmp_path), "fmt", "--check").code == 0
    assert ppb("--dir", str(tmp_path), "decisions", "--format", "json").out.count("agreed") == 8


def test_restore_puts_a_board_back_and_keeps_its_cache(tmp_path: Path) -> None:
    pristine, copy = tmp_path / "pristine", tmp_path / "copy"
    generate.generate(pristine, 30)
    run.fresh_copy(pristine, copy)
    (copy / ".ppb").mkdir()
    (copy / ".ppb" / "register.cache").write_bytes(b"kept")
    (copy / "meetings" / "2099-01-01.yaml").write_text("new\n")
    (copy / "actions.yaml").write_text("changed\n")
    (copy / "meetings" / "2014-03-13.yaml").unlink()
    run.restore(pristine, copy)
    assert snapshot(copy) == snapshot(pristine)
    assert (copy / ".ppb" / "register.cache").read_bytes() == b"kept"


def test_only_names_groups(capsys: pytest.CaptureFixture[str]) -> None:
    args = run.parse(["--only", "check,fmt", "--sizes", "500,10_000", "--meetings", "1000"])
    assert (args.only, args.sizes, args.meetings) == (["check", "fmt"], [500, 10000], [1000])
    with pytest.raises(SystemExit):
        run.parse(["--only", "chek"])
    assert "unknown group chek" in capsys.readouterr().err

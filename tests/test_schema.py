"""ppb schema: JSON Schema for editors, generated from the models, that the embedded board meets."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML


def as_an_editor_reads(path: Path) -> Any:
    """The file as a YAML 1.2 language server sees it: a date is a string."""

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value.isoformat() if isinstance(value, dt.date) else value

    return plain(YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")))


def schema_of(ppb, *args: str) -> dict[str, Any]:
    result = ppb("schema", *args)
    assert (result.code, result.err) == (0, "")
    found: dict[str, Any] = json.loads(result.out)
    jsonschema.Draft202012Validator.check_schema(found)
    return found


def test_the_schemas_accept_the_embedded_board(board: Path, ppb) -> None:
    jsonschema.validate(as_an_editor_reads(board / "actions.yaml"), schema_of(ppb))
    meeting = as_an_editor_reads(board / "meetings" / "2014-03-13.yaml")
    jsonschema.validate(meeting, schema_of(ppb, "meeting"))


def test_the_schemas_reject_a_wrong_key(board: Path, ppb) -> None:
    register = as_an_editor_reads(board / "actions.yaml")
    register["actions"][0]["statuz"] = register["actions"][0].pop("status")
    with pytest.raises(jsonschema.ValidationError, match="statuz"):
        jsonschema.validate(register, schema_of(ppb))
    meeting = as_an_editor_reads(board / "meetings" / "2014-03-13.yaml")
    meeting["atendance"] = meeting.pop("attendance")
    with pytest.raises(jsonschema.ValidationError, match="atendance"):
        jsonschema.validate(meeting, schema_of(ppb, "meeting"))


def test_the_schema_rejects_an_unknown_status(board: Path, ppb) -> None:
    register = as_an_editor_reads(board / "actions.yaml")
    register["actions"][0]["status"] = "done"
    with pytest.raises(jsonschema.ValidationError, match="done"):
        jsonschema.validate(register, schema_of(ppb))


def test_schema_writes_both_into_a_folder(board: Path, ppb, tmp_path: Path) -> None:
    result = ppb("schema", "-o", str(tmp_path / "out"))
    assert result.code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "actions.schema.json",
        "meeting.schema.json",
    ]
    written = json.loads((tmp_path / "out" / "meeting.schema.json").read_text())
    assert written == schema_of(ppb, "meeting")
    assert ppb("schema", "minutes").code == 2


def test_init_names_the_schema_in_actions_yaml_and_new_meetings(
    tmp_path: Path, ppb, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert ppb("init", "new", "--board", "Audit Committee", "--prefix", "AC").code == 0
    board = tmp_path / "new"
    first = (board / "actions.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=schema/actions.schema.json"
    monkeypatch.chdir(board)
    kept = json.loads((board / "schema" / "actions.schema.json").read_text())
    assert kept == schema_of(ppb)
    jsonschema.validate(as_an_editor_reads(board / "actions.yaml"), kept)
    assert ppb("meeting", "new", "2026-01-05").code == 0
    meeting = board / "meetings" / "2026-01-05.yaml"
    assert meeting.read_text().splitlines()[0] == (
        "# yaml-language-server: $schema=../schema/meeting.schema.json"
    )
    jsonschema.validate(as_an_editor_reads(meeting), schema_of(ppb, "meeting"))
    assert ppb("check").code == 0

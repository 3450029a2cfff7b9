"""Validation errors located in the file: where, and what, in one line a person can act on."""

from __future__ import annotations

import difflib
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ppb.errors import FileError
from ppb.store import yaml_read

M = TypeVar("M", bound=BaseModel)


def validate(
    model: type[M], data: Any, node: Any, shown: str, context: dict[str, Any] | None = None
) -> M:
    """The model for `data`, or FileError at the first problem's line and column."""
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        raise located(exc, node, shown)[0] from None


_BRANCHES = {"str": None, "ActionRef": "action", "Decision": "decision", "Note": "text"}  # Entry


def located(
    exc: ValidationError, node: Any, shown: str, prefix: tuple[Any, ...] = ()
) -> list[FileError]:
    """Every validation error as a FileError (with its rule's code), in file order.

    A misspelt key shows up twice, as an unknown key and a missing one; that is
    reported once, as the unknown key with the likely spelling. An entry that
    may be text, an action or a decision is reported for the branch it looks
    like, not for all three.
    """
    errors = _one_branch(exc.errors(include_url=False))
    errors.sort(key=lambda e: e["type"] != "extra_forbidden")
    missing = {(e["loc"][:-1], e["loc"][-1]) for e in errors if e["type"] == "missing"}
    found = []
    for error in errors:
        loc, kind = error["loc"], error["type"]
        message, code = describe(error)
        if kind == "extra_forbidden":
            wanted = [key for parent, key in missing if parent == loc[:-1]]
            hint = difflib.get_close_matches(str(loc[-1]), wanted or _known_keys(), n=1)
            if hint:
                message += f" (did you mean {hint[0]!r}?)"
                missing.discard((loc[:-1], hint[0]))
        elif kind == "missing" and (loc[:-1], loc[-1]) not in missing:
            continue
        line, col = yaml_read.locate(node, (*prefix, *loc), key=kind == "extra_forbidden")
        found.append(FileError(shown, line, col, message, code))
    found.sort(key=lambda e: (e.line, e.col))
    return found


def _one_branch(errors: list[Any]) -> list[Any]:
    out: list[Any] = []
    groups: dict[tuple[Any, ...], list[tuple[str, Any]]] = {}
    for error in errors:
        loc = error["loc"]
        at = next((i for i, part in enumerate(loc) if part in _BRANCHES), None)
        if at is None:
            out.append(error)
            continue
        groups.setdefault(loc[:at], []).append(
            (loc[at], {**error, "loc": loc[:at] + loc[at + 1 :]})
        )
    for where, branch_errors in groups.items():
        value = next((e["input"] for name, e in branch_errors if name == "str"), None)
        chosen = None
        if isinstance(value, dict):
            chosen = next((name for name, key in _BRANCHES.items() if key and key in value), None)
        if chosen:
            out += [e for name, e in branch_errors if name == chosen]
        else:
            out.append({"loc": where, "type": "entry_type", "msg": "", "input": value})
    return out


def _known_keys() -> list[str]:
    from ppb import models

    names: set[str] = set()
    for value in vars(models).values():
        if isinstance(value, type) and issubclass(value, BaseModel) and value is not BaseModel:
            names.update(value.model_fields)
    return sorted(names)


def describe(error: Any) -> tuple[str, str]:
    """One plain sentence for a Pydantic error, and the code of the rule it breaks."""
    loc = [part for part in error["loc"] if isinstance(part, (str, int))]
    field = next((p for p in reversed(loc) if isinstance(p, str)), "value")
    kind = error["type"]
    if kind == "extra_forbidden":
        return f"unknown key {field!r}", "unknown-key"
    if kind == "missing":
        return f"missing key {field!r}", "missing-key"
    if kind == "entry_type":
        return (
            "expected text, or a mapping with `action: ID`, `decision: …` or `text: …`",
            "bad-type",
        )
    if kind in ("value_error", "assertion_error"):
        text = str(error["msg"]).removeprefix("Value error, ")
        code = {"status": "bad-status", "date": "bad-date", "raised": "bad-date", "due": "bad-date",
                "meeting": "bad-date", "id": "bad-id", "see": "bad-id", "action": "bad-id",
                "prefix": "bad-id"}.get(str(field), "bad-value")  # fmt: skip
        return f"{field}: {text}", code
    if kind == "string_type":
        return f"{field}: expected text, not a {_shape(error['input'])}", "bad-type"
    if kind == "list_type":
        return f"{field}: expected a list, not {_shape(error['input'])}", "bad-type"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{field}: expected a mapping of keys, not {_shape(error['input'])}", "bad-type"
    return f"{field}: {error['msg']}", "bad-value"


def _shape(value: Any) -> str:
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    return f"text {value!r}" if isinstance(value, str) else type(value).__name__

"""What a board's files may hold, as JSON Schema from the models, for editors.

A YAML language server (VS Code's YAML extension, and others) reads the schema a
file names in its first line, `# yaml-language-server: $schema=…`, and then
completes keys and flags mistakes as one types. `ppb init` writes both schemas into
the board's `schema/` folder and names the register's in actions.yaml.
"""

from __future__ import annotations

import json
import os
from typing import Any

FOLDER = "schema"
FILES = {"actions": "actions.schema.json", "meeting": "meeting.schema.json"}
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema(which: str) -> dict[str, Any]:
    """The JSON Schema of actions.yaml (`actions`) or of one meeting file (`meeting`)."""
    from ppb.models import Meeting, Register

    if which == "actions":
        generated = Register.model_json_schema()
        title = "ppb actions.yaml: a board's action register"
    else:
        generated = Meeting.model_json_schema()
        title = "ppb meetings/<id>.yaml: one meeting"
    return {"$schema": DIALECT, **generated, "title": title}


def text(which: str) -> str:
    return json.dumps(schema(which), ensure_ascii=False, indent=2) + "\n"


def line(which: str, relative_to: str = "") -> str:
    """The first line that points a YAML language server at the schema."""
    path = "/".join(filter(None, [relative_to, FOLDER, FILES[which]]))
    return f"# yaml-language-server: $schema={path}"


def write(folder: str) -> list[str]:
    """Write both schemas into `folder`, atomically each; return the paths written."""
    from ppb.store import files

    os.makedirs(folder, exist_ok=True)
    written = []
    for which, name in FILES.items():
        path = os.path.join(folder, name)
        files.write_atomically(path, text(which).encode("utf-8"))
        written.append(path)
    return written

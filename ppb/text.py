"""Text from files and the command line made safe to show: what a terminal acts on, visible.

A terminal acts on more than the C0 controls: DEL, the C1 controls (U+009B is
CSI, the start of an escape sequence, on many terminals), the bidi controls
that reorder what is shown (U+202E makes text read backwards: "Trojan Source"),
and the Unicode line and paragraph separators. All of them are shown as
escapes (`\\x1b`, `\\x9b`, `\\u202e`) in every format a person reads, and as
JSON's own `\\u` escapes in JSON; tabs and line breaks lay text out and stay.
"""

from __future__ import annotations

import re

_ACTED_ON = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_CONTROL = f"[\x00-\x08\x0b-\x1f{_ACTED_ON}]"  # compiled on first use (re caches them)
_CONTROL_OR_BREAK = f"[\x00-\x1f{_ACTED_ON}]"
_JSON_RAW = f"[{_ACTED_ON}]"  # json.dumps escapes C0 itself, but leaves these raw


def printable(text: str, *, one_line: bool = False) -> str:
    """Text with what a terminal acts on (escape sequences among it) made visible.

    Tabs and line breaks lay text out and stay, unless it must be `one_line`
    (an error message)."""
    pattern = _CONTROL_OR_BREAK if one_line else _CONTROL
    return re.sub(pattern, lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


def json_safe(encoded: str) -> str:
    """JSON text (from json.dumps) with the characters a terminal acts on as \\u escapes.

    They can only stand inside JSON strings, where an escape reads back the same."""
    return re.sub(_JSON_RAW, lambda m: f"\\u{ord(m.group(0)):04x}", encoded)

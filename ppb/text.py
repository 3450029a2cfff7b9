"""Text from files and the command line made safe to show: control characters visible."""

from __future__ import annotations

import re

_CONTROL = r"[\x00-\x08\x0b-\x1f\x7f-\x9f]"  # compiled on first use (re caches them)
_CONTROL_OR_BREAK = r"[\x00-\x1f\x7f-\x9f]"


def printable(text: str, *, one_line: bool = False) -> str:
    """Text with control characters (terminal escape sequences among them) made visible.

    Tabs and line breaks lay text out and stay, unless it must be `one_line`
    (an error message)."""
    pattern = _CONTROL_OR_BREAK if one_line else _CONTROL
    return re.sub(pattern, lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)

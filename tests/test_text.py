"""Text made safe to show: what a terminal acts on is escaped, and JSON still reads back."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from ppb.text import json_safe, printable


def test_what_a_terminal_acts_on_is_shown_as_escapes() -> None:
    text = "a\x1b[2Jb\x9b31mc\u202ed\u2066e\u2028f\x7fg\th\ni"
    assert printable(text) == "a\\x1b[2Jb\\x9b31mc\\u202ed\\u2066e\\u2028f\\x7fg\th\ni"
    assert printable("tab\tand\nbreak", one_line=True) == "tab\\tand\\nbreak"
    assert printable("Clare’s Law, Llŷr, ½") == "Clare’s Law, Llŷr, ½"  # letters stay letters


@given(st.text())
def test_json_made_safe_reads_back_the_same(text: str) -> None:
    encoded = json_safe(json.dumps({"summary": text}, ensure_ascii=False))
    assert json.loads(encoded) == {"summary": text}
    assert not any(0x7F <= ord(c) <= 0x9F or c in "\u202a\u202b\u202c\u202d\u202e" for c in encoded)

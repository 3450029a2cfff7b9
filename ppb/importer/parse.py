"""The structure of a meeting's minutes, read from blocks: header, attendance, items,
Matters Arising, other business, actions raised and progress on earlier ones.

One parser for every format: the readers give it paragraphs, headings (with a
level where the format has one) and tables. What it cannot place it lists in
`problems`, with where it is, and leaves out; it never guesses an owner.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ppb import normalise
from ppb.importer.readers import Block

MONTHS = {
    m: i
    for i, m in enumerate(
        "january february march april may june july august september october november december".split(),
        1,
    )
}
GROUPS = {
    "members": "members",
    "present": "members",
    "also present": "also_present",
    "in attendance": "also_present",
    "apologies": "apologies",
}
HEADER_KEYS = {"meeting": "board", "board": "board", "venue": "venue", "location": "venue",
               "place": "venue", "date": "date", "time": "time"}  # fmt: skip
# Words that mark an agenda paper's own title: in plain text, where no heading has a level,
# a heading with one of these ends a run of sub-items (see `Parser.heading`).
TOP_WORDS = {"report", "review", "update", "reports", "business"}
STATUS_WORDS = {
    "open": "open", "not started": "open", "in progress": "in progress", "ongoing": "in progress",
    "on going": "in progress", "completed": "completed", "complete": "completed",
    "done": "completed", "closed": "completed", "withdrawn": "withdrawn",
}  # fmt: skip
_STATUS = re.compile(
    r"^\s*(not started|in progress|in-progress|on-?going|on going|completed?|done|closed|"
    r"withdrawn|open)\b\.?\s*(?:[–—:;,-]\s*)?(.*)$",
    re.I,
)
COLUMNS = (  # the role of a table's column, by its heading; first match wins
    ("id", r"action\s*n|^no\.?$|^n°|^ref|^id$|^number|^#$"),
    ("owner", r"progressed by|responsib|owner|^lead|^by\b|^who"),
    ("progress", r"progress|status|update"),
    ("due", r"^due|deadline|by when|target|^date"),
    ("item", r"^item|agenda|minute"),
    ("summary", r"summary|^actions?$|description|^action point"),
)


@dataclass
class Found:
    """An action as the minutes give it."""

    id: str | None
    summary: str
    source: str
    owners: list[str] = field(default_factory=list)
    raised: str | None = None
    item: str | None = None
    status: str = "open"
    due: str | None = None
    see: list[str] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    named: bool = True  # False: its owners came from its summary, not an owner column
    unresolved: str | None = None  # who its summary names that nobody answers to


@dataclass
class Minutes:
    meeting_id: str
    meeting: dict[str, Any]
    people: dict[str, dict[str, Any]]
    actions: list[Found]
    problems: list[str]


class ParseError(ValueError):
    """Minutes with nothing ppb can read as a meeting (no date, say)."""


def parse(blocks: list[Block], prefix: str, people: dict[str, dict[str, Any]],
          meeting_id: str | None = None, name: str = "",
          numbers: list[int] | None = None,
          existing: dict[tuple[str | None, str], str] | None = None) -> Minutes:  # fmt: skip
    """The meeting, people and actions of one file's blocks. `numbers` are the board's action
    numbers so far: an action minuted without an id gets the next one, unless the board has
    it already (`existing`: the id of each (meeting raised at, summary))."""
    parser = Parser(blocks, prefix, people, name)
    parser.known_numbers = list(numbers or [])
    parser.existing = dict(existing or {})
    return parser.run(meeting_id)


def meeting_date(text: str) -> dt.date | None:
    """13th March 2014, Thursday 13 March 2014, 13/03/2014, 13.03.14, 2014-03-13."""
    text = text.strip()
    iso = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", text)
    try:
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        named = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\s*,?\s+(\d{4})\b", text)
        if named and named[2].lower() in MONTHS:
            return dt.date(int(named[3]), MONTHS[named[2].lower()], int(named[1]))
        numeric = re.search(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})\b", text)
        if numeric:
            year = int(numeric[3]) + (2000 if len(numeric[3]) == 2 else 0)
            return dt.date(year, int(numeric[2]), int(numeric[1]))
    except ValueError:
        return None
    return None


def status_of(text: str) -> tuple[str, str | None] | None:
    """`Completed – report published` → (completed, report published); None if unreadable."""
    match = _STATUS.match(text)
    if not match:
        return None
    word = " ".join(re.split(r"[\s-]+", match[1].lower()))
    return STATUS_WORDS.get(word, STATUS_WORDS.get(word.replace(" ", ""), "in progress")), (
        match[2].strip() or None
    )


_PROSE_STATUS = (
    (
        r"\b(has been|was|were|is|are|now|been)( both| all| now)? (completed?|done|closed)\b",
        "completed",
    ),
    (r"\baction (is )?(now )?(completed?|closed|done)\b", "completed"),
    (r"\b(was|were|has been|have been|is|are) withdrawn\b", "withdrawn"),
    (
        r"\b(is|are|remains?|was|were) (in progress|ongoing|open|under way|underway)\b",
        "in progress",
    ),
)


def _prose_status(text: str) -> tuple[str, str | None] | None:
    """The status a sentence of progress gives: "the report has been completed" → completed."""
    for pattern, status in _PROSE_STATUS:
        if re.search(pattern, text, re.I):
            return status, text.strip() or None
    return None


def _held_on(line: str) -> bool:
    """ "Minutes of the meeting held on Tuesday 14 March 2023 at County Hall"."""
    return (
        bool(re.search(r"\b(held|minutes|meeting)\b", line, re.I))
        and meeting_date(line) is not None
    )


def _header_line(line: str) -> re.Match[str] | None:
    match = re.match(r"^([A-Za-z ]{2,20}):\s*(.*)$", line)
    return match if match and match[1].strip().lower() in HEADER_KEYS else None


def _label(line: str) -> re.Match[str] | None:
    return re.match(
        r"^\W*(members|present|also present|in attendance|apologies)\W*:\W*(.*)$", line, re.I
    )


def _initials(token: str, name: str) -> bool:
    """ALP opens Alison Perry: the token is the openings of each word of the name, in order."""
    words = [w.lower() for w in name.split()]
    if not words:
        return False

    def fits(rest: str, at: int) -> bool:
        if at == len(words):
            return not rest
        return any(
            words[at].startswith(rest[:n]) and fits(rest[n:], at + 1)
            for n in range(1, len(rest) + 1)
        )

    return len(token) > len(words) and fits(token.lower(), 0)


def _attendees(block: Block) -> bool:
    """Lines such as "Owen Thomas (OT), Chair": each names someone with a handle in brackets."""
    return len(block.lines) <= 30 and all(
        re.search(r"\(([A-Za-z][A-Za-z/&]{0,11})\)", line) and not line.endswith(".")
        for line in block.lines
    )


def _looks_like_names(phrase: str) -> bool:
    """`Owen Thomas`, `OT`, `T/ACC`: every word capitalised, at most four of them."""
    tokens = phrase.split()
    return 0 < len(tokens) <= 4 and all(w[:1].isupper() for w in tokens)


def _posts(role: object) -> list[str]:
    """The ways a role names its post: "Director of Commissioning, OPCC" and its first part."""
    if not isinstance(role, str) or not role.strip():
        return []
    whole = " ".join(role.split()).casefold()
    return [whole, whole.split(",")[0].strip()]


def _parts(phrase: str) -> list[str]:
    return [
        p.strip()
        for p in re.split(r"\s+and\s+|\s*,\s*|\s*&\s*|\s+/\s+|/(?=\s)", phrase)
        if p.strip()
    ]


class Parser:
    def __init__(self, blocks: list[Block], prefix: str, people: dict[str, dict[str, Any]],
                 name: str) -> None:  # fmt: skip
        self.blocks = blocks
        self.prefix = prefix
        self.idp = normalise.id_pattern(prefix)  # an id of this board in running text
        self.prose: list[Found] = []  # progress given in prose: "7/2023/P – completed: …"
        self.name = name
        self.known = {h: dict(p) for h, p in people.items()}
        self.people: dict[str, dict[str, Any]] = {}
        self.problems: list[str] = []
        self.header: dict[str, str] = {}
        self.attendance: dict[str, list[str]] = {"members": [], "also_present": [], "apologies": []}
        self.opening: list[Any] = []
        self.arising: list[tuple[str | None, Any]] = []  # (action id or None, entry)
        self.items: list[dict[str, Any]] = []
        self.other: list[Any] = []
        self.departures: list[dict[str, Any]] = []
        self.earlier: list[Found] = []  # progress on earlier actions
        self.tabled: list[Found] = []  # new actions from a table
        self.inline: list[tuple[Found, dict[str, Any]]] = []  # new actions from the text
        self.section = "start"
        self.stack: list[dict[str, Any]] = []  # the items open: top, then sub-item
        self.parent_level: int | None = None
        self.last_heading_empty = False
        self.placed: list[dict[str, Any]] = []  # action entries in the order minuted
        self.known_numbers: list[int] = []
        self.existing: dict[tuple[str | None, str], str] = {}
        self.where = name  # of the block being read
        self.numbered: dict[str, str] = {}  # "3" -> the title of the heading numbered 3
        self.group = "members"
        self.texts: list[str] = []  # every paragraph, to find the aliases it uses
        self.told: dict[str, str | None] = {}  # a paragraph's place -> the action it told of

    # the whole

    def run(self, meeting_id: str | None) -> Minutes:
        start = self.header_end()
        for block in self.blocks[:start]:  # the title, notices and header
            self.header_block(block)
        self.section = "opening"
        for block in self.blocks[start:]:
            self.block(block)
        day = meeting_date(self.header.get("date", ""))
        if meeting_id is None:
            if day is None:
                where = self.blocks[0].where if self.blocks else self.name
                raise ParseError(
                    f"{where}: no meeting date found (a `Date: …` line); give --meeting"
                )
            meeting_id = day.isoformat()
        self.meeting_id = meeting_id
        self.aliases()
        actions = self.actions()
        return Minutes(meeting_id, self.meeting(), self.people, actions, self.problems)

    def block(self, block: Block) -> None:
        if block.kind == "table":
            self.table(block)
            return
        pieces = self.split_actions(block)
        if len(pieces) > 1:
            for piece in pieces:
                self.block(piece)
            return
        text = block.text
        if self.attendance_block(block):
            return
        if block.kind == "heading" or (block.level is None and self.is_heading(block)):
            self.heading(block)
            return
        self.last_heading_empty = False
        self.texts.append(text)
        self.where = block.where
        # a numbered paragraph ("4.2 ACTION – GM to …") is read without its number
        bare = re.sub(r"^\d+(\.\d+)+\.?\s+(?=\S)", "", text)
        self.prose_progress(bare, block.where)
        self.paragraph(bare, block.where, text)

    def split_actions(self, block: Block) -> list[Block]:
        """A paragraph of several "ACTION – …" lines with no blank line between them is one
        paragraph per action (a line that merely wraps does not start with the word)."""
        starts = [
            n
            for n, line in enumerate(block.lines)
            if n == 0
            or (
                re.match(rf"^(ACTIONS?\b|actions?\s*([:–—-]|{self.idp}))", line, re.I)
                and not re.match(r"^(?i:actions?)\s+[a-z]", line)  # "Action plans were …"
            )
        ]
        if block.kind != "para" or len(starts) < 2:
            return [block]
        line_of = re.match(r"^(.*):(\d+)$", block.where)
        pieces = []
        for start, end in zip(starts, [*starts[1:], len(block.lines)], strict=True):
            where = f"{line_of[1]}:{int(line_of[2]) + start}" if line_of else block.where
            pieces.append(Block("para", block.lines[start:end], where, block.level))
        return pieces

    # header and attendance

    def header_end(self) -> int:
        """Where the header ends: after the last "Date: …"-like block before the attendance
        or the first table (0 where the minutes have no header)."""
        end = 0
        for index, block in enumerate(self.blocks[:40]):
            if block.kind == "table" or (block.lines and _label(block.lines[0])):
                break
            if any(_header_line(line) or _held_on(line) for line in block.lines):
                end = index + 1
        return end

    def header_block(self, block: Block) -> None:
        """Lines "Meeting: …", "Venue: …", "Date: …", "Time: …" (a wrapped value continues on
        the next line); the title and notices around them are not minuted text."""
        key = None
        for line in block.lines:
            match = _header_line(line)
            if match:
                key = HEADER_KEYS[match[1].strip().lower()]
                self.header[key] = match[2].strip()
            elif key is not None:
                self.header[key] = f"{self.header[key]} {line.strip()}".strip()
            elif _held_on(line) and "date" not in self.header:
                self.header["date"] = line

    def attendance_block(self, block: Block) -> bool:
        """Lines "Members: PCC Christopher Salmon (PCC) …", or a label and then one
        "Name (INITIALS)" a line; True if the block was attendance."""
        if not _label(block.lines[0]) and not (self.section == "attendance" and _attendees(block)):
            if self.section == "attendance":
                self.section = "opening"
            return False
        for line in block.lines:
            match = _label(line)
            if match:
                self.section = "attendance"
                self.group = GROUPS[match[1].lower()]
                line = match[2]
            self.people_of(line, block.where)
        return True

    def people_of(self, text: str, where: str) -> None:
        """Everyone named "Name, Role (HANDLE)" in a line; "Name (HANDLE) – Role" one a line."""
        matches = list(re.finditer(r"(.*?)\(([A-Za-z][A-Za-z/&]{0,11})\)\s*[;,]?", text))
        after = text[matches[-1].end() :].strip(" ,;–—-") if len(matches) == 1 else ""
        for match in matches:
            handle = match[2]
            person = _person(match[1].strip(" ;,"), handle)
            if "role" not in person and (after or _role(handle)):
                person["role"] = after or _role(handle)
            self.people.setdefault(handle, person)
            self.attendance[self.group].append(handle)

    # headings and items

    def is_heading(self, block: Block) -> bool:
        text = block.text
        if len(block.lines) != 1 or not text[:1].isalnum() or len(text.split()) > 14:
            return False
        if text.endswith((".", ",", ";", ":", "?", "!")) or re.match(r"^action\b", text, re.I):
            return False
        return not re.match(rf"^{self.idp}", text) and not text[:1].islower()

    def heading(self, block: Block) -> None:
        title = re.sub(r"^\d+(\.\d+)*\.?\s+", "", block.text).strip()
        numbered = re.match(r"^(\d+(?:\.\d+)*)\.?\s", block.text)
        # a heading's number says how deep it is (3.1 is under 3.) whatever its style says
        level = numbered[1].count(".") + 1 if numbered else block.level
        lower = title.lower()
        if lower.startswith("action summary") or lower in ("minutes of meeting", "minutes"):
            return
        if not numbered and re.fullmatch(r"(new |outstanding |open )?actions?( log| list)?", lower):
            return  # the caption of the table that follows, not an agenda item
        if re.fullmatch(
            r"matters arising( from (the )?(previous |last )?(minutes|meeting))?", lower
        ):
            self.section, self.stack = "arising", []
            self.parent_level = level
            return
        if lower in ("any other business", "aob", "other business", "a.o.b."):
            self.section, self.stack = "other", []
            return
        self.section = "items"
        item: dict[str, Any] = {"title": title, "text": []}
        if numbered:
            self.numbered[numbered[1]] = title
        if self.nests(level, title):
            parent = self.stack[0]
            parent.setdefault("items", []).append(item)
            if not parent.get("text"):
                parent.pop("text", None)  # a heading whose minutes are all in its sub-items
            self.stack = [parent, item]
        else:
            self.items.append(item)
            self.stack = [item]
            if level is not None and self.parent_level is None:
                self.parent_level = level
        self.last_heading_empty = True

    def nests(self, level: int | None, title: str) -> bool:
        """A sub-item: deeper than the items' level, or, in plain text, a heading straight
        after an empty one (and those after it until an agenda paper's own title)."""
        if not self.stack:
            return False
        if level is not None and self.parent_level is not None:
            return level > self.parent_level
        if self.last_heading_empty and len(self.stack) == 1:
            return True
        tokens = {w.lower() for w in re.findall(r"[A-Za-z]+", title)}
        return len(self.stack) == 2 and not tokens & TOP_WORDS

    # paragraphs

    def paragraph(self, text: str, where: str, as_written: str | None = None) -> None:
        """An action raised, a departure, a decision, or minuted text (`as_written`: with the
        paragraph's own number, which `text` is read without)."""
        if re.fullmatch(r"(action (summary|log|list|points?)|actions)\W*", text, re.I):
            return  # the caption of the table that follows
        if where in self.told:  # "Action 5/2023/P: the survey was completed": progress
            self.add_entry(as_written or text)
            return
        action = self.inline_action(text, where)
        if action is not None:
            entry: dict[str, Any] = {"action": None, "text": action[1]}
            self.inline.append((action[0], entry))
            self.placed.append(entry)
            self.add_entry(entry)
            return
        left = re.match(r"^(?:The\s+)?(\S+(?:\s\S+)?)\s+left the meeting\.?$", text)
        if left:
            who = self.handle(left[1]) or left[1]
            self.departures.append({"who": who, "after": self.placed[-1] if self.placed else None})
            return
        if re.match(
            r"^(it was (agreed|resolved|decided)|agreed:|decision:|resolved(:|,? that\b))",
            text,
            re.I,
        ) or text.startswith("RESOLVED"):
            self.add_entry(
                {"decision": re.sub(r"^(agreed|decision|resolved):\s*", "", text, flags=re.I)}
            )
            return
        self.add_entry(as_written or text)

    def add_entry(self, entry: Any) -> None:
        if self.section in ("start", "opening", "attendance"):
            self.opening.append(entry)
        elif self.section == "arising":
            self.arising_entry(entry)
        elif self.section == "other":
            self.other.append(entry)
        elif self.stack:
            self.stack[-1].setdefault("text", []).append(entry)
        else:
            self.opening.append(entry)

    def arising_entry(self, entry: Any) -> None:
        if isinstance(entry, str):
            ref = re.match(rf"^({self.idp})\s*[–—:-]\s*(.*)$", entry)
            told = self.told.get(self.where)
            if told is not None and not ref:  # "The Chair reported that AC 19 was completed."
                self.arising.append((told, {"action": told, "text": entry, "where": self.where}))
                return
            if ref:
                action_id = normalise.action_id(ref[1], self.prefix)
                self.arising.append(
                    (action_id, {"action": action_id, "text": ref[2], "where": self.where})
                )
                return
        self.arising.append((None, entry))

    def prose_progress(self, text: str, where: str) -> None:
        """Progress minuted in prose on an action by its id: "7/2023/P – Completed: the
        report was published", "Action 5/2023/P: the survey was completed", "2/2023/P
        (complaints procedure) – Completed"."""
        ref = re.match(
            rf"^(?:actions?\s+)?({self.idp})(?:\s*\([^()]{{0,80}}\))?\s*[–—:.-]?\s*(.*)$",
            text,
            re.I,
        )
        if not ref:
            self.progress_within(text, where)
            return
        if self.owners_of(ref[2]) != ([], None):
            return  # not progress but an action raised: "ACTION 10/2023/P – RE to …"
        said = status_of(ref[2])
        if said is None:
            said = _prose_status(ref[2])
        if said is None:
            return  # discussion of the action, no progress to record
        action_id = normalise.action_id(ref[1], self.prefix)
        found = Found(action_id, "", where, status=said[0], see=self.see(said[1]))
        found.history.append({"status": said[0], "note": said[1], "source": where})
        self.prose.append(found)
        self.told[where] = action_id

    def progress_within(self, text: str, where: str) -> None:
        """Progress told in a sentence that names one action inside it: "GP confirmed that
        4/2023/P had been completed", "Update on AC 19: completed"; one that names several
        is reported (which of them does it say is done?)."""
        if re.match(r"^actions?\b", text, re.I):
            return  # an action raised, with its id at the end
        ids = {normalise.action_id(i, self.prefix) for i in re.findall(self.idp, text)}
        after = re.search(rf"{self.idp}\s*[:–—-]\s*(.*)$", text)
        said = _prose_status(text) or (status_of(after[1]) if after else None)
        if said is None or not ids:
            return  # no action, or no progress
        if len(ids) > 1:
            shown = ", ".join(sorted(ids, key=normalise.action_number))
            self.problems.append(
                f"{where}: progress on several actions ({shown}) in one sentence; not read "
                "(record it with `ppb update`)"
            )
            return
        found = Found(ids.pop(), "", where, status=said[0], see=self.see(said[1]))
        found.history.append({"status": said[0], "note": said[1], "source": where})
        self.prose.append(found)
        self.told[where] = found.id

    def inline_action(self, text: str, where: str) -> tuple[Found, str] | None:
        match = re.match(r"^actions?\b\s*([:–—-])?\s*(.*)$", text, re.I)
        if not match or not match[2]:
            return None
        rest = match[2]
        given = None
        tail = re.search(rf"\s*\(({self.idp})\)\s*$", rest)
        if tail:
            given, rest = normalise.action_id(tail[1], self.prefix), rest[: tail.start()]
        head = re.match(rf"^({self.idp})\s*[:–—-]?\s*(.*)$", rest)
        if head:
            given, rest = normalise.action_id(head[1], self.prefix), head[2]
        owners, unresolved = self.owners_of(rest)
        if not owners and unresolved is None:
            owners, unresolved = self.named_around(rest)
        if match[1] is None and given is None and not owners and unresolved is None:
            return None  # "Action plans were discussed": prose, not an action
        title = (
            self.stack[-1]["title"]
            if self.stack
            else ("Any Other Business" if self.section == "other" else None)
        )
        found = Found(given, rest.strip(), where, owners=owners, item=title, named=False)
        found.unresolved = unresolved
        return found, rest.strip()

    def named_around(self, rest: str) -> tuple[list[str], str | None]:
        """Owners an action line names other than by "X to …": "by TB: report …",
        "LP – circulate …", "review the policy – Tomos Bevan", "publish it (NG/LP)"."""
        by = re.match(r"^by\s+(.{1,60}?)(\s*[:–—-]\s*|\s+to\s+)\S", rest, re.I)
        if by:  # "Action by X:" says X owns it: whoever X is, or a name nobody answers to
            owners = self.everyone(by[1])
            return (owners, None) if owners else ([], by[1].strip())
        for phrase in (
            re.match(r"^(.{1,60}?)\s+[–—-]\s+\S", rest),
            re.search(r"\s[–—-]\s+([^–—-]{1,60}?)\.?$", rest),
            re.search(r"\(([^()]{1,60})\)\.?$", rest),
        ):
            owners = self.everyone(phrase[1]) if phrase else None
            if owners:  # only where every name is someone's: "Completed – …" is not an owner
                return owners, None
        return [], None

    def everyone(self, phrase: str) -> list[str] | None:
        """The handles of everyone a phrase names ("NG/LP", "Nia and Tomos"), or None
        unless it names only people ppb knows."""
        parts = [q for p in _parts(phrase) for q in self.slashed(p)]
        handles = [self.handle(p) for p in parts]
        if not handles or None in handles:
            return None
        return list(dict.fromkeys(h for h in handles if h))

    # owners

    def aliases(self) -> None:
        """A short form the text uses as someone's handle, such as ALP for Alison Perry
        (listed as DoC): the letters open the words of exactly one person's name."""
        handles = normalise.Handles({**self.known, **self.people})
        used = set()
        for text in self.texts:
            used.update(re.findall(r"(?:^|[.!?]\s+)([A-Z]{2,5})\s+[a-z]", text))
        for token in sorted(used):
            if handles.find(token):
                continue
            matches = [
                h for h, p in self.people.items() if _initials(token, str(p.get("name") or ""))
            ]
            if len(matches) == 1:
                self.people[matches[0]].setdefault("aliases", []).append(token)

    def handle(self, text: str) -> str | None:
        """The handle `text` names: a handle, alias or full name, or else the one person with
        that first name or that role ("the Treasurer"); None where it is nobody, or several."""
        people = {**self.known, **self.people}
        found = normalise.Handles(people).find(text)
        if found:
            return found
        called = " ".join(text.split()).casefold()
        named = [h for h, p in people.items() if " ".join(_called(p)).casefold() == called]
        if len(named) == 1:  # "Alun Davies" for Cllr Alun Davies
            return named[0]
        firsts = [h for h, p in people.items() if _called(p)[:1] == [text]]
        if firsts:
            return firsts[0] if len(firsts) == 1 else None
        post = re.sub(r"^(the|our)\s+", "", text.strip(), flags=re.I).casefold()
        roles = [h for h, p in people.items() if post and post in _posts(p.get("role"))]
        return roles[0] if len(roles) == 1 else None

    def nobody(self, phrase: str, among: str) -> str:
        """Why nobody answers to `phrase`: it is several people's first name or role, or no one's."""
        people = {**self.known, **self.people}
        post = re.sub(r"^(the|our)\s+", "", phrase.strip(), flags=re.I).casefold()
        several = [
            h
            for h, p in people.items()
            if _called(p)[:1] == [phrase] or post in _posts(p.get("role"))
        ]
        if len(several) > 1:
            return f"could be any of {', '.join(several)}"
        return f"is not anyone {among}"

    def owners_of(self, summary: str) -> tuple[list[str], str | None]:
        """The handles that open a summary ("T/ACC to …", "PCC and CC to …"): those it names
        and can resolve, and the phrase if it names someone it cannot."""
        match = re.match(r"^(.{1,80}?)\s+(?:to|will|should)\s", summary)
        if not match:
            return [], None
        phrase = match[1]
        parts = [q for p in _parts(phrase) for q in self.slashed(p)]
        owners = [h for h in (self.handle(p) for p in parts) if h]
        if not owners and all(_looks_like_names(p) for p in parts) and parts:
            return [], phrase
        return list(dict.fromkeys(owners)), None

    def slashed(self, part: str) -> list[str]:
        """ "GP/MJ" is two people, "T/ACC" one: split at a slash what is not a handle whole."""
        if "/" not in part or self.handle(part):
            return [part]
        pieces = [p.strip() for p in part.split("/") if p.strip()]
        return pieces if pieces and all(self.handle(p) for p in pieces) else [part]

    def owner_column(self, text: str, where: str) -> list[str] | None:
        """Owners from a "To be progressed by" cell; new handles and full names registered."""
        owners = []
        parts = _parts(text)
        parts = [p for part in parts for p in ([part] if self.handle(part) else part.split("/"))]
        for part in (p.strip() for p in parts if p.strip()):
            handle = self.handle(part)
            if (
                handle is None
                and re.fullmatch(r"[A-Z][A-Za-z]*(/[A-Za-z]+)*", part)
                and (part.isupper() or "/" in part)
            ):
                handle = part
                self.people.setdefault(part, {})
            elif handle is None and re.fullmatch(r"[A-Z][a-z'’-]+(\s[A-Z][A-Za-z'’-]+){1,3}", part):
                handle = part
                self.people.setdefault(part, {"name": part})
            if handle is None:
                self.problems.append(
                    f"{where}: owner {part!r} {self.nobody(part, 'in the attendance or register')}; "
                    "the action was left out"
                )
                return None
            owners.append(handle)
        return list(dict.fromkeys(owners))

    # tables

    def table(self, block: Block) -> None:
        self.last_heading_empty = False
        roles, start = self.columns(block)
        if roles is None:
            self.problems.append(
                f"{block.where}: a table ppb cannot read as actions (no Action and Summary columns); left out"
            )
            return
        rows = self.joined(block, roles, start)
        for cells, where in rows:
            self.row(cells, where, roles)

    def columns(self, block: Block) -> tuple[dict[str, int] | None, int]:
        for r, row in enumerate(block.rows[:3]):
            roles: dict[str, int] = {}
            for c, cell in enumerate(row):
                for role, pattern in COLUMNS:
                    if role not in roles and cell and re.search(pattern, cell.strip(), re.I):
                        roles[role] = c
                        break
            if "summary" in roles and ("id" in roles or "owner" in roles or "progress" in roles):
                return roles, r + 1
        return None, 0

    def joined(
        self, block: Block, roles: dict[str, int], start: int
    ) -> list[tuple[list[str], str]]:
        """Data rows, a wrapped row joined to the row before: its first cell empty and, where
        the table has no id column, nothing but a continuation of the summary."""
        rows: list[tuple[list[str], str]] = []
        first = min(roles.values())
        others = [c for role, c in roles.items() if role != "summary"]
        for cells, where in zip(block.rows[start:], block.row_where[start:], strict=False):
            if not any(cells):
                continue
            wraps = "id" in roles or not any(cells[c] for c in others if c < len(cells))
            if rows and not (cells[first] if first < len(cells) else "") and wraps:
                previous = rows[-1][0]
                for c, cell in enumerate(cells):
                    if cell and c < len(previous):
                        previous[c] = f"{previous[c]} {cell}".strip()
                continue
            rows.append((list(cells), where))
        return rows

    def row(self, cells: list[str], where: str, roles: dict[str, int]) -> None:
        def cell(role: str) -> str:
            c = roles.get(role)
            return " ".join(cells[c].split()) if c is not None and c < len(cells) else ""

        summary = cell("summary")
        if not summary:
            self.problems.append(f"{where}: a row with no action summary; left out")
            return
        action_id = None
        if cell("id"):
            try:
                action_id = normalise.action_id(cell("id"), self.prefix)
            except normalise.SpellingError:
                self.problems.append(
                    f"{where}: {cell('id')!r} is not an id of this board's scheme ({normalise.id_of(self.prefix, 1)}); left out"
                )
                return
        item = cell("item").rstrip(".")
        found = Found(action_id, summary, where, item=self.numbered.get(item, item) or None)
        if cell("due"):
            day = meeting_date(cell("due"))
            found.due = day.isoformat() if day else None
        if "owner" in roles:
            owners = self.owner_column(cell("owner"), where)
            if owners is None:
                return
            found.owners = owners
        else:
            found.owners, _ = self.owners_of(summary)
            found.named = False
        if "owner" not in roles and action_id is None:  # progress, but on which action?
            self.problems.append(
                f"{where}: progress on an action with no id ({_short(summary)!r}); left out"
            )
            return
        if "progress" in roles and cell("progress"):
            if not self.progress(found, cell("progress"), where):
                return
        (self.tabled if "owner" in roles else self.earlier).append(found)

    def progress(self, found: Found, text: str, where: str) -> bool:
        read = status_of(text)
        if read is None and re.fullmatch(r"new\W*", text, re.I):
            read = ("open", None)  # an action log's word for an action raised at this meeting
        if read is None:
            self.problems.append(
                f"{where}: progress {text!r} of {found.id or found.summary[:40]} names no status (open, in progress, completed, withdrawn); left out"
            )
            return False
        found.status, note = read
        found.see = self.see(note)
        found.history.append({"status": found.status, "note": note, "source": where})
        return True

    def see(self, note: str | None) -> list[str]:
        """The actions a note refers to: "In progress – see PPB 56"."""
        return [
            normalise.action_id(s, self.prefix)
            for s in re.findall(rf"\bsee\s+({self.idp})", note or "", re.I)
        ]

    # the result

    def actions(self) -> list[Found]:
        """Every action the minutes give, ids settled, each raised here or reported on."""
        for found in self.earlier:
            for entry in found.history:
                entry.update(date=self.meeting_id, meeting=self.meeting_id)
        self.link_inline()
        tabled = {f.id for f in self.earlier}
        for found in self.prose:
            found.history[0].update(date=self.meeting_id, meeting=self.meeting_id)
        self.earlier += [f for f in self.prose if f.id not in tabled]
        done = [*self.earlier, *self.tabled]
        for found in self.tabled:
            found.raised = self.meeting_id
            if found.status != "open" and not found.history:
                found.history.append({"status": found.status, "note": None, "source": found.source})
            for entry in found.history:
                entry.update(date=self.meeting_id, meeting=self.meeting_id)
        return done

    def link_inline(self) -> None:
        """Each "Action:" line to its row of the new actions' table, by id or in order; one
        with no row is a new action in its own right (if it names an owner ppb can resolve)."""
        rows = {f.id: f for f in self.tabled if f.id}
        left = [f for f in self.tabled if not f.item]
        pending = []
        for found, entry in self.inline:
            if found.id and found.id in rows:
                self.settle(rows[found.id], found, entry)
            else:
                pending.append((found, entry))
        free = [f for f in left if not any(e.get("action") == f.id for _, e in self.inline)]
        if len(free) == len(pending) and free:
            for row, (found, entry) in zip(free, pending, strict=True):
                self.settle(row, found, entry)
            return
        for found, entry in pending:
            unresolved = found.unresolved
            if unresolved:
                self.problems.append(
                    f"{found.source}: action {found.summary!r}: {unresolved!r} "
                    f"{self.nobody(unresolved, 'ppb knows')}; left out"
                )
                entry["drop"] = True
                continue
            found.raised = self.meeting_id
            self.tabled.append(found)
            entry["found"] = found

    def settle(self, row: Found, found: Found, entry: dict[str, Any]) -> None:
        row.item = row.item or found.item
        entry["found"] = row

    def meeting(self) -> dict[str, Any]:
        self.number_new()
        for entry in self.placed:
            found = entry.pop("found", None)
            if found is not None:
                entry["action"] = found.id
                if entry.get("text") == found.summary:
                    del entry["text"]
        clean = _Cleaner()
        data: dict[str, Any] = {
            "board": self.header.get("board"),
            "date": dt.date.fromisoformat(self.meeting_id[:10]),
        }
        data["time"] = self.header.get("time")
        data["venue"] = self.header.get("venue")
        data["attendance"] = self.attendance
        data["departures"] = [
            {"who": d["who"], "after": d["after"].get("action") if d["after"] else None}
            for d in self.departures
        ]
        data["opening"] = clean.entries(self.opening)
        data["matters_arising"] = clean.entries(self.matters_arising())
        data["items"] = [clean.item(i) for i in self.items]
        data["other_business"] = clean.entries(self.other)
        return {k: v for k, v in data.items() if v not in (None, [])}

    def number_new(self) -> None:
        """Actions minuted without an id get the next numbers, after the highest one seen."""
        numbers = [normalise.action_number(f.id) for f in [*self.earlier, *self.tabled] if f.id]
        numbers += self.known_numbers
        for found in self.tabled:
            if found.id is None:
                found.id = self.existing.get((self.meeting_id, found.summary))
            if found.id is None:
                found.id = normalise.next_id(self.prefix, numbers, int(self.meeting_id[:4]))
                numbers.append(normalise.action_number(found.id))

    def matters_arising(self) -> list[Any]:
        """Matters Arising as the register has it: every earlier action still open, in
        number order, with what was minuted of it; free text where it was minuted."""
        heads = []
        for action_id, entry in self.arising:
            if action_id is not None:
                break
            heads.append(entry)
        followers: dict[str, list[Any]] = {}
        texts: dict[str, Any] = {}
        current = None
        for action_id, entry in self.arising[len(heads) :]:
            if action_id is not None:
                current = action_id
                texts[action_id] = entry
            else:
                followers.setdefault(current or "", []).append(entry)
        still_open = {f.id for f in self.earlier if f.id and f.status in normalise.OPEN_STATUSES}
        ids = sorted(still_open | set(texts), key=normalise.action_number)
        known: set[str | None] = {*self.existing.values()}
        known |= {f.id for f in [*self.earlier, *self.tabled] if f.summary}  # not prose alone
        out = list(heads)
        for action_id in ids:
            entry = texts.get(action_id, {"action": action_id})
            if action_id not in known:  # named, but raised in minutes not imported: say so
                self.problems.append(
                    f"{entry.get('where', self.name)}: Matters Arising names {action_id}, which "
                    "this board does not have; kept as text"
                )
                entry = f"{action_id} – {entry['text']}" if entry.get("text") else action_id
            elif isinstance(entry, dict):
                entry.pop("where", None)
            out.append(entry)
            out.extend(followers.get(action_id, []))
        return out


class _Cleaner:
    def entries(self, entries: list[Any]) -> list[Any]:
        out = []
        for entry in entries:
            if isinstance(entry, dict):
                if entry.get("drop"):
                    continue
                if "action" in entry and entry["action"] is None:
                    continue
                entry = {k: v for k, v in entry.items() if v is not None}
            out.append(entry)
        return out

    def item(self, item: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {"title": item["title"]}
        if item.get("text"):
            out["text"] = self.entries(item["text"])
        if item.get("items"):
            out["items"] = [self.item(i) for i in item["items"]]
        return out


POSTS = {  # what a post's handle stands for, where the minutes give only the handle
    "PCC": "Police and Crime Commissioner", "DPCC": "Deputy Police and Crime Commissioner",
    "CC": "Chief Constable", "DCC": "Deputy Chief Constable", "ACC": "Assistant Chief Constable",
    "DoF": "Director of Finance", "CFO": "Chief Finance Officer", "CEO": "Chief Executive",
}  # fmt: skip


def _short(text: str, width: int = 50) -> str:
    return text if len(text) <= width else text[:width].rsplit(" ", 1)[0] + " …"


def _role(handle: str) -> str | None:
    """T/ACC → Temporary Assistant Chief Constable."""
    temporary = handle.startswith("T/")
    post = POSTS.get(handle[2:] if temporary else handle)
    return f"Temporary {post}" if post and temporary else post


ROLE_WORDS = {
    "chief", "constable", "director", "deputy", "police", "crime", "commissioner", "officer",
    "manager", "head", "chair", "superintendent", "inspector", "secretary", "treasurer",
    "assistant", "of", "the", "and", "for", "finance", "staff", "to", "temporary", "opcc",
}  # fmt: skip


HONORIFICS = {"cllr", "councillor", "dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor",
              "sir", "dame", "rev", "revd"}  # fmt: skip


def _called(person: dict[str, Any]) -> list[str]:
    """The words of a person's name without the honorific it may open with: Cllr Alun
    Davies is called Alun (Davies)."""
    words = str(person.get("name") or "").split()
    while len(words) > 1 and words[0].lower().rstrip(".") in HONORIFICS:
        words.pop(0)
    return words


def _person(text: str, handle: str) -> dict[str, Any]:
    """Name and role from "Carys Morgans, Chief of Staff", "Chief Constable Simon Prince",
    "Edwin Harries Director of Finance" or "PCC Christopher Salmon"."""
    tokens = text.split()
    while tokens and (tokens[0] == handle or tokens[0].isupper() or "/" in tokens[0]):
        tokens.pop(0)  # a title before the name: PCC, T/ACC, PS
    text = " ".join(tokens)
    if "," in text:
        name, role = (p.strip() for p in text.split(",", 1))
        return {k: v for k, v in (("name", name), ("role", role)) if v}
    name_words: list[str] = []
    role_words: list[str] = []
    state = "before"  # the name is one run of capitalised words that are not role words
    for word in tokens:
        if word.lower() not in ROLE_WORDS and word[:1].isupper() and state != "after":
            name_words.append(word)
            state = "in"
        else:
            role_words.append(word)
            state = "after" if state == "in" else state
    out: dict[str, Any] = {}
    if name_words:
        out["name"] = " ".join(name_words)
    if role_words:
        out["role"] = " ".join(role_words)
    return out

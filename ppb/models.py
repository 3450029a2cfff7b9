"""What the data is: the board, its people, its actions and its meetings.

Files are read with every scalar as a string (see `store.yaml_read`), so each field here
says exactly which spellings it accepts: no number is taken for a date and no
`yes` for true. Pass `context={"prefix": ..., "handles": ...}` when validating a
register so that ids and owners come out in their canonical spelling.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    RootModel,
    ValidationInfo,
    field_validator,
)

from ppb import normalise

Status = Literal["open", "in progress", "completed", "withdrawn"]
Language = Literal["en", "cy"]


def _none_if_empty(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _list_if_empty(value: Any) -> Any:
    return [] if _none_if_empty(value) is None else value


def _dict_if_empty(value: Any) -> Any:
    return {} if _none_if_empty(value) is None else value


def _spelling(function: Any, value: Any) -> Any:
    """`function(value)` from normalise, its SpellingError as the ValueError Pydantic reports."""
    try:
        return function(value)
    except normalise.SpellingError as exc:
        raise ValueError(str(exc)) from None


def _date(value: Any) -> Any:
    if isinstance(value, str):
        return _spelling(normalise.date, value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise ValueError("expected a date in the form YYYY-MM-DD")


def _optional_date(value: Any) -> Any:
    return None if _none_if_empty(value) is None else _date(value)


def _optional_bool(value: Any) -> Any:
    return None if _none_if_empty(value) is None else _bool(value)


def _bool(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise ValueError(f"expected true or false, not {value!r}")


def _languages(value: Any) -> Any:
    value = _list_if_empty(value)
    if isinstance(value, list):
        return [v.strip().lower() if isinstance(v, str) else v for v in value]
    return value


def _status(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError("expected a status such as 'open' or 'in progress'")
    return _spelling(normalise.status, value)


def _meeting(value: Any) -> Any:
    value = _none_if_empty(value)
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        raise ValueError("expected a meeting id such as 2014-03-13")
    return _spelling(normalise.meeting_id, value)


def _text(value: Any) -> Any:
    value = _none_if_empty(value)
    return value.strip() if isinstance(value, str) else value


OptionalText = Annotated[str | None, BeforeValidator(_text)]
Date = Annotated[dt.date, BeforeValidator(_date)]
MeetingId = Annotated[str | None, BeforeValidator(_meeting)]
Flag = Annotated[bool, BeforeValidator(_bool)]
OptionalFlag = Annotated[bool | None, BeforeValidator(_optional_bool)]
StatusField = Annotated[Status, BeforeValidator(_status)]
TextList = Annotated[list[str], BeforeValidator(_list_if_empty)]


class Model(BaseModel):
    """Unknown keys are errors, so a misspelt key is never silently ignored."""

    model_config = ConfigDict(extra="forbid", validate_default=False, defer_build=True)


class Board(Model):
    name: str
    prefix: str
    email: OptionalText = None  # the From of digests sent as email
    organisation: OptionalText = None
    organisation_cy: OptionalText = None
    notice: OptionalText = None  # printed at the top of the minutes
    notice_cy: OptionalText = None
    # The languages the board publishes in; with cy, a final meeting's minutes must be
    # translated (`ppb check`).
    languages: Annotated[list[Language], BeforeValidator(_languages)] = Field(default_factory=list)
    # The minutes' ACTION SUMMARY says how often each open action was carried.
    show_carried: Flag = False

    @field_validator("prefix", mode="before")
    @classmethod
    def _prefix(cls, value: Any) -> Any:
        if not isinstance(value, str):
            raise ValueError("expected letters such as PPB")
        return _spelling(normalise.prefix, value)


def _iso_date(value: Any) -> Any:
    """A date kept as its ISO text, so that people read from the cache stay plain strings."""
    value = _optional_date(value)
    return value.isoformat() if value is not None else None


IsoDate = Annotated[str | None, BeforeValidator(_iso_date)]


class Holder(Model):
    """Who held a post over a period; an open end is since ever, or still."""

    name: str
    start: IsoDate = Field(default=None, alias="from")
    end: IsoDate = Field(default=None, alias="to")


class Person(Model):
    name: OptionalText = None
    role: OptionalText = None
    aliases: TextList = Field(default_factory=list)
    email: OptionalText = None  # where `ppb digest --format eml` addresses their digest
    # A post's holders over dated periods; `name` is the current holder.
    holders: Annotated[list[Holder], BeforeValidator(_list_if_empty)] = Field(default_factory=list)


class HistoryEntry(Model):
    date: Date
    meeting: MeetingId = None
    status: StatusField
    note: OptionalText = None
    owners: Annotated[list[str] | None, BeforeValidator(_none_if_empty)] = None  # a reassignment
    source: OptionalText = None  # where `ppb import` read it: "minutes.txt:12"


def _canonical_id(value: Any, info: ValidationInfo) -> Any:
    if not isinstance(value, str):
        raise ValueError("expected an action id such as 'PPB 60'")
    prefix = (info.context or {}).get("prefix")
    if not prefix:
        return value
    return _spelling(lambda v: normalise.action_id(v, prefix), value)


def _canonical_handle(value: Any, info: ValidationInfo) -> Any:
    if not isinstance(value, str):
        raise ValueError("expected a handle such as CC")
    handles = (info.context or {}).get("handles")
    value = " ".join(value.split())
    return (handles.find(value) or value) if handles is not None else value


class Action(Model):
    id: str
    summary: str
    owners: TextList = Field(default_factory=list)
    raised: MeetingId = None  # the meeting it was raised at
    raised_on: Annotated[dt.date | None, BeforeValidator(_optional_date)] = None  # or the day
    status: StatusField
    history: Annotated[list[HistoryEntry], BeforeValidator(_list_if_empty)] = Field(
        default_factory=list
    )
    item: OptionalText = None
    due: MeetingId = None
    see: TextList = Field(default_factory=list)
    # Kept out of public output: true, false, or unsaid (then it follows the agenda item it
    # was raised in); `reason` is what the public version says instead, such as an FOI exemption.
    restricted: OptionalFlag = None
    reason: OptionalText = None
    source: OptionalText = None  # where `ppb import` read it: a file and line or paragraph

    @field_validator("id", mode="before")
    @classmethod
    def _id(cls, value: Any, info: ValidationInfo) -> Any:
        return _canonical_id(value, info)

    @field_validator("see", mode="after")
    @classmethod
    def _see(cls, value: list[str], info: ValidationInfo) -> list[str]:
        return [_canonical_id(v, info) for v in value]

    @field_validator("owners", mode="after")
    @classmethod
    def _owners(cls, value: list[str], info: ValidationInfo) -> list[str]:
        return [_canonical_handle(v, info) for v in value]

    @field_validator("summary", mode="before")
    @classmethod
    def _summary(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            raise ValueError("the summary is empty")
        return value.strip() if isinstance(value, str) else value


class Register(Model):
    """The whole of actions.yaml."""

    board: Board
    people: Annotated[dict[str, Person], BeforeValidator(_dict_if_empty)] = Field(
        default_factory=dict
    )
    actions: Annotated[list[Action], BeforeValidator(_list_if_empty)] = Field(default_factory=list)

    @field_validator("people", mode="before")
    @classmethod
    def _people(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: _dict_if_empty(v) for k, v in value.items()}
        return value

    def find(self, canonical_id: str) -> Action | None:
        for action in self.actions:
            if action.id == canonical_id:
                return action
        return None


class ActionList(RootModel[list[Action]]):
    """Actions read on their own, a run at a time (see `store.read`)."""


class Restrictable(Model):
    """Anything minuted can be kept out of public output, with the reason it says instead."""

    restricted: Flag = False
    reason: OptionalText = None


class ActionRef(Restrictable):
    """An action mentioned in the minutes; `text` is the wording minuted, where it differs."""

    action: str
    text: OptionalText = None

    @field_validator("action", mode="before")
    @classmethod
    def _action(cls, value: Any, info: ValidationInfo) -> Any:
        return _canonical_id(value, info)


class Decision(Restrictable):
    """A decision minuted under an item: "It was agreed that …"."""

    decision: str


class Note(Restrictable):
    """Minuted text written as a mapping, so that it can be restricted: `- text: …`."""

    text: str


Entry = str | ActionRef | Decision | Note
Entries = Annotated[list[Entry], BeforeValidator(_list_if_empty)]


class Attendance(Model):
    members: TextList = Field(default_factory=list)
    also_present: TextList = Field(default_factory=list)
    apologies: TextList = Field(default_factory=list)


class Departure(Model):
    who: str
    after: OptionalText = None


class Item(Restrictable):
    """An agenda item; a restricted one keeps its sub-items and the actions raised in it out
    of public output too."""

    title: str
    text: Entries = Field(default_factory=list)
    items: Annotated[list[Item], BeforeValidator(_list_if_empty)] = Field(default_factory=list)


class Meeting(Model):
    """One file under meetings/."""

    board: OptionalText = None
    date: Date
    time: OptionalText = None
    venue: OptionalText = None
    attendance: Annotated[Attendance, BeforeValidator(_dict_if_empty)] = Field(
        default_factory=Attendance
    )
    departures: Annotated[list[Departure], BeforeValidator(_list_if_empty)] = Field(
        default_factory=list
    )
    opening: Entries = Field(default_factory=list)
    matters_arising: Entries = Field(default_factory=list)
    items: Annotated[list[Item], BeforeValidator(_list_if_empty)] = Field(default_factory=list)
    other_business: Entries = Field(default_factory=list)
    final: Flag = False  # the minutes are agreed: on a Welsh board, their Welsh must be complete

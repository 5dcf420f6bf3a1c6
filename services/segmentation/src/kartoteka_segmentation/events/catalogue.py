"""The event catalogue, read from the contracts: every payload message carrying the
`kartoteka.events.v1.event` option is an event type event rules can react to.

A new `kartoteka/<service>/v1/events.proto` with annotated messages becomes usable by event
rules (and consumed from its service's stream) with no change here.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC
from functools import cache
from typing import Any

from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import DecodeError, Message
from google.protobuf.message_factory import GetMessageClass
from kartoteka.events.v1 import options_pb2
from kartoteka_platform.messaging.inbox import PoisonMessage

from kartoteka_segmentation.domain.catalogue import EventField, EventType
from kartoteka_segmentation.domain.conditions import Lookup

# Generated event payload modules: `kartoteka.<service>.v<N>.events_pb2`.
_EVENTS_MODULE = re.compile(r"^kartoteka\.[a-z_]+\.v\d+\.events_pb2$")
# Nested messages are flattened into dotted paths this deep; deeper ones are not testable.
_MAX_NESTING = 3
_TIMESTAMP = "google.protobuf.Timestamp"
_INTEGER = frozenset(
    {
        FieldDescriptor.CPPTYPE_INT32,
        FieldDescriptor.CPPTYPE_INT64,
        FieldDescriptor.CPPTYPE_UINT32,
        FieldDescriptor.CPPTYPE_UINT64,
    }
)
_NUMBER = frozenset({FieldDescriptor.CPPTYPE_DOUBLE, FieldDescriptor.CPPTYPE_FLOAT})
Reader = Callable[[Message], Any]


@dataclass(frozen=True)
class CatalogueEntry:
    """One event type, its payload class, and how to read its fields."""

    event: EventType
    message_class: type[Message]
    readers: Mapping[str, Reader]

    def decode(self, payload: bytes) -> Message:
        """The typed payload; undecodable bytes or a missing contact id are poison."""
        message: Message = self.message_class()
        try:
            message.ParseFromString(payload)
        except DecodeError as exc:
            raise PoisonMessage(f"malformed {self.event.subject} payload: {exc}") from exc
        return message

    def contact_ids(self, message: Message) -> list[uuid.UUID]:
        """The contact(s) the event is about, each once; a bad id is poison."""
        raw = getattr(message, self.event.contact_field)
        listed = [raw] if isinstance(raw, str) else list(raw)
        try:
            return list(dict.fromkeys(uuid.UUID(value) for value in listed if value))
        except ValueError as exc:
            raise PoisonMessage(
                f"{self.event.subject}: {self.event.contact_field} holds a bad contact id: {exc}"
            ) from exc

    def lookup(self, message: Message) -> Lookup:
        return lambda path: self.readers[path](message)


@dataclass(frozen=True)
class Catalogue:
    entries: Mapping[str, CatalogueEntry]

    @property
    def types(self) -> dict[str, EventType]:
        return {subject: entry.event for subject, entry in self.entries.items()}

    def services(self) -> list[str]:
        """The services whose streams carry catalogued events."""
        return sorted({entry.event.service for entry in self.entries.values()})


@cache
def load_catalogue(root: str = "kartoteka") -> Catalogue:
    """Import every generated events module under `root` and collect the annotated messages."""
    package = importlib.import_module(root)
    for info in pkgutil.walk_packages(package.__path__, f"{root}."):
        if _EVENTS_MODULE.match(info.name):
            importlib.import_module(info.name)
    return catalogue_of(_annotated_messages(root))


def catalogue_of(descriptors: Iterator[Descriptor]) -> Catalogue:
    """The catalogue of these annotated payload messages; a broken annotation is refused."""
    entries: dict[str, CatalogueEntry] = {}
    for descriptor in descriptors:
        option = descriptor.GetOptions().Extensions[options_pb2.event]
        subject = option.subject
        if not subject.startswith("kartoteka.") or len(subject.split(".")) != 4:
            raise ValueError(f"{descriptor.full_name}: subject {subject!r} is not an event name")
        if subject in entries:
            raise ValueError(f"{subject} is the subject of two messages")
        fields: dict[str, EventField] = {}
        readers: dict[str, Reader] = {}
        _flatten(descriptor, "", [], fields, readers, 0)
        contact = option.contact_field
        if contact and (contact not in fields or fields[contact].type != "string"):
            raise ValueError(f"{descriptor.full_name}: contact_field {contact!r} is no id field")
        entries[subject] = CatalogueEntry(
            EventType(subject, descriptor.full_name, contact, fields),
            GetMessageClass(descriptor),
            readers,
        )
    return Catalogue(entries)


def _annotated_messages(root: str) -> Iterator[Descriptor]:
    for name, module in sorted(sys.modules.items()):
        if not _EVENTS_MODULE.match(name) or not name.startswith(f"{root}."):
            continue
        for descriptor in module.DESCRIPTOR.message_types_by_name.values():
            if descriptor.GetOptions().HasExtension(options_pb2.event):
                yield descriptor


def _flatten(
    descriptor: Descriptor,
    prefix: str,
    parents: list[FieldDescriptor],
    fields: dict[str, EventField],
    readers: dict[str, Reader],
    depth: int,
) -> None:
    for field in descriptor.fields:
        path = prefix + field.name
        chain = [*parents, field]
        message_type = field.message_type
        if message_type is not None and message_type.GetOptions().map_entry:
            continue  # maps are not testable (yet)
        if message_type is not None and message_type.full_name != _TIMESTAMP:
            if not field.is_repeated and depth < _MAX_NESTING:
                _flatten(message_type, f"{path}.", chain, fields, readers, depth + 1)
            continue
        kind = _kind(field)
        if kind is None:
            continue
        enum_values = (
            tuple(v.name for v in sorted(field.enum_type.values, key=lambda v: v.number))
            if field.enum_type is not None
            else ()
        )
        fields[path] = EventField(path, kind, field.is_repeated, enum_values)
        readers[path] = _reader(chain, kind)


def _kind(field: FieldDescriptor) -> str | None:
    if field.message_type is not None:
        return "timestamp"
    cpp = field.cpp_type
    if cpp == FieldDescriptor.CPPTYPE_STRING:
        return None if field.type == FieldDescriptor.TYPE_BYTES else "string"
    if cpp in _INTEGER:
        return "integer"
    if cpp in _NUMBER:
        return "number"
    if cpp == FieldDescriptor.CPPTYPE_BOOL:
        return "bool"
    if cpp == FieldDescriptor.CPPTYPE_ENUM:
        return "enum"
    return None


def _reader(chain: list[FieldDescriptor], kind: str) -> Reader:
    """Reads the field at the end of `chain` as conditions compare it."""
    *parents, leaf = chain

    def read(message: Message) -> Any:
        holder: Any = message
        for parent in parents:
            holder = getattr(holder, parent.name)
        if kind == "timestamp":
            if leaf.is_repeated:
                return [stamp.ToDatetime(tzinfo=UTC) for stamp in getattr(holder, leaf.name)]
            if not holder.HasField(leaf.name):
                return None
            return getattr(holder, leaf.name).ToDatetime(tzinfo=UTC)
        value = getattr(holder, leaf.name)
        if leaf.enum_type is not None:
            names = leaf.enum_type.values_by_number
            if leaf.is_repeated:
                return [names[v].name if v in names else str(v) for v in value]
            return names[value].name if value in names else str(value)
        return list(value) if leaf.is_repeated else value

    return read

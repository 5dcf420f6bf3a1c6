"""The event catalogue is read from the contracts: annotated payload messages, nothing else."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from google.protobuf import descriptor_pb2, descriptor_pool, timestamp_pb2
from google.protobuf.descriptor import Descriptor
from google.protobuf.message_factory import GetMessageClass
from kartoteka.contacts.v1 import contact_pb2, events_pb2
from kartoteka.events.v1 import options_pb2
from kartoteka_platform.messaging.inbox import PoisonMessage
from kartoteka_segmentation.domain.conditions import matches, parse_condition
from kartoteka_segmentation.events.catalogue import catalogue_of, load_catalogue
from kartoteka_segmentation.events.contacts import PAYLOADS

CONTACTS_EVENTS = {
    "kartoteka.contacts.contact.created": "contact_id",
    "kartoteka.contacts.contact.updated": "contact_id",
    "kartoteka.contacts.contact.deleted": "contact_id",
    "kartoteka.contacts.contact.restored": "contact_id",
    "kartoteka.contacts.contact.merged": "survivor_id",
    "kartoteka.contacts.group.member_added": "contact_ids",
    "kartoteka.contacts.group.member_removed": "contact_ids",
}


def test_every_contacts_event_is_catalogued_from_its_annotation() -> None:
    catalogue = load_catalogue()
    contacts = {s: e.event.contact_field for s, e in catalogue.entries.items() if "contacts" in s}
    assert contacts == CONTACTS_EVENTS
    assert catalogue.services() == ["contacts"]
    assert set(PAYLOADS) == set(CONTACTS_EVENTS)
    created = catalogue.entries["kartoteka.contacts.contact.created"]
    assert created.message_class is events_pb2.ContactCreated
    fields = created.event.fields
    assert (fields["created_at"].type, fields["kind"].type) == ("timestamp", "enum")
    assert fields["kind"].enum_values[0] == "CONTACT_KIND_UNSPECIFIED"
    updated = catalogue.entries["kartoteka.contacts.contact.updated"].event.fields
    assert (updated["changed_fields"].type, updated["changed_fields"].repeated) == ("string", True)
    assert updated["version"].type == "integer"


def test_payloads_are_read_as_conditions_compare_them() -> None:
    entry = load_catalogue().entries["kartoteka.contacts.contact.created"]
    contact = uuid.uuid4()
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(datetime(2025, 5, 1, tzinfo=UTC))
    message = entry.decode(
        events_pb2.ContactCreated(
            contact_id=str(contact), kind=contact_pb2.CONTACT_KIND_PERSON, created_at=stamp
        ).SerializeToString()
    )
    lookup = entry.lookup(message)
    assert lookup("kind") == "CONTACT_KIND_PERSON"
    assert lookup("created_at") == datetime(2025, 5, 1, tzinfo=UTC)
    assert lookup("display_name") == ""
    assert entry.contact_ids(message) == [contact]
    condition = parse_condition(
        {"field": "kind", "op": "eq", "value": "CONTACT_KIND_PERSON"}, entry.event
    )
    assert matches(condition, lookup)


def test_many_contacts_each_once_and_bad_ids_or_bytes_are_poison() -> None:
    entry = load_catalogue().entries["kartoteka.contacts.group.member_added"]
    a, b = uuid.uuid4(), uuid.uuid4()
    added = events_pb2.GroupMembersAdded(contact_ids=[str(a), str(b), str(a)])
    assert entry.contact_ids(added) == [a, b]
    with pytest.raises(PoisonMessage, match="bad contact id"):
        entry.contact_ids(events_pb2.GroupMembersAdded(contact_ids=["not-an-id"]))
    with pytest.raises(PoisonMessage, match="malformed"):
        entry.decode(b"\xff\xff\xff")


def _future_event(subject: str, contact_field: str) -> Descriptor:
    """A payload message as a future `kartoteka/comms/v1/events.proto` would generate it."""
    name = f"kartoteka/test_{uuid.uuid4().hex[:8]}/v1/events.proto"
    package = name.rsplit("/", 1)[0].replace("/", ".")
    proto = descriptor_pb2.FileDescriptorProto(
        name=name,
        package=package,
        syntax="proto3",
        dependency=["kartoteka/events/v1/options.proto", "google/protobuf/timestamp.proto"],
    )
    message = proto.message_type.add(name="CallLogged")
    for number, (field, kind, label) in enumerate(
        [
            ("contact_id", descriptor_pb2.FieldDescriptorProto.TYPE_STRING, 1),
            ("seconds", descriptor_pb2.FieldDescriptorProto.TYPE_INT32, 1),
            ("tags", descriptor_pb2.FieldDescriptorProto.TYPE_STRING, 3),
            ("payload", descriptor_pb2.FieldDescriptorProto.TYPE_BYTES, 1),
        ],
        start=1,
    ):
        message.field.add(name=field, number=number, type=kind, label=label)
    message.field.add(
        name="logged_at",
        number=9,
        type=descriptor_pb2.FieldDescriptorProto.TYPE_MESSAGE,
        type_name=".google.protobuf.Timestamp",
    )
    option = message.options.Extensions[options_pb2.event]
    option.subject = subject
    option.contact_field = contact_field
    pool = descriptor_pool.Default()
    pool.Add(proto)
    found = pool.FindMessageTypeByName(f"{package}.CallLogged")
    assert GetMessageClass(found)().DESCRIPTOR is found, "a message class exists for it"
    return found


def test_a_new_annotated_contract_needs_no_code() -> None:
    future = _future_event("kartoteka.comms.call.logged", "contact_id")
    catalogue = catalogue_of(iter([future]))
    entry = catalogue.entries["kartoteka.comms.call.logged"]
    assert catalogue.services() == ["comms"]
    assert {p: (f.type, f.repeated) for p, f in entry.event.fields.items()} == {
        "contact_id": ("string", False),
        "seconds": ("integer", False),
        "tags": ("string", True),
        "logged_at": ("timestamp", False),
    }, "bytes are not testable; everything else is"


@pytest.mark.parametrize(
    ("subject", "contact_field", "error"),
    [
        ("calls", "contact_id", "is not an event name"),
        ("kartoteka.comms.call.logged", "caller", "is no id field"),
        ("kartoteka.comms.call.logged", "seconds", "is no id field"),
    ],
)
def test_a_broken_annotation_is_refused(subject: str, contact_field: str, error: str) -> None:
    future = _future_event(subject, contact_field)
    with pytest.raises(ValueError, match=error):
        catalogue_of(iter([future]))

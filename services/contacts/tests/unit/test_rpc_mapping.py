"""Mapping cards to their gRPC messages: the fast paths give what protobuf's own would."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest
from google.protobuf.timestamp_pb2 import Timestamp
from kartoteka_contacts.domain.contact import Contact, ContactDraft, ContactKind
from kartoteka_contacts.rpc.mapping import contact_to_proto, timestamp

MOMENTS = [
    datetime(2026, 12, 4, 16, 45, 12, 345678, tzinfo=UTC),
    datetime(2026, 3, 29, 2, 30, tzinfo=timezone(timedelta(hours=2))),  # offset, not UTC
    datetime(1969, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),  # before the epoch
    datetime(1, 1, 1, tzinfo=UTC),
    datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    datetime(2026, 12, 4, 16, 45, 12, 1),  # naive: protobuf takes it as UTC
]


@pytest.mark.parametrize("moment", MOMENTS, ids=str)
def test_a_timestamp_is_the_one_protobuf_makes(moment: datetime) -> None:
    expected = Timestamp()
    expected.FromDatetime(moment)
    made = timestamp(moment)
    assert (made.seconds, made.nanos) == (expected.seconds, expected.nanos)


def test_custom_values_keep_their_json_meaning() -> None:
    custom = {"zeta": "Łódź ✓", "alpha": {"amount": "12.50", "currency": "PLN"}, "n": 2**62}
    moment = MOMENTS[0]
    card = Contact(
        id=uuid.uuid4(),
        data=ContactDraft(kind=ContactKind.PERSON, first_name="Zofia", custom=custom),
        version=1,
        created_at=moment,
        created_by="emp-1",
        updated_at=moment,
        updated_by="emp-1",
        deleted_at=None,
    )
    text = contact_to_proto(card).custom_json
    assert json.loads(text) == custom
    assert list(json.loads(text)) == sorted(custom)  # keys in a stable order

"""The card JSON the gateway writes straight from a gRPC message."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from google.protobuf.timestamp_pb2 import Timestamp
from kartoteka.contacts.v1 import contact_pb2
from kartoteka_gateway.api.contact_models import contact_json


def _stamp(moment: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 12, 4, 16, 45, 12, 345678, tzinfo=UTC),
        datetime(2026, 12, 4, 16, 45, 12, tzinfo=UTC),  # no fraction: none written
        datetime(1969, 7, 20, 20, 17, 40, 500, tzinfo=UTC),  # before the epoch
    ],
    ids=str,
)
def test_times_are_written_as_protobuf_reads_them_with_a_z(moment: datetime) -> None:
    message = contact_pb2.Contact(
        id="c1",
        kind=contact_pb2.CONTACT_KIND_PERSON,
        created_at=_stamp(moment),
        updated_at=_stamp(moment),
        custom_json="{}",
    )
    expected = _stamp(moment).ToDatetime(tzinfo=UTC).isoformat().replace("+00:00", "Z")
    card = contact_json(message)
    assert card["created_at"] == card["updated_at"] == expected
    assert card["deleted_at"] is None


def test_custom_values_are_the_json_the_service_sent() -> None:
    message = contact_pb2.Contact(
        id="c1",
        kind=contact_pb2.CONTACT_KIND_PERSON,
        custom_json='{"city": "Łódź", "budget": {"amount": "1.50"}, "n": 3}',
    )
    assert contact_json(message)["custom"] == {
        "city": "Łódź",
        "budget": {"amount": "1.50"},
        "n": 3,
    }

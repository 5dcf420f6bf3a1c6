"""Bulk operations take the rights of the action they perform, on all cards or on one's own."""

from __future__ import annotations

import pytest
from kartoteka_gateway.api.jobs import BULK_PERMISSIONS, _scope
from kartoteka_gateway.problems import Problem
from kartoteka_gateway.security.tokens import Principal


def principal(*permissions: str) -> Principal:
    return Principal("emp-7", "emp7@example.pl", frozenset(permissions))


@pytest.mark.parametrize("operation", sorted(BULK_PERMISSIONS))
def test_each_operation_is_open_to_its_permission_or_to_ones_own_cards(operation: str) -> None:
    permission = BULK_PERMISSIONS[operation]
    assert _scope(principal(permission), permission) == ""
    assert _scope(principal(f"{permission}_own"), permission) == "emp-7"
    assert _scope(principal("*"), permission) == ""
    others = set(BULK_PERMISSIONS.values()) - {permission}
    with pytest.raises(Problem) as refused:
        _scope(principal(*others, *(f"{p}_own" for p in others)), permission)
    assert (refused.value.status, refused.value.code) == (403, "permission_denied")

"""The holding a company belongs to, as a tree with head counts."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from kartoteka_platform.db import Connection
from kartoteka_platform.errors import InvalidInput

from kartoteka_contacts.domain.contact import ContactKind
from kartoteka_contacts.service.contacts import get_contact
from kartoteka_contacts.store import hierarchy


@dataclass(frozen=True)
class BranchNode:
    company_id: uuid.UUID
    name: str
    parent_id: uuid.UUID | None
    depth: int
    head_count: int
    total_head_count: int


async def company_branch(
    conn: Connection, contact_id: uuid.UUID
) -> tuple[uuid.UUID, list[BranchNode]]:
    """The top company of the holding, and every company in it, parents before children."""
    contact = await get_contact(conn, contact_id)
    start = contact.id if contact.data.kind is ContactKind.COMPANY else contact.data.company_id
    if start is None:
        raise InvalidInput("no_company", "this person belongs to no company", field="contact_id")
    root = (await hierarchy.company_ancestors(conn, start))[-1]
    rows = await hierarchy.company_tree(conn, root)
    totals = {row["id"]: int(row["head_count"]) for row in rows}
    # Children come after their parents, so walking backwards adds each subtree to its parent.
    for row in reversed(rows):
        if row["parent_id"] in totals and row["id"] != root:
            totals[row["parent_id"]] += totals[row["id"]]
    return root, [
        BranchNode(
            row["id"],
            row["name"],
            row["parent_id"] if row["id"] != root else None,
            row["depth"],
            int(row["head_count"]),
            totals[row["id"]],
        )
        for row in rows
    ]

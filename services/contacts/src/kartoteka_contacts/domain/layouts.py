"""Card layouts: blocks in order, required fields, and which layout a contact gets."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from kartoteka_platform.errors import InvalidInput

from kartoteka_contacts.domain.settings import (
    CUSTOM_PREFIX,
    NAME_MAX_LENGTH,
    POSITION_MAX,
    field_exists,
)

# One block per standard kind plus custom blocks; 100 is far above any real card.
MAX_BLOCKS = 100
MAX_BLOCK_FIELDS = 500
MAX_REQUIRED_FIELDS = 500
BUILT_IN_NAME = "Built-in"


class BlockKind(enum.StrEnum):
    """The blocks of a contact card; only `custom` (a set of custom fields) may repeat."""

    MAIN = "main"
    CONTACTS = "contacts"
    COMPANY = "company"
    CUSTOM = "custom"
    FINANCE = "finance"
    COMMUNICATIONS = "communications"
    DOCUMENTS = "documents"
    TASKS = "tasks"
    HISTORY = "history"
    MAP = "map"
    STATISTICS = "statistics"
    BONUSES = "bonuses"


STANDARD_BLOCKS: tuple[BlockKind, ...] = tuple(k for k in BlockKind if k is not BlockKind.CUSTOM)


class LayoutSource(enum.StrEnum):
    """Why a contact gets the layout it gets."""

    GROUP = "group"
    DEFAULT = "default"
    BUILT_IN = "built_in"


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    order: int
    visible: bool = True
    title: str = ""
    # Custom field keys (without the `custom.` prefix), for custom blocks only.
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class BlockInput:
    """A block as a caller sends it, before validation."""

    block: str
    order: int = 0
    visible: bool = True
    title: str = ""
    fields: Sequence[str] = ()


@dataclass(frozen=True)
class Layout:
    """A stored layout (`id` None only for the built-in one); `group_id` None is the default."""

    id: uuid.UUID | None
    name: str
    group_id: uuid.UUID | None
    blocks: tuple[Block, ...]
    required_fields: tuple[str, ...] = ()
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class GroupLayout:
    """A group's layout with what ranks it among a contact's groups."""

    priority: int
    group_name: str
    group_id: uuid.UUID
    layout: Layout


BUILT_IN_LAYOUT = Layout(
    id=None,
    name=BUILT_IN_NAME,
    group_id=None,
    blocks=tuple(Block(kind, index) for index, kind in enumerate(STANDARD_BLOCKS)),
)


def validate_blocks(raw: Sequence[BlockInput], custom_keys: Collection[str]) -> tuple[Block, ...]:
    """The blocks in display order, every standard block once: those not listed are added
    at the end, hidden, so a stored layout always says what happens to each block."""
    if len(raw) > MAX_BLOCKS:
        raise InvalidInput("too_many_blocks", f"at most {MAX_BLOCKS} blocks", field="blocks")
    seen_kinds: set[BlockKind] = set()
    seen_fields: set[str] = set()
    blocks: list[tuple[int, int, Block]] = []
    for index, item in enumerate(raw):
        block = _block(item, f"blocks[{index}]", custom_keys, seen_fields)
        if block.kind is not BlockKind.CUSTOM:
            if block.kind in seen_kinds:
                raise InvalidInput(
                    "duplicate_block",
                    f"the {block.kind} block is listed twice",
                    field=f"blocks[{index}].block",
                )
            seen_kinds.add(block.kind)
        blocks.append((block.order, index, block))
    ordered = [block for _, _, block in sorted(blocks, key=lambda entry: entry[:2])]
    last = max((block.order for block in ordered), default=-1)
    missing = [kind for kind in STANDARD_BLOCKS if kind not in seen_kinds]
    ordered += [
        Block(kind, min(last + 1 + i, POSITION_MAX), visible=False)
        for i, kind in enumerate(missing)
    ]
    return tuple(ordered)


def _block(
    item: BlockInput, path: str, custom_keys: Collection[str], seen_fields: set[str]
) -> Block:
    try:
        kind = BlockKind(item.block)
    except ValueError:
        raise InvalidInput(
            "invalid_block",
            f"{item.block[:100]!r} is not a block; one of: {', '.join(BlockKind)}",
            field=f"{path}.block",
        ) from None
    if not 0 <= item.order <= POSITION_MAX:
        raise InvalidInput(
            "invalid_position", f"an order is between 0 and {POSITION_MAX}", field=f"{path}.order"
        )
    title = " ".join(item.title.split())
    if len(title) > NAME_MAX_LENGTH:
        raise InvalidInput(
            "too_long", f"titles are at most {NAME_MAX_LENGTH} characters", field=f"{path}.title"
        )
    if kind is not BlockKind.CUSTOM:
        if item.fields:
            raise InvalidInput(
                "invalid_block", "only custom blocks list fields", field=f"{path}.fields"
            )
        return Block(kind, item.order, item.visible, title)
    if not title:
        raise InvalidInput("title_required", "a custom block needs a title", field=f"{path}.title")
    if len(item.fields) > MAX_BLOCK_FIELDS:
        raise InvalidInput(
            "too_many_fields", f"a block shows at most {MAX_BLOCK_FIELDS} fields", field=path
        )
    keys: list[str] = []
    for j, raw_key in enumerate(item.fields):
        key = raw_key.removeprefix(CUSTOM_PREFIX)
        where = f"{path}.fields[{j}]"
        if key not in custom_keys:
            raise InvalidInput("unknown_field", f"no custom field {key[:100]!r}", field=where)
        if key in seen_fields:
            raise InvalidInput(
                "duplicate_field", f"{key!r} is shown in more than one block", field=where
            )
        seen_fields.add(key)
        keys.append(key)
    return Block(kind, item.order, item.visible, title, tuple(keys))


def validate_required(raw: Sequence[str], custom_keys: Collection[str]) -> tuple[str, ...]:
    """Required fields: card field names or `custom.<key>` of live fields, each once."""
    if len(raw) > MAX_REQUIRED_FIELDS:
        raise InvalidInput(
            "too_many_fields",
            f"at most {MAX_REQUIRED_FIELDS} required fields",
            field="required_fields",
        )
    required: list[str] = []
    for index, name in enumerate(raw):
        where = f"required_fields[{index}]"
        if not field_exists(name, custom_keys):
            raise InvalidInput("unknown_field", f"no field {name[:100]!r}", field=where)
        if name in required:
            raise InvalidInput("duplicate_field", f"{name!r} is listed twice", field=where)
        required.append(name)
    return tuple(required)


def without_deleted_fields(layout: Layout, custom_keys: Collection[str]) -> Layout:
    """The layout as it applies now: custom fields deleted since it was saved drop out (a
    deleted required field must never block a save)."""
    blocks = tuple(
        replace(block, fields=tuple(key for key in block.fields if key in custom_keys))
        for block in layout.blocks
    )
    required = tuple(
        name
        for name in layout.required_fields
        if not name.startswith(CUSTOM_PREFIX) or name.removeprefix(CUSTOM_PREFIX) in custom_keys
    )
    return replace(layout, blocks=blocks, required_fields=required)


def choose_layout(
    group_layouts: Iterable[GroupLayout], default: Layout | None
) -> tuple[Layout, LayoutSource]:
    """The layout of the highest-priority group (ties: group name, then id), else the
    default layout, else the built-in one."""
    ranked = sorted(
        group_layouts,
        key=lambda g: (-g.priority, g.group_name.casefold(), g.group_name, g.group_id),
    )
    if ranked:
        return ranked[0].layout, LayoutSource.GROUP
    if default is not None:
        return default, LayoutSource.DEFAULT
    return BUILT_IN_LAYOUT, LayoutSource.BUILT_IN


def is_empty(value: object) -> bool:
    """None, blank text, and empty lists and objects count as not filled in."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, Collection):
        return len(value) == 0
    return False


def missing_required(layout: Layout, draft_values: Mapping[str, object]) -> list[str]:
    """The layout's required fields that `draft_values` (field name, or `custom.<key>`, to
    value) leaves empty, in the layout's order."""
    return [name for name in layout.required_fields if is_empty(draft_values.get(name))]

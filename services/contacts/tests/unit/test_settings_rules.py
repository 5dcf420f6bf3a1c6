"""Contact settings rules: layout choice by group priority, required fields, blocks, views."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from kartoteka_contacts.domain.layouts import (
    BUILT_IN_LAYOUT,
    STANDARD_BLOCKS,
    Block,
    BlockInput,
    BlockKind,
    GroupLayout,
    Layout,
    LayoutSource,
    choose_layout,
    missing_required,
    validate_blocks,
    validate_required,
    without_deleted_fields,
)
from kartoteka_contacts.domain.settings import (
    CARD_FIELDS,
    check_standard_field,
    standard_field_settings,
    validate_name,
)
from kartoteka_contacts.domain.views import (
    MAX_COLUMNS,
    STANDARD_COLUMNS,
    SavedView,
    SortField,
    check_owner,
    validate_columns,
    visible_to,
)
from kartoteka_contacts.domain.views import without_deleted_fields as view_without_deleted
from kartoteka_platform.errors import Forbidden, InvalidInput

CUSTOM = frozenset({"vip_level", "segment", "budget"})
NOW = datetime(2025, 1, 1, tzinfo=UTC)


def layout(name: str, required: tuple[str, ...] = (), group: uuid.UUID | None = None) -> Layout:
    return Layout(uuid.uuid4(), name, group, (Block(BlockKind.MAIN, 0),), required)


def ranked(priority: int, group_name: str, group_id: uuid.UUID | None = None) -> GroupLayout:
    gid = group_id or uuid.uuid4()
    return GroupLayout(priority, group_name, gid, layout(f"layout of {group_name}", group=gid))


def invalid(code: str, field: str) -> pytest.RaisesExc[InvalidInput]:
    return pytest.raises(InvalidInput, check=lambda e: (e.code, e.field) == (code, field))


# --- which layout a contact gets -------------------------------------------------------------


def test_the_highest_priority_group_wins() -> None:
    low, high, middle = ranked(1, "A"), ranked(10, "Z"), ranked(5, "M")
    chosen, source = choose_layout([low, high, middle], layout("default"))
    assert chosen is high.layout
    assert source is LayoutSource.GROUP


def test_equal_priorities_go_by_group_name_then_id() -> None:
    beta, alpha = ranked(3, "Beta"), ranked(3, "alpha")
    assert choose_layout([beta, alpha], None)[0] is alpha.layout
    first_id, second_id = sorted([uuid.uuid4(), uuid.uuid4()])
    second, first = ranked(3, "Same", second_id), ranked(3, "Same", first_id)
    assert choose_layout([second, first], None)[0] is first.layout


def test_negative_priorities_still_rank() -> None:
    assert choose_layout([ranked(-5, "A"), best := ranked(-1, "B")], None)[0] is best.layout


def test_no_group_layout_gives_the_default_then_the_built_in() -> None:
    default = layout("default")
    assert choose_layout([], default) == (default, LayoutSource.DEFAULT)
    assert choose_layout([], None) == (BUILT_IN_LAYOUT, LayoutSource.BUILT_IN)


def test_the_built_in_layout_shows_every_block_and_requires_nothing() -> None:
    assert [b.kind for b in BUILT_IN_LAYOUT.blocks] == list(STANDARD_BLOCKS)
    assert all(b.visible for b in BUILT_IN_LAYOUT.blocks)
    assert BUILT_IN_LAYOUT.required_fields == ()
    assert BUILT_IN_LAYOUT.id is None


# --- required fields ---------------------------------------------------------------------------


def test_missing_required_lists_empty_fields_in_layout_order() -> None:
    rules = layout("x", ("phones", "region", "custom.vip_level", "birthday", "custom.budget"))
    values: dict[str, object] = {
        "phones": [],
        "region": "   ",
        "custom.vip_level": "gold",
        "birthday": None,
        "custom.budget": 0,
    }
    assert missing_required(rules, values) == ["phones", "region", "birthday"]


@pytest.mark.parametrize("empty", [None, "", [], {}, "  "])
def test_every_kind_of_empty_is_missing(empty: object) -> None:
    assert missing_required(layout("x", ("legal",)), {"legal": empty}) == ["legal"]


@pytest.mark.parametrize("filled", [False, 0, "x", ["a"], {"nip": "1"}])
def test_falsy_but_real_values_are_filled_in(filled: object) -> None:
    assert missing_required(layout("x", ("custom.segment",)), {"custom.segment": filled}) == []


def test_absent_values_are_missing_and_no_requirements_mean_nothing_missing() -> None:
    assert missing_required(layout("x", ("source",)), {}) == ["source"]
    assert missing_required(BUILT_IN_LAYOUT, {}) == []


def test_required_fields_are_known_fields_each_once() -> None:
    assert validate_required(["first_name", "custom.segment"], CUSTOM) == (
        "first_name",
        "custom.segment",
    )
    with invalid("unknown_field", "required_fields[1]"):
        validate_required(["first_name", "custom.nope"], CUSTOM)
    with invalid("unknown_field", "required_fields[0]"):
        validate_required(["shoe_size"], CUSTOM)
    with invalid("duplicate_field", "required_fields[1]"):
        validate_required(["region", "region"], CUSTOM)


def test_deleted_custom_fields_drop_out_of_a_layout() -> None:
    saved = Layout(
        uuid.uuid4(),
        "x",
        None,
        (Block(BlockKind.CUSTOM, 0, True, "Sales", ("vip_level", "gone")),),
        ("custom.gone", "region", "custom.vip_level"),
    )
    now = without_deleted_fields(saved, CUSTOM)
    assert now.blocks[0].fields == ("vip_level",)
    assert now.required_fields == ("region", "custom.vip_level")


# --- blocks ------------------------------------------------------------------------------------


def test_blocks_are_ordered_and_the_unlisted_ones_come_last_hidden() -> None:
    blocks = validate_blocks(
        [
            BlockInput("finance", order=5),
            BlockInput("custom", order=1, title="  Sales  data ", fields=["vip_level"]),
            BlockInput("main", order=1, visible=False),
        ],
        CUSTOM,
    )
    assert [b.kind for b in blocks[:3]] == [BlockKind.CUSTOM, BlockKind.MAIN, BlockKind.FINANCE]
    assert blocks[0].title == "Sales data"
    assert blocks[1].visible is False
    rest = blocks[3:]
    assert {b.kind for b in rest} == set(STANDARD_BLOCKS) - {BlockKind.MAIN, BlockKind.FINANCE}
    assert all(not b.visible and b.order > 5 for b in rest)
    assert len(blocks) == len(STANDARD_BLOCKS) + 1


def test_custom_blocks_repeat_and_take_custom_keys_with_or_without_the_prefix() -> None:
    blocks = validate_blocks(
        [
            BlockInput("custom", 0, title="A", fields=["vip_level"]),
            BlockInput("custom", 1, title="B", fields=["custom.segment", "budget"]),
        ],
        CUSTOM,
    )
    assert [b.fields for b in blocks[:2]] == [("vip_level",), ("segment", "budget")]


@pytest.mark.parametrize(
    ("blocks", "code", "field"),
    [
        ([BlockInput("sidebar")], "invalid_block", "blocks[0].block"),
        ([BlockInput("main"), BlockInput("main", 1)], "duplicate_block", "blocks[1].block"),
        ([BlockInput("custom", fields=["vip_level"])], "title_required", "blocks[0].title"),
        (
            [BlockInput("custom", title="T", fields=["nope"])],
            "unknown_field",
            "blocks[0].fields[0]",
        ),
        ([BlockInput("main", fields=["vip_level"])], "invalid_block", "blocks[0].fields"),
        ([BlockInput("main", order=-1)], "invalid_position", "blocks[0].order"),
        ([BlockInput("main", title="x" * 201)], "too_long", "blocks[0].title"),
        (
            [
                BlockInput("custom", title="A", fields=["budget"]),
                BlockInput("custom", title="B", fields=["budget"]),
            ],
            "duplicate_field",
            "blocks[1].fields[0]",
        ),
        ([BlockInput("custom", title="T")] * 101, "too_many_blocks", "blocks"),
    ],
)
def test_bad_blocks_are_refused(blocks: list[BlockInput], code: str, field: str) -> None:
    with invalid(code, field):
        validate_blocks(blocks, CUSTOM)


# --- views -------------------------------------------------------------------------------------


def view(owner: str = "emp-1", *, shared: bool = False) -> SavedView:
    return SavedView(
        uuid.uuid4(),
        owner,
        shared,
        "Mine",
        {"all": []},
        ("display_name", "custom.gone", "custom.budget"),
        (SortField("custom.gone"), SortField("created_at", descending=True)),
        NOW,
        NOW,
    )


def test_columns_are_standard_or_live_custom_fields_each_once() -> None:
    columns = ["display_name", "email", "phones", "created_at", "custom.budget"]
    assert validate_columns(columns, CUSTOM) == tuple(columns)
    assert validate_columns([], CUSTOM) == ()
    with invalid("unknown_column", "columns[1]"):
        validate_columns(["region", "custom.nope"], CUSTOM)
    with invalid("unknown_column", "columns[0]"):
        validate_columns(["salary"], CUSTOM)
    with invalid("duplicate_column", "columns[1]"):
        validate_columns(["region", "region"], CUSTOM)
    with invalid("too_many_columns", "columns"):
        validate_columns(["region"] * (MAX_COLUMNS + 1), CUSTOM)


def test_every_card_field_is_a_column() -> None:
    assert set(CARD_FIELDS) <= set(STANDARD_COLUMNS)
    assert "custom" not in STANDARD_COLUMNS


def test_only_the_owner_may_change_a_view_shared_or_not() -> None:
    for shared in (False, True):
        saved = view("emp-1", shared=shared)
        check_owner(saved, "emp-1")
        with pytest.raises(Forbidden, check=lambda e: e.code == "not_view_owner"):
            check_owner(saved, "emp-2")


def test_a_view_is_visible_to_its_owner_and_if_shared_to_everyone() -> None:
    assert visible_to(view("emp-1"), "emp-1")
    assert not visible_to(view("emp-1"), "emp-2")
    assert visible_to(view("emp-1", shared=True), "emp-2")


def test_deleted_custom_fields_drop_out_of_a_view() -> None:
    now = view_without_deleted(view(), CUSTOM)
    assert now.columns == ("display_name", "custom.budget")
    assert now.sort == (SortField("created_at", descending=True),)


# --- names and standard fields -----------------------------------------------------------------


def test_names_are_collapsed_and_bounded() -> None:
    assert validate_name("  My   view ") == "My view"
    with invalid("name_required", "name"):
        validate_name("   ")
    with invalid("too_long", "name"):
        validate_name("x" * 201)
    assert validate_name("x" * 200) == "x" * 200


def test_standard_fields_default_to_visible_in_natural_order() -> None:
    settings = standard_field_settings({})
    assert [s.name for s in settings] == list(CARD_FIELDS)
    assert all(s.visible for s in settings)
    assert [s.position for s in settings] == list(range(len(CARD_FIELDS)))
    assert "custom" not in CARD_FIELDS
    assert {"first_name", "emails", "phones", "activity_id", "manager_id"} <= set(CARD_FIELDS)


def test_stored_settings_reorder_and_hide() -> None:
    settings = standard_field_settings({"region": (False, 0), "kind": (True, 5)})
    names = [s.name for s in settings]
    # kind moved from 0 to 5 (a tie with gender, broken by the natural order): region is first.
    assert names[0] == "region"
    assert next(s for s in settings if s.name == "region").visible is False
    assert names.index("middle_name") < names.index("kind") < names.index("gender")


def test_unknown_standard_fields_are_refused() -> None:
    assert check_standard_field("region") == "region"
    with invalid("unknown_field", "name"):
        check_standard_field("custom")
    with invalid("unknown_field", "name"):
        check_standard_field("shoe_size")

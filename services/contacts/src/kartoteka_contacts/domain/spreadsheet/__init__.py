"""Contacts in spreadsheets: the column set, cell conversions and header mapping; no I/O.

A reader yields rows of `Cell`; `propose_mapping` and `confirm_mapping` pick a column per
header; `read_row` turns a row into `RowValues` for a new or an updated card. An export writes
`header_row` and `export_row` per card; a CSV writer also passes text cells through
`neutralise`. See `columns`, `lists` and `custom` for the exact formats.
"""

from kartoteka_contacts.domain.spreadsheet.cells import (
    Cell,
    CellError,
    CellProblem,
    neutralise,
    unneutralise,
)
from kartoteka_contacts.domain.spreadsheet.columns import (
    Column,
    Target,
    contact_columns,
    custom_column,
    standard_columns,
)
from kartoteka_contacts.domain.spreadsheet.mapping import (
    MappingProblem,
    MappingProposal,
    confirm_mapping,
    propose_mapping,
    saved_mapping,
)
from kartoteka_contacts.domain.spreadsheet.rows import (
    RowError,
    RowValues,
    export_row,
    header_row,
    read_row,
)

__all__ = [
    "Cell",
    "CellError",
    "CellProblem",
    "Column",
    "MappingProblem",
    "MappingProposal",
    "RowError",
    "RowValues",
    "Target",
    "confirm_mapping",
    "contact_columns",
    "custom_column",
    "export_row",
    "header_row",
    "neutralise",
    "propose_mapping",
    "read_row",
    "saved_mapping",
    "standard_columns",
    "unneutralise",
]

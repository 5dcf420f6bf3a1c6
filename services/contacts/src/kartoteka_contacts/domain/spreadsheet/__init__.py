"""Contacts in spreadsheets: the column set, cell conversions and header mapping; no I/O.

A reader yields rows of `Cell`; `propose_mapping` and `confirm_mapping` pick a column per
header; `read_row` turns a row into `RowValues` for a new or an updated card. An export writes
`header_row`, then the cells of each stored card from one `row_exporter` (`export_row` for a
single card); a CSV writer also passes text cells through `neutralise`. See `columns`, `lists`
and `custom` for the exact formats.
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
    row_exporter,
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
    "row_exporter",
    "saved_mapping",
    "standard_columns",
    "unneutralise",
]

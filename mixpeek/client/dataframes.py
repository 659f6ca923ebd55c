"""Documents from a pandas DataFrame (or any table with ``columns`` and ``itertuples``), for the bulk upsert.

The conversion of rows into documents is the one the Ray and Spark writers use (`WriteOptions.documents` of
`mixpeek.integrations._batches`): an id column, vector columns (column -> vector index) and payload columns
(None: every other column). Rows are read lazily; the table's length is known, so progress shows a total.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Optional, Union


def is_table(value: Any) -> bool:
    """True for a pandas DataFrame, or anything shaped like one (``columns`` and ``itertuples``)."""
    return hasattr(value, "columns") and hasattr(value, "itertuples")


class TableDocuments:
    """The rows of a table as documents: iterable (lazily, once per iteration) and sized."""

    def __init__(self, table: Any, options: Any) -> None:
        self._table = table
        self._options = options

    def __len__(self) -> int:
        return len(self._table)

    def _rows(self) -> Iterator[dict[str, Any]]:
        columns = [str(column) for column in self._table.columns]
        for values in self._table.itertuples(index=False, name=None):
            yield dict(zip(columns, values))

    def __iter__(self) -> Iterator[dict[str, Any]]:
        documents: Iterator[dict[str, Any]] = self._options.documents(self._rows())
        return documents


def table_documents(
    namespace_id: str,
    table: Any,
    *,
    id_column: Optional[str] = None,
    vector_columns: Union[Mapping[str, str], Sequence[str], str, None] = None,
    payload_columns: Union[Sequence[str], str, None] = None,
) -> TableDocuments:
    """The documents of ``table``: ``id_column`` (default ``document_id``) gives each ``document_id``,
    ``vector_columns`` the vectors (a mapping column -> vector index name, or column names that are also
    the index names; default: a ``vector`` column), ``payload_columns`` the payload (default: every other
    column)."""
    from mixpeek.integrations._batches import WriteOptions

    options: dict[str, Any] = {}
    if id_column is not None:
        options["id_column"] = id_column
    write_options = WriteOptions.create(
        namespace_id, vector_columns=vector_columns, payload_columns=payload_columns, **options
    )
    missing = [
        column
        for column in [
            write_options.id_column,
            *write_options.vector_columns,
            *(write_options.payload_columns or []),
        ]
        if column not in set(map(str, table.columns))
    ]
    if missing:
        from mixpeek.exceptions import ApiValueError

        raise ApiValueError(
            f"the table has no column(s) {missing}; its columns: {list(map(str, table.columns))}"
        )
    return TableDocuments(table, write_options)

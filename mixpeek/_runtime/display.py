"""How SDK values look in a terminal and in a notebook: bounded `repr`, IPython's `_repr_pretty_` text and
`_repr_html_` tables.

One module renders everything (records, models, results holding hits, pages and paginators, upsert results,
errors) so the rules live in one place:

- a ``repr`` is at most `REPR_LIMIT` characters, followed by a note of how much was cut;
- a result holding hits (``documents``/``results`` lists of objects) shows as a table of its first
  `TABLE_ROWS` hits: the id, the score and the first `PAYLOAD_COLUMNS` payload fields;
- every text that reaches HTML is escaped.

It imports only the standard library, and the classes that use it import it on first display, so nothing
here costs anything at ``import mixpeek``.
"""

from __future__ import annotations

import html
import pprint
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Optional

#: The most characters a `repr` of an SDK value shows before the note of what was cut.
REPR_LIMIT = 2000
#: The most rows a table shows (hits, items, fields).
TABLE_ROWS = 10
#: How many payload fields a table of hits shows after the id and the score.
PAYLOAD_COLUMNS = 3
#: The most characters of one table cell.
CELL_LIMIT = 60
#: The keys under which results carry their hits or items, in order of preference.
HIT_KEYS = ("documents", "results", "hits", "items", "data")
#: Keys naming a hit, in order of preference (else the first key ending in ``_id``).
ID_KEYS = ("document_id", "id")


def bounded(text: str, limit: int = REPR_LIMIT) -> str:
    """``text`` cut to ``limit`` characters, with a note of how many were left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... <{len(text) - limit:,} more characters not shown>"


def cell(value: Any, limit: int = CELL_LIMIT) -> str:
    """One value as a short single-line text (strings as they are, floats to 4 significant digits,
    everything else as its repr)."""
    text = value if isinstance(value, str) else f"{value:.4g}" if isinstance(value, float) else repr(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plain(value: Any) -> Any:
    """``value`` with records and models turned into plain dicts and lists (for `pprint`)."""
    if hasattr(value, "to_dict") and not isinstance(value, Mapping):
        value = value.to_dict()
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def as_mappings(items: Iterable[Any]) -> list[Mapping[str, Any]]:
    """Items as mappings: records and dicts as they are, models as their `to_dict()`, anything else as
    ``{"value": item}``."""
    mappings: list[Mapping[str, Any]] = []
    for item in items:
        if isinstance(item, Mapping):
            mappings.append(item)
        elif hasattr(item, "to_dict"):
            mappings.append(item.to_dict())
        else:
            mappings.append({"value": item})
    return mappings


# hits -------------------------------------------------------------------------------------------------------
def hits_of(value: Any) -> Optional[Sequence[Mapping[str, Any]]]:
    """The hits (or listed items) a result holds: its first `HIT_KEYS` list whose entries are objects."""
    if not isinstance(value, Mapping):
        return None
    for key in HIT_KEYS:
        items = value.get(key)
        if isinstance(items, list) and all(isinstance(item, Mapping) for item in items):
            return items
    return None


def id_key(hit: Mapping[str, Any]) -> Optional[str]:
    """The key naming a hit: ``document_id``, ``id``, else the first key ending in ``_id``."""
    for key in ID_KEYS:
        if key in hit:
            return key
    return next((key for key in hit if isinstance(key, str) and key.endswith("_id")), None)


def flat_row(hit: Mapping[str, Any]) -> dict[str, Any]:
    """A hit as one flat row: its own fields, with the fields of its ``payload`` lifted beside them (a
    payload field whose name a top-level field already has keeps the ``payload.`` prefix)."""
    row: dict[str, Any] = {key: value for key, value in hit.items() if key != "payload"}
    payload = hit.get("payload")
    if isinstance(payload, Mapping):
        for key, value in payload.items():
            row[f"payload.{key}" if key in row else str(key)] = value
    elif payload is not None:
        row["payload"] = payload
    return row


def hit_columns(hits: Sequence[Mapping[str, Any]]) -> list[str]:
    """The columns of a table of hits: id, score, then the first payload (or other scalar) fields."""
    if not hits:
        return []
    first = hits[0]
    columns = [key for key in (id_key(first), "score") if key is not None and key in first]
    payload = first.get("payload")
    if isinstance(payload, Mapping):
        extra = [key for key in flat_row(first) if key not in first or key == "payload"]
    else:
        extra = [key for key, value in first.items() if not isinstance(value, (Mapping, list))]
    extra = [key for key in extra if key not in columns]
    return columns + extra[:PAYLOAD_COLUMNS]


def _rows(items: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> list[list[str]]:
    rows = []
    for item in items[:TABLE_ROWS]:
        flat = flat_row(item)
        rows.append([cell(flat[column]) if column in flat else "" for column in columns])
    return rows


def _more_rows_note(total: int, more_pages: bool = False) -> str:
    notes = []
    if total > TABLE_ROWS:
        notes.append(f"showing {TABLE_ROWS} of {total:,}")
    if more_pages:
        notes.append("more pages exist: iterate, .to_list() or .to_pandas() fetch them")
    return "; ".join(notes)


# text -------------------------------------------------------------------------------------------------------
def text_table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain-text table with aligned columns."""
    widths = [max([len(column), *(len(row[i]) for row in rows)]) for i, column in enumerate(columns)]
    lines = ["  ".join(column.ljust(width) for column, width in zip(columns, widths))]
    lines += ["  ".join(value.ljust(width) for value, width in zip(row, widths)) for row in rows]
    return "\n".join(line.rstrip() for line in lines)


def hits_text(title: str, entries: Sequence[Any], more_pages: bool = False) -> str:
    """A titled text table of hits or items, with a note of what is not shown."""
    items = as_mappings(entries[:TABLE_ROWS])
    columns = hit_columns(items)
    note = _more_rows_note(len(entries), more_pages)
    lines = [f"{title} ({len(entries):,} {'item' if len(entries) == 1 else 'items'})"]
    if items:
        lines.append(text_table(columns, _rows(items, columns)))
    if note:
        lines.append(f"({note})")
    return bounded("\n".join(lines))


def record_text(value: Mapping[str, Any]) -> str:
    """A record for IPython: its hits as a table when it holds some, else its pretty-printed dict."""
    hits = hits_of(value)
    if hits is not None:
        scalars = {key: item for key, item in value.items() if not isinstance(item, (Mapping, list))}
        title = type(value).__name__ + "".join(f" {key}={cell(item)}" for key, item in scalars.items())
        return hits_text(title, hits)
    return bounded(pprint.pformat(plain(value), sort_dicts=False))


def _count(key: str, values: Any) -> str:
    """``"5,000 ids"`` for a list of ids, ``"3 items"`` / ``"4 entries"`` for other lists and objects."""
    unit = "ids" if key.endswith("ids") else "entries" if isinstance(values, Mapping) else "items"
    return f"{len(values):,} {unit}"


def upsert_text(result: Mapping[str, Any], batches: int, ids: bool = False) -> str:
    """An upsert result in one line: every count and the write token; the ids only when asked."""
    parts = []
    for key, value in result.items():
        if isinstance(value, list):
            parts.append(f"{key}={value!r}" if ids else f"{key}=<{_count(key, value)}>")
        elif isinstance(value, Mapping):
            parts.append(f"{key}=<{len(value):,} entries>")
        else:
            parts.append(f"{key}={value!r}")
    parts.append(f"batches={batches}")
    text = f"UpsertResult({', '.join(parts)})"
    return text if ids else bounded(text)


def error_text(error: BaseException) -> str:
    """An error as one block: its class, then its message (bounded)."""
    return bounded(f"{type(error).__name__}: {error}")


# HTML -------------------------------------------------------------------------------------------------------
def _html_table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f"<th>{html.escape(column)}</th>" for column in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(value)}</td>" for value in row) + "</tr>" for row in rows
    )
    return f'<table class="mixpeek-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _block(title: str, content: str, note: str = "") -> str:
    footer = f"<p><small>{html.escape(note)}</small></p>" if note else ""
    return f'<div class="mixpeek"><p><b>{html.escape(title)}</b></p>{content}{footer}</div>'


def hits_html(title: str, entries: Sequence[Any], more_pages: bool = False) -> str:
    """A titled HTML table of hits or items (id, score, first payload fields), with a note of the rest."""
    items = as_mappings(entries[:TABLE_ROWS])
    columns = hit_columns(items)
    count = f"{len(entries):,} {'item' if len(entries) == 1 else 'items'}"
    content = _html_table(columns, _rows(items, columns)) if items else "<p>(empty)</p>"
    return _block(f"{title} ({count})", content, _more_rows_note(len(entries), more_pages))


def fields_html(title: str, fields: Mapping[str, Any]) -> str:
    """A two-column HTML table (field, value) of the first `TABLE_ROWS` fields of an object."""
    rows = [[str(key), cell(value)] for key, value in list(fields.items())[:TABLE_ROWS]]
    cut = len(fields) - len(rows)
    note = f"{cut:,} more fields not shown" if cut > 0 else ""
    return _block(title, _html_table(["field", "value"], rows), note)


def record_html(value: Mapping[str, Any]) -> str:
    """A record in a notebook: a table of its hits when it holds some, else a table of its fields."""
    hits = hits_of(value)
    name = type(value).__name__
    if hits is None:
        return fields_html(name, value)
    scalars = {key: item for key, item in value.items() if not isinstance(item, (Mapping, list))}
    title = name + "".join(f" · {key}={cell(item, 40)}" for key, item in scalars.items())
    return hits_html(title, hits)


def upsert_html(result: Mapping[str, Any], batches: int) -> str:
    """An upsert result in a notebook: counts and the write token (lists show as their length)."""
    fields: dict[str, Any] = {}
    for key, value in result.items():
        fields[key] = _count(key, value) if isinstance(value, (list, Mapping)) else value
    fields["batches"] = batches
    return fields_html("UpsertResult", fields)


def error_html(error: BaseException) -> str:
    """An error in a notebook: one preformatted block with its class and message."""
    return (
        '<pre class="mixpeek-error" style="white-space: pre-wrap">'
        f"<b>{html.escape(type(error).__name__)}</b>: {html.escape(bounded(str(error)))}</pre>"
    )


def pretty(printer: Any, text: str) -> None:
    """Write ``text`` through an IPython pretty printer, line by line (so its indentation applies)."""
    for index, line in enumerate(text.split("\n")):
        if index:
            printer.break_()
        printer.text(line)

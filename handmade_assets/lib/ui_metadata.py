"""What the Dagster UI shows of a frame: row count, column schema, a table preview, text previews,
and plots.

Plain functions of a DataFrame, so assets attach them in one line and tests call them directly.
Row count and column schema go under Dagster's own keys (`dagster/row_count`,
`dagster/column_schema`), which the asset page shows in its overview and columns tabs.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence

import dagster as dg
import pandas as pd

ROW_COUNT = "dagster/row_count"
COLUMN_SCHEMA = "dagster/column_schema"
CELL_CHARS = 160
OPENING_CHARS = 280


def column_type(series: pd.Series) -> str:
    """A short type name for the UI: int, float, bool, datetime, or what the cells hold."""
    if pd.api.types.is_bool_dtype(series):
        return "bool"
    if pd.api.types.is_integer_dtype(series):
        return "int"
    if pd.api.types.is_float_dtype(series):
        return "float"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "datetime"
    sample = series.dropna()
    if sample.empty:
        return "string"
    kind = type(sample.iloc[0])
    return {str: "string", list: "list", tuple: "list", dict: "dict", bytes: "bytes"}.get(
        kind, kind.__name__)


def column_schema(frame: pd.DataFrame) -> dg.TableSchema:
    return dg.TableSchema(columns=[dg.TableColumn(name=str(name), type=column_type(frame[name]))
                                   for name in frame.columns])


def frame_metadata(frame: pd.DataFrame) -> dict:
    """Row count and column schema under Dagster's keys, for every asset that returns a frame."""
    return {ROW_COUNT: dg.MetadataValue.int(len(frame)),
            COLUMN_SCHEMA: dg.MetadataValue.table_schema(column_schema(frame))}


def cell(value, chars: int = CELL_CHARS) -> str | int | float | bool | None:
    """A value a table record can hold; long text is cut, lists are joined."""
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value)
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if hasattr(value, "item"):  # numpy scalars
        return cell(value.item(), chars)
    text = " ".join(str(value).split())
    return text if len(text) <= chars else text[:chars - 1] + "…"


def table_preview(frame: pd.DataFrame, columns: Sequence[str] | None = None,
                  limit: int = 100, chars: int = CELL_CHARS) -> dg.TableMetadataValue:
    """The first `limit` rows of `columns` as a table the UI renders (sortable, with a schema)."""
    shown = frame[list(columns)] if columns is not None else frame
    schema = column_schema(shown)
    records = [dg.TableRecord({name: cell(value, chars) for name, value in zip(shown.columns, row)})
               for row in shown.head(limit).itertuples(index=False, name=None)]
    return dg.MetadataValue.table(records=records, schema=schema)


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts with missing cells as None: a held draft has no description, and pandas
    gives it as NaN, which is truthy and not a string."""
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def opening(text: str | None, chars: int = OPENING_CHARS) -> str:
    """The first sentences of a description, up to about `chars` characters."""
    text = " ".join((text if isinstance(text, str) else "").split())
    if len(text) <= chars:
        return text
    cut = text[:chars]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    return cut[:end + 1] if end > chars // 3 else cut.rsplit(" ", 1)[0] + " …"


def _md(text: str) -> str:
    """Data as markdown text: no markup, no HTML, no line breaks."""
    text = " ".join(str(text).split())
    for char in "\\`*_[]<>|#":
        text = text.replace(char, "\\" + char)
    return text


def gate_outcome(row: dict) -> str:
    if row.get("status", "ok") != "ok":
        return f"not written ({row.get('status')}: {row.get('error') or 'no reason given'})"
    failures = row.get("gate_failures") or ""
    return f"held: {failures}" if failures else "passed every gate"


def text_previews(frame: pd.DataFrame, limit: int = 12, heading: str = "") -> dg.MetadataValue:
    """Markdown a person reads: per row listing, locale, persona, title, opening lines and the
    gate outcome. Rows that failed a gate come first, so they are never cut off by `limit`."""
    if frame.empty:
        return dg.MetadataValue.md("No descriptions in this batch.")
    rows = _records(frame)
    rows.sort(key=lambda r: gate_outcome(r) == "passed every gate")
    lines = [heading] if heading else []
    for row in rows[:limit]:
        lines += [
            f"#### {_md(row['listing_id'])} · {_md(row['locale'])} · {_md(row.get('persona') or '')}",
            f"**{_md(row.get('title') or '(no title)')}**",
            "",
            f"> {_md(opening(row.get('description') or '')) or '(empty)'}",
            "",
            f"Gate: {_md(gate_outcome(row))}",
            "",
        ]
    if len(rows) > limit:
        lines.append(f"… and {len(rows) - limit} more: see the `previews` table.")
    return dg.MetadataValue.md("\n".join(lines))


def preview_table(frame: pd.DataFrame, limit: int = 100) -> dg.TableMetadataValue:
    """One row per description: listing, locale, persona, title, opening lines, gate outcome."""
    rows = _records(frame)
    table = pd.DataFrame({
        "listing_id": [r["listing_id"] for r in rows],
        "locale": [r["locale"] for r in rows],
        "persona": [r.get("persona") or "" for r in rows],
        "title": [r.get("title") or "" for r in rows],
        "opening": [opening(r.get("description") or "", CELL_CHARS) for r in rows],
        "gate": [gate_outcome(r) for r in rows],
    }, columns=["listing_id", "locale", "persona", "title", "opening", "gate"])
    return table_preview(table, limit=limit)


def png_markdown(png: bytes, caption: str) -> dg.MetadataValue:
    """A plot the asset page shows inline: the PNG as a base64 data URI in a Markdown image,
    with its caption under it (the UI's Markdown renderer shows data: images; no file to serve)."""
    encoded = base64.b64encode(png).decode("ascii")
    return dg.MetadataValue.md(f"![{_md(caption)}](data:image/png;base64,{encoded})\n\n{_md(caption)}")

"""What the UI shows of a frame, built by plain functions (lib/ui_metadata.py)."""

import dagster as dg
import numpy as np
import pandas as pd
import pytest

from handmade_assets.lib.ui_metadata import (
    COLUMN_SCHEMA,
    ROW_COUNT,
    cell,
    column_type,
    frame_metadata,
    opening,
    preview_table,
    table_preview,
    text_previews,
)


@pytest.mark.parametrize("values, expected", [
    ([1, 2], "int"), ([1.5, None], "float"), ([True, False], "bool"),
    (["a", None], "string"), ([["x"], []], "list"), ([{"k": 1}], "dict"), ([None, None], "string"),
    (pd.to_datetime(["2026-01-01"]), "datetime"),
])
def test_column_type(values, expected):
    assert column_type(pd.Series(values)) == expected


def test_frame_metadata_uses_dagster_keys():
    frame = pd.DataFrame({"listing_id": ["a", "b", "c"], "price": [1.0, 2.0, 3.0]})
    metadata = frame_metadata(frame)
    assert metadata[ROW_COUNT].value == 3
    schema = metadata[COLUMN_SCHEMA].schema
    assert [(c.name, c.type) for c in schema.columns] == [("listing_id", "string"), ("price", "float")]


def test_frame_metadata_of_an_empty_frame_keeps_its_columns():
    metadata = frame_metadata(pd.DataFrame(columns=["upload_id", "reason"]))
    assert metadata[ROW_COUNT].value == 0
    assert [c.name for c in metadata[COLUMN_SCHEMA].schema.columns] == ["upload_id", "reason"]


@pytest.mark.parametrize("value, expected", [
    (["a", "b"], "a, b"), (np.int64(3), 3), (np.float64(0.5), 0.5), (np.bool_(True), True),
    (None, None), (float("nan"), None), ("two\n lines", "two lines"), ("x" * 500, "x" * 159 + "…"),
])
def test_cell(value, expected):
    assert cell(value) == expected


def test_table_preview_selects_columns_and_limits_rows():
    frame = pd.DataFrame({"upload_id": [f"u{i}" for i in range(5)], "reason": ["r"] * 5,
                          "etag": ["e"] * 5})
    table = table_preview(frame, ["upload_id", "reason"], limit=3)
    assert isinstance(table, dg.TableMetadataValue)
    assert [c.name for c in table.schema.columns] == ["upload_id", "reason"]
    assert [r.data for r in table.records] == [{"upload_id": f"u{i}", "reason": "r"} for i in range(3)]


def test_opening_stops_at_a_sentence():
    text = "A small bowl thrown on the wheel. " * 20
    shown = opening(text, chars=100)
    assert shown.endswith("wheel.") and len(shown) <= 100
    assert opening("Short.") == "Short."


DRAFTS = pd.DataFrame([
    {"listing_id": "L1", "locale": "en", "persona": "story", "title": "Oak bowl",
     "description": "A bowl of oak. Oiled.", "status": "ok", "error": None, "gate_failures": ""},
    {"listing_id": "L2", "locale": "fr", "persona": "story", "title": "Bol <b>",
     "description": "Un bol.", "status": "ok", "error": None,
     "gate_failures": "repeats 80% of L9's draft"},
])


def test_text_previews_show_what_a_person_reads_failures_first():
    markdown = text_previews(DRAFTS).value
    assert markdown.index("L2") < markdown.index("L1")
    assert "Gate: held: repeats 80% of L9's draft" in markdown
    assert "Gate: passed every gate" in markdown
    assert "> A bowl of oak. Oiled." in markdown and "**Oak bowl**" in markdown
    assert "<b>" not in markdown  # data is text, not markup


def test_text_previews_of_published_rows_without_gate_columns():
    published = DRAFTS.drop(columns=["status", "error", "gate_failures"]).head(1)
    assert "passed every gate" in text_previews(published).value
    assert text_previews(published.iloc[0:0]).value == "No descriptions in this batch."


def test_preview_table_has_one_row_per_description():
    table = preview_table(DRAFTS)
    assert [c.name for c in table.schema.columns] == [
        "listing_id", "locale", "persona", "title", "opening", "gate"]
    assert [r.data["gate"] for r in table.records] == [
        "passed every gate", "held: repeats 80% of L9's draft"]


def test_a_draft_the_generator_could_not_write_is_previewed_with_its_reason():
    # A held draft has no title or description: pandas gives NaN, not a string (the hostile
    # upload set failed a whole batch's metadata on it).
    held = pd.concat([DRAFTS, pd.DataFrame([{
        "listing_id": "L3", "locale": "de", "persona": "story", "title": float("nan"),
        "description": float("nan"), "status": "held", "error": "cannot name 'Gizmo' in 'de'",
        "gate_failures": float("nan")}])], ignore_index=True)
    table = preview_table(held)
    assert table.records[-1].data["opening"] == ""
    assert table.records[-1].data["gate"] == "not written (held: cannot name 'Gizmo' in 'de')"
    markdown = text_previews(held).value
    assert "(empty)" in markdown and "nan" not in markdown.replace("cannot name", "")

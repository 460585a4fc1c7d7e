"""The engagement trend on the prompt_scores page: daily rates per persona, drawn as a PNG that
the UI shows inline, and the table it was drawn from."""

import base64
import re

import dagster as dg
import pandas as pd

from handmade_assets.engagement.assets import trend_metadata
from handmade_assets.engagement.metrics import rollup
from handmade_assets.engagement.trends import TREND_COLUMNS, daily_trend, trend_png

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MARKDOWN_IMAGE = re.compile(r"^!\[(?P<alt>[^\]]+)\]\(data:image/png;base64,(?P<data>[A-Za-z0-9+/=]+)\)")


def test_daily_trend_is_one_row_per_day_and_persona_with_their_rates(week_metrics):
    daily = daily_trend(week_metrics)
    assert list(daily.columns) == TREND_COLUMNS
    assert len(daily) == week_metrics["date"].nunique() * week_metrics["persona"].nunique()
    one = daily.iloc[0]
    rows = week_metrics[(week_metrics["date"] == one["date"]) & (week_metrics["persona"] == one["persona"])]
    assert one["impressions"] == rows["impressions"].sum()
    assert one["ctr"] == rows["clicks"].sum() / rows["impressions"].sum()
    assert one["conversion"] == rows["purchases"].sum() / rows["impressions"].sum()


def test_daily_trend_keeps_only_the_recent_days(week_metrics):
    daily = daily_trend(week_metrics, days=3)
    dates = sorted(pd.to_datetime(week_metrics["date"]).unique())
    assert sorted(pd.to_datetime(daily["date"]).unique()) == dates[-3:]
    assert daily_trend(week_metrics.iloc[:0]).empty


def test_the_trend_is_a_png_markdown_image_and_a_table(week_metrics):
    metadata = trend_metadata(week_metrics)
    markdown = metadata["engagement_trend"]
    assert isinstance(markdown, dg.MarkdownMetadataValue)
    match = MARKDOWN_IMAGE.match(markdown.md_str)
    assert match, markdown.md_str[:200]
    png = base64.b64decode(match["data"], validate=True)
    assert png.startswith(PNG_SIGNATURE)
    assert "CTR and conversion per persona" in match["alt"]
    table = metadata["engagement_trend_table"]
    assert isinstance(table, dg.TableMetadataValue)
    assert [column.name for column in table.schema.columns] == TREND_COLUMNS
    assert len(table.records) == len(daily_trend(week_metrics))


def test_no_traffic_yet_means_no_plot(week_metrics):
    assert trend_metadata(week_metrics.iloc[:0]) == {}


def test_one_day_and_one_persona_still_draw(week_metrics):
    first_day = week_metrics[week_metrics["date"] == week_metrics["date"].min()]
    one_persona = first_day[first_day["persona"] == first_day["persona"].iloc[0]]
    assert trend_png(rollup(one_persona, ["date", "persona"])).startswith(PNG_SIGNATURE)

"""The weekly prompt-performance report: an HTML file in the artifact store and a UI summary."""

import io
from datetime import date, timedelta

import dagster as dg
import pandas as pd

from handmade_assets.engagement.partitions import trailing_window
from handmade_assets.engagement.scoring import SCORE_COLUMNS, stability_check
from handmade_assets.reporting.partitions import weekly_partitions
from handmade_assets.reporting.report import build_report
from handmade_assets.services.object_store import ObjectStore

QUALITY_PREFIX = "quality"


def report_key(week_start: str) -> str:
    return f"reports/prompt_performance_{week_start}.html"


class ReportConfig(dg.Config):
    exploration_floor: float = 0.05


@dg.asset(
    partitions_def=weekly_partitions,
    group_name="reporting",
    kinds={"html"},
    # Written Monday 06:00 for the week before; late if not there by Monday 09:00.
    freshness_policy=dg.FreshnessPolicy.cron(deadline_cron="0 9 * * 1", lower_bound_delta=timedelta(hours=4)),
    ins={
        # The report's week and the week before it, for the week-over-week change.
        "engagement_metrics": dg.AssetIn(
            partition_mapping=trailing_window(-1),
            metadata={"allow_missing_partitions": True},
        ),
        # The verdicts: prompt_scores of the week's days, of which the report reads the last.
        # Its look is then one of the daily looks the asset already makes on the experiment's
        # growing sample, so reading the report weekly adds no false winners of its own.
        "prompt_scores": dg.AssetIn(
            partition_mapping=dg.TimeWindowPartitionMapping(),
            metadata={"allow_missing_partitions": True},
        ),
    },
)
def prompt_performance_report(
    context: dg.AssetExecutionContext,
    config: ReportConfig,
    engagement_metrics: dict[str, pd.DataFrame],
    prompt_scores: dict[str, pd.DataFrame],
    artifact_store: dg.ResourceParam[ObjectStore],
) -> dict:
    """Which persona wins where, how sure we are, and what to change in allocation."""
    week_start = date.fromisoformat(context.partition_key)
    daily = pd.concat(engagement_metrics.values(), ignore_index=True)
    this_week, previous_week = split_weeks(daily, week_start)
    scored_on = max(prompt_scores) if prompt_scores else None
    report = build_report(
        prompt_scores[scored_on] if scored_on else pd.DataFrame(columns=SCORE_COLUMNS),
        daily,
        week_start=week_start,
        scored_on=date.fromisoformat(scored_on) if scored_on else None,
        quality=read_quality(artifact_store),
        stability=stability_check(this_week),
        exploration_floor=config.exploration_floor,
    )
    key = report_key(context.partition_key)
    artifact_store.put_bytes(key, report.html.encode(), "text/html")
    context.add_output_metadata(
        {
            "report": dg.MetadataValue.url(artifact_store.uri(key)),
            "summary": dg.MetadataValue.md(report.markdown),
            "overall_winner": report.overall_winner or "no winner yet",
            "verdicts_as_of": scored_on or "no scores yet",
            "days_this_week": int(this_week["date"].nunique()) if len(this_week) else 0,
            "days_previous_week": int(previous_week["date"].nunique()) if len(previous_week) else 0,
        }
    )
    return {"key": key, "uri": artifact_store.uri(key), "overall_winner": report.overall_winner}


def split_weeks(daily: pd.DataFrame, week_start: date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows of the 7 days from week_start, and of the 7 days before."""
    if daily.empty:
        return daily, daily
    dates = pd.to_datetime(daily["date"]).dt.date
    this_week = (dates >= week_start) & (dates < week_start + timedelta(days=7))
    previous = (dates >= week_start - timedelta(days=7)) & (dates < week_start)
    return daily[this_week], daily[previous]


def read_quality(store: ObjectStore) -> pd.DataFrame | None:
    """Every upload batch's per-draft cost and gate outcome (`quality/<batch_id>.parquet`)."""
    frames = [
        pd.read_parquet(io.BytesIO(store.get_bytes(info.key)))
        for info in store.list_objects(QUALITY_PREFIX)
        if info.key.endswith(".parquet")
    ]
    return pd.concat(frames, ignore_index=True) if frames else None

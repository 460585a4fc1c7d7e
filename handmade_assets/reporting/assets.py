"""The weekly prompt-performance report: an HTML file in the artifact store and a UI summary."""


from datetime import date

import dagster as dg
import pandas as pd

from handmade_assets.engagement.scoring import score_variants
from handmade_assets.reporting.partitions import weekly_partitions
from handmade_assets.reporting.report import build_report
from handmade_assets.services.object_store import ObjectStore


def report_key(week_start: str) -> str:
    return f"reports/prompt_performance_{week_start}.html"


@dg.asset(
    partitions_def=weekly_partitions,
    group_name="reporting",
    kinds={"html"},
    ins={"engagement_metrics": dg.AssetIn(metadata={"allow_missing_partitions": True})},
)
def prompt_performance_report(
    context: dg.AssetExecutionContext,
    engagement_metrics: dict[str, pd.DataFrame],
    artifact_store: dg.ResourceParam[ObjectStore],
) -> dict:
    """Which persona wins where, how sure we are, and what to change in allocation."""
    week_start = date.fromisoformat(context.partition_key)
    daily = pd.concat(engagement_metrics.values(), ignore_index=True)
    scores = score_variants(daily)
    report = build_report(scores, daily, week_start=week_start)
    key = report_key(context.partition_key)
    artifact_store.put_bytes(key, report.html.encode(), "text/html")
    context.add_output_metadata(
        {
            "report": dg.MetadataValue.url(artifact_store.uri(key)),
            "summary": dg.MetadataValue.md(report.markdown),
            "overall_winner": report.overall_winner or "not enough data",
        }
    )
    return {"key": key, "uri": artifact_store.uri(key), "overall_winner": report.overall_winner}

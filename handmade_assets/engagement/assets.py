"""Engagement assets: a day's events, its metrics, and the prompt scores that steer allocation."""


from datetime import date, timedelta

import dagster as dg
import pandas as pd

from handmade_assets.lib.ui_metadata import frame_metadata, png_markdown, table_preview
from handmade_assets.engagement.allocation import (
    ALLOCATION_KEY, encode_allocation, thompson_allocation)
from handmade_assets.engagement.metrics import aggregate_events
from handmade_assets.engagement.partitions import daily_partitions, trailing_window
from handmade_assets.engagement.sources import EngagementSource
from handmade_assets.engagement.trends import TREND_DAYS, daily_trend, trend_png
from handmade_assets.engagement.scoring import (
    ALPHA, experiment_sample, recent_days, score_variants, stability_check, winners,
    within_listing_comparisons)
from handmade_assets.services.object_store import ObjectStore
from handmade_assets.taxonomy import PROMPT_VERSION

# Verdicts come from one growing sample: every day since the prompt version started (up to a
# year back), so each daily look is a look at the same experiment and the always-valid
# p-values hold over all of them. A sliding window would be a new experiment every day.
EXPERIMENT_MAX_DAYS = 365
STABILITY_DAYS = 14


class MetricsConfig(dg.Config):
    # A purchase counts against the impression that led to it if it came within this window.
    attribution_window_hours: float = 72.0


class ScoringConfig(dg.Config):
    objective: str = "conversion"
    min_impressions: int = 2000
    # False-winner rate of the peeking-safe decision, over all looks and all segments (Holm).
    alpha: float = ALPHA
    # The experiment being scored: this prompt version's rows, from its first day.
    prompt_version: str = PROMPT_VERSION
    exploration_floor: float = 0.05
    # Cells pinned to one persona by hand, as "category/locale": "persona" ("all" for any).
    pinned: dict[str, str] = {}


@dg.asset(partitions_def=daily_partitions, group_name="engagement", kinds={"pandas"})
def engagement_events(
    context: dg.AssetExecutionContext,
    engagement_source: dg.ResourceParam[EngagementSource],
    landing_zone: dg.ResourceParam[ObjectStore],
) -> pd.DataFrame:
    """Impressions, clicks, add-to-carts and purchases of one day, per listing and draft variant."""
    day = date.fromisoformat(context.partition_key)
    events = engagement_source.events_for_day(day, landing_zone)
    context.add_output_metadata(
        {
            "events": len(events),
            "by_type": dg.MetadataValue.json(
                events["event_type"].value_counts().astype(int).to_dict()
            ),
            **frame_metadata(events),
        }
    )
    return events


@dg.asset(partitions_def=daily_partitions, group_name="engagement", kinds={"pandas"})
def engagement_metrics(
    context: dg.AssetExecutionContext, config: MetricsConfig, engagement_events: pd.DataFrame
) -> pd.DataFrame:
    """Counts and dwell statistics per day, listing, category, locale, persona and prompt version."""
    metrics = aggregate_events(
        engagement_events, attribution_window_hours=config.attribution_window_hours
    )
    context.add_output_metadata(
        {"rows": len(metrics), "impressions": int(metrics["impressions"].sum()),
         **frame_metadata(metrics)}
    )
    return metrics


@dg.asset(
    partitions_def=daily_partitions,
    group_name="engagement",
    kinds={"scipy"},
    # The schedule starts the day's run at 02:00; the verdicts are late if not in by 04:00.
    freshness_policy=dg.FreshnessPolicy.cron(deadline_cron="0 4 * * *", lower_bound_delta=timedelta(hours=3)),
    ins={
        "engagement_metrics": dg.AssetIn(
            partition_mapping=trailing_window(-(EXPERIMENT_MAX_DAYS - 1)),
            # Days without traffic data (first days after launch) are skipped, not fatal.
            metadata={"allow_missing_partitions": True},
        )
    },
)
def prompt_scores(
    context: dg.AssetExecutionContext,
    config: ScoringConfig,
    engagement_metrics: dict[str, pd.DataFrame],
    artifact_store: dg.ResourceParam[ObjectStore],
    engagement_source: dg.ResourceParam[EngagementSource],
) -> pd.DataFrame:
    """Which persona wins, per category and locale, since the prompt version started.

    Also writes the Thompson-sampling allocation that publishing reads for new listings.
    """
    metrics = experiment_sample(
        pd.concat(engagement_metrics.values(), ignore_index=True), config.prompt_version
    )
    # Publishing logs its draws where it publishes: the artifact store.
    assignments = engagement_source.assignments(artifact_store)
    scores = score_variants(
        metrics,
        objective=config.objective,
        min_impressions=config.min_impressions,
        alpha=config.alpha,
        assignments=assignments,
    )
    allocation = thompson_allocation(
        scores,
        floor=config.exploration_floor,
        objective=config.objective,
        pinned=parse_pins(config.pinned),
    )
    artifact_store.put_bytes(
        ALLOCATION_KEY, encode_allocation(allocation, context.partition_key), "application/json"
    )
    overall = winners(scores)
    pairs = within_listing_comparisons(metrics, objective=config.objective, alpha=config.alpha)
    context.add_output_metadata(
        {
            **trend_metadata(metrics),
            "days": int(metrics["date"].nunique()) if len(metrics) else 0,
            "experiment_start": str(metrics["date"].min()) if len(metrics) else "",
            "impressions": int(metrics["impressions"].sum()),
            "winners": dg.MetadataValue.md(overall.head(30).to_markdown(index=False)),
            "srm_alarms": int(overall["srm_alarm"].sum()),
            # Draws replaced by another persona because the drawn one's draft failed a gate.
            "assignments": int(assignments["listings"].sum()) if assignments is not None else 0,
            "assignment_fallbacks": int(assignments["fallbacks"].sum()) if assignments is not None else 0,
            "daily_stability_p": stability_check(
                recent_days(metrics, STABILITY_DAYS), objective=config.objective
            )["p_value"],
            # Listings that published two personas side by side, compared paired by listing.
            "within_listing": dg.MetadataValue.md(
                pairs.head(30).to_markdown(index=False) if len(pairs) else "no variant pairs"
            ),
            **frame_metadata(scores),
        }
    )
    return scores


def trend_metadata(metrics: pd.DataFrame) -> dict:
    """The recent days per persona as a plot and as the table it was drawn from."""
    daily = daily_trend(metrics, TREND_DAYS)
    if daily.empty:
        return {}
    caption = (f"Daily CTR and conversion per persona, {daily['date'].min()} to "
               f"{daily['date'].max()} (at most the last {TREND_DAYS} days).")
    return {"engagement_trend": png_markdown(trend_png(daily), caption),
            "engagement_trend_table": table_preview(daily, limit=TREND_DAYS * 8)}


def parse_pins(pinned: dict[str, str]) -> dict[tuple[str, str], str]:
    """{"leather/en": "functionality_reviewer"} -> {("leather", "en"): "functionality_reviewer"}."""
    cells = {}
    for cell, persona in pinned.items():
        category, _, locale = cell.partition("/")
        cells[(category, locale or "all")] = persona
    return cells

"""The code location: every domain's assets, checks, jobs, schedules and sensors, one resource set."""

from __future__ import annotations

import dagster as dg

from handmade_assets.catalog.assets import raw_uploads, validate_uploads
from handmade_assets.catalog.notifications import build_upload_queue_sensor
from handmade_assets.catalog.sensors import build_landing_zone_sensor, sensor_hold
from handmade_assets.engagement.assets import engagement_events, engagement_metrics, prompt_scores
from handmade_assets.generation.assets import (
    description_drafts,
    image_attributes,
    publish_descriptions,
    retrieved_context,
)
from handmade_assets.index.assets import embeddings, historical_descriptions, vector_index
from handmade_assets.reporting.assets import prompt_performance_report
from handmade_assets.resources import build_resources
from handmade_assets.reviews.assets import customer_reviews, review_attributes

ASSETS = [
    raw_uploads, validate_uploads,
    customer_reviews, review_attributes,
    historical_descriptions, embeddings, vector_index,
    image_attributes, retrieved_context, description_drafts, publish_descriptions,
    engagement_events, engagement_metrics, prompt_scores,
    prompt_performance_report,
]

process_uploads_job = dg.define_asset_job(
    "process_uploads",
    selection=dg.AssetSelection.groups("catalog", "generation"),
    description="Validate a batch of seller uploads and write, check and publish their descriptions.",
    # One process per run: the embedding model loads once, not in every step (~12 s per upload).
    executor_def=dg.in_process_executor,
)
refresh_index_job = dg.define_asset_job(
    "refresh_index",
    selection=dg.AssetSelection.groups("reviews", "index"),
    description="Scrub and mine customer reviews, embed them with the corpus, upsert the index.",
)
daily_engagement_job = dg.define_asset_job(
    "daily_engagement",
    selection=dg.AssetSelection.groups("engagement"),
    description="Collect a day's engagement, aggregate it and re-score the prompts.",
)
weekly_report_job = dg.define_asset_job(
    "weekly_report",
    selection=dg.AssetSelection.groups("reporting"),
    description="Write the weekly prompt-performance report.",
)

JOBS = [process_uploads_job, refresh_index_job, daily_engagement_job, weekly_report_job]
SCHEDULES = [
    dg.build_schedule_from_partitioned_job(daily_engagement_job, hour_of_day=2),
    dg.build_schedule_from_partitioned_job(weekly_report_job, hour_of_day=6),
    dg.ScheduleDefinition(job=refresh_index_job, cron_schedule="0 1 * * *"),
]


def build_definitions(env: str | None = None, resources: dict | None = None) -> dg.Definitions:
    resources = resources if resources is not None else build_resources(env)
    # An upload queue is wired only with HANDMADE_UPLOAD_TRIGGER=sqs; else uploads/ is listed.
    # The listing sensor holds its tick open for the next upload (catalog/sensors.py); the
    # queue sensor is woken by the notification itself.
    upload_sensor = (build_upload_queue_sensor(process_uploads_job) if "upload_queue" in resources
                     else build_landing_zone_sensor(process_uploads_job, hold=sensor_hold()))
    return dg.Definitions(
        assets=ASSETS,
        jobs=JOBS,
        schedules=SCHEDULES,
        sensors=[upload_sensor],
        resources=resources,
    )


@dg.definitions
def defs() -> dg.Definitions:
    return build_definitions()

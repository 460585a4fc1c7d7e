"""The landing-zone sensor: new upload metadata objects become one batch partition and one run.

An upload is handed to a run once it is complete: every photo its listing.json names is in its
folder. Until then it waits in the cursor, for at most the grace period after listing.json
landed (`HANDMADE_UPLOAD_GRACE_MINUTES`, 10 by default); then it runs anyway and is rejected
naming the missing photo. A folder of photos without listing.json gets the same grace period,
then a rejection naming listing.json.

Dagster's daemon evaluates sensors in a loop of at least 5 s, so a shorter
`minimum_interval_seconds` alone cannot bring an upload's wait for its tick under 0-5 s. A tick
built with a `hold` that finds nothing ready looks again every `POLL_SECONDS` until the hold is
over and returns as soon as an upload is ready; the daemon starts the next tick at once (the loop
only sleeps what is left of its 5 s), so an upload is seen within about `POLL_SECONDS`.
definitions.py gives the deployed sensor its hold (`HANDMADE_SENSOR_HOLD_SECONDS`); tests and
the demo tick without one.
"""

import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import dagster as dg

from handmade_assets.catalog.batches import (
    DEFAULT_GRACE,
    UPLOADS_PREFIX,
    SensorCursor,
    UploadBatch,
    UploadRef,
    make_batch,
    missing_photos,
    plan_tick,
    write_manifest,
)
from handmade_assets.catalog.partitions import upload_batches
from handmade_assets.services.object_store import ObjectStore, ObjectStoreUnavailable

MAX_UPLOADS_PER_BATCH = 500
GRACE_SETTING = "HANDMADE_UPLOAD_GRACE_MINUTES"
# listing.json reads and photo HEADs of one tick run side by side: each is one small request.
CHECK_THREADS = 8
# With a hold the daemon's own 5 s loop paces the ticks; the interval only keeps it from
# starting a tick while the previous one's result is being written.
MINIMUM_INTERVAL_SECONDS = 1
HOLD_SETTING = "HANDMADE_SENSOR_HOLD_SECONDS"
# Under the daemon's 5 s loop, so a held tick never delays the next one; far under the 60 s
# a sensor evaluation may take.
DEFAULT_HOLD_SECONDS = 4.0
# How often a held tick lists the landing zone again. On S3 that is a listing of the uploads
# prefix per poll (~170,000 LIST requests a day at 0.5 s, ~$0.9, more once it holds over 1,000
# keys); S3 event notifications avoid it.
POLL_SECONDS = 0.5


def upload_grace() -> timedelta:
    minutes = os.environ.get(GRACE_SETTING)
    return timedelta(minutes=float(minutes)) if minutes else DEFAULT_GRACE


def sensor_hold() -> float:
    seconds = os.environ.get(HOLD_SETTING)
    return float(seconds) if seconds else DEFAULT_HOLD_SECONDS


def find_missing_photos(store: ObjectStore, refs: list[UploadRef]) -> list[list[int]]:
    """`missing_photos` for each upload, the small reads side by side."""
    if not refs:
        return []
    with ThreadPoolExecutor(min(CHECK_THREADS, len(refs))) as pool:
        return list(pool.map(lambda ref: missing_photos(store, ref), refs))


def batch_run(artifact_store: ObjectStore, uploads: list[UploadRef]
              ) -> tuple[UploadBatch, dg.RunRequest, dg.AddDynamicPartitionsRequest]:
    """One batch of uploads as one run: its manifest written, its partition added, and a run
    keyed on the batch id, so the same uploads never run twice whichever sensor found them."""
    batch = make_batch(uploads)
    write_manifest(artifact_store, batch)
    return (batch, dg.RunRequest(partition_key=batch.batch_id, run_key=batch.batch_id),
            upload_batches.build_add_request([batch.batch_id]))


def build_landing_zone_sensor(job, grace: timedelta | None = None,
                              clock: Callable[[], datetime] | None = None,
                              hold: float = 0.0) -> dg.SensorDefinition:
    """`hold`: seconds a tick that finds no ready upload keeps looking (see the module's doc)."""
    clock = clock or (lambda: datetime.now(timezone.utc))

    @dg.sensor(
        name="landing_zone_sensor",
        job=job,
        minimum_interval_seconds=MINIMUM_INTERVAL_SECONDS,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Starts one run per batch of new seller uploads in the landing zone, once "
        "their photos have arrived (or their grace period is over).",
    )
    def landing_zone_sensor(
        context: dg.SensorEvaluationContext,
        landing_zone: dg.ResourceParam[ObjectStore],
        artifact_store: dg.ResourceParam[ObjectStore],
    ):
        cursor = SensorCursor.parse(context.cursor)

        def plan_now():
            objects = landing_zone.list_objects(UPLOADS_PREFIX, since=cursor.last_modified)
            return plan_tick(objects, cursor, clock(),
                             grace=upload_grace() if grace is None else grace,
                             cap=MAX_UPLOADS_PER_BATCH,
                             missing=lambda refs: find_missing_photos(landing_zone, refs),
                             has_metadata=landing_zone.exists)

        try:
            deadline = time.monotonic() + hold
            plan = plan_now()
            # Every look plans from the tick's own cursor, so the last look's plan is the tick's.
            while not plan.ready and time.monotonic() + POLL_SECONDS <= deadline:
                time.sleep(POLL_SECONDS)
                plan = plan_now()
            if not plan.ready:
                if plan.cursor == cursor:
                    return dg.SkipReason("no new uploads")
                return dg.SensorResult(
                    skip_reason=f"{len(plan.waiting)} uploads waiting for their photos, "
                    f"{len(plan.cursor.orphans)} folders waiting for listing.json",
                    cursor=plan.cursor.model_dump_json())
            _batch, run_request, add_partition = batch_run(artifact_store, plan.ready)
        except ObjectStoreUnavailable as error:
            # Dagster shows a failed tick as "Error occurred during the execution of
            # evaluation_fn"; the tick's log and the exception's own message name the cause.
            context.log.error(f"landing zone sensor cannot reach its store: {error}")
            raise
        if plan.waiting:
            context.log.info(f"{len(plan.waiting)} uploads wait for their photos")
        return dg.SensorResult(
            run_requests=[run_request], dynamic_partitions_requests=[add_partition],
            cursor=plan.cursor.model_dump_json(),
        )

    return landing_zone_sensor

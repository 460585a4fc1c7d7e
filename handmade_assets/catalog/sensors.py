"""The landing-zone sensor: new upload metadata objects become one batch partition and one run."""


import dagster as dg

from handmade_assets.catalog.batches import (
    UPLOADS_PREFIX,
    SensorCursor,
    advance_cursor,
    make_batch,
    new_uploads,
    write_manifest,
)
from handmade_assets.catalog.partitions import upload_batches
from handmade_assets.services.object_store import ObjectStore, ObjectStoreUnavailable

MAX_UPLOADS_PER_BATCH = 500


def build_landing_zone_sensor(job) -> dg.SensorDefinition:
    @dg.sensor(
        name="landing_zone_sensor",
        job=job,
        minimum_interval_seconds=10,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Starts one run per batch of new seller uploads in the landing zone.",
    )
    def landing_zone_sensor(
        context: dg.SensorEvaluationContext,
        landing_zone: dg.ResourceParam[ObjectStore],
        artifact_store: dg.ResourceParam[ObjectStore],
    ):
        cursor = SensorCursor.parse(context.cursor)
        try:
            objects = landing_zone.list_objects(UPLOADS_PREFIX, since=cursor.last_modified)
            fresh = new_uploads(objects, cursor)[:MAX_UPLOADS_PER_BATCH]
            if not fresh:
                return dg.SkipReason("no new uploads")
            batch = make_batch(fresh)
            write_manifest(artifact_store, batch)
        except ObjectStoreUnavailable as error:
            # Dagster shows a failed tick as "Error occurred during the execution of
            # evaluation_fn"; the tick's log and the exception's own message name the cause.
            context.log.error(f"landing zone sensor cannot reach its store: {error}")
            raise
        return dg.SensorResult(
            run_requests=[dg.RunRequest(partition_key=batch.batch_id, run_key=batch.batch_id)],
            dynamic_partitions_requests=[upload_batches.build_add_request([batch.batch_id])],
            cursor=advance_cursor(cursor, fresh).model_dump_json(),
        )

    return landing_zone_sensor

"""New uploads from the landing bucket's S3 event notifications, read from an SQS queue: the
alternative to listing `uploads/` on every tick (`HANDMADE_UPLOAD_TRIGGER=sqs`).

The bucket sends an `s3:ObjectCreated:*` notification for every `uploads/<id>/listing.json` to
the queue (deploy/README.md). Each message body is what S3 sends, e.g.

    {"Records": [{"eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "eu-west-1",
      "eventTime": "2026-12-07T03:12:45.120Z", "eventName": "ObjectCreated:Put",
      "s3": {"s3SchemaVersion": "1.0", "configurationId": "handmade-uploads",
             "bucket": {"name": "handmade-landing", "arn": "arn:aws:s3:::handmade-landing"},
             "object": {"key": "uploads/u123/listing.json", "size": 812,
                        "eTag": "0f343b0931126a20f133d67c2b018a3b",
                        "sequencer": "0061A9C4D7B1E3F2A9"}}}]}

with the key URL-encoded (a space is `+`), or `{"Event": "s3:TestEvent", ...}` once when the
notification is configured. Uploads become the same batches, partitions and run keys as the
listing sensor's (catalog/sensors.py), wait for their photos the same way, and S3's duplicate
deliveries are recognised.

A message is deleted only after Dagster has stored the tick that handled it: the cursor lists
the messages a tick handled (their uploads are in its run request or waiting in the cursor), and
the next tick deletes them. A tick that dies leaves its messages on the queue to come back.
A body that is no S3 notification stays on the queue for its dead-letter queue.

Tested against moto's server (moto[server], pure Python) on 127.0.0.1, which sends a bucket's
notifications to its SQS queue as S3 does (ElasticMQ, the other SQS server, needs Java).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import unquote_plus

import dagster as dg
from pydantic import BaseModel

from handmade_assets.catalog.batches import UploadRef, is_upload_metadata, split_by_photos
from handmade_assets.catalog.sensors import (
    MAX_UPLOADS_PER_BATCH,
    batch_run,
    find_missing_photos,
    upload_grace,
)
from handmade_assets.services.message_queue import QueueMessage, SqsQueue
from handmade_assets.services.object_store import ObjectStore

# How long an upload handed to a run is remembered, so that a second delivery of its event (S3
# and SQS both deliver at least once; a message whose delete failed comes back after the
# visibility timeout) starts nothing. Far longer than those redeliveries take, and short enough
# to keep the cursor small.
DEDUP_WINDOW = timedelta(hours=1)


class MalformedNotification(ValueError):
    """A message body that is not an S3 event notification."""


@dataclass(frozen=True)
class UploadEvent:
    ref: UploadRef
    # S3's per-key ordering of events, a hex string; absent from some S3-compatible servers.
    sequencer: str | None


def upload_events(body: str, bucket: str | None = None, prefix: str = "") -> list[UploadEvent]:
    """The `uploads/<id>/listing.json` objects created in one notification message.

    Other events, other keys, other buckets (when `bucket` is given) and S3's test event give
    none; `prefix` is the landing zone's key prefix, if it has one."""
    try:
        message = json.loads(body)
    except ValueError:
        raise MalformedNotification("not JSON") from None
    if not isinstance(message, dict):
        raise MalformedNotification("not a JSON object")
    if message.get("Event") == "s3:TestEvent":
        return []
    records = message.get("Records")
    if not isinstance(records, list):
        raise MalformedNotification("no Records")
    events = []
    for record in records:
        try:
            if record.get("eventSource") != "aws:s3" or not str(
                    record.get("eventName", "")).startswith("ObjectCreated:"):
                continue
            s3 = record["s3"]
            if bucket is not None and s3["bucket"]["name"] != bucket:
                continue
            key = unquote_plus(s3["object"]["key"])
            when = datetime.fromisoformat(record["eventTime"].replace("Z", "+00:00"))
            etag = str(s3["object"]["eTag"]).strip('"')
            sequencer = s3["object"].get("sequencer")
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            raise MalformedNotification(f"an S3 record without {error}") from None
        if prefix:
            head = prefix.rstrip("/") + "/"
            if not key.startswith(head):
                continue
            key = key[len(head):]
        if not is_upload_metadata(key):
            continue
        ref = UploadRef(upload_id=key.split("/")[1], metadata_key=key, etag=etag,
                        last_modified=when if when.tzinfo else when.replace(tzinfo=timezone.utc))
        events.append(UploadEvent(ref, sequencer))
    return events


def sequenced_before(first: str | None, second: str | None) -> bool:
    """Whether event `first` on a key happened before event `second` on the same key. S3's
    sequencers are hex numbers of varying length: compare them as numbers."""
    if not first or not second:
        return False
    return int(first, 16) < int(second, 16)


class RequestedUpload(BaseModel):
    etag: str
    sequencer: str | None = None
    requested_at: datetime


class QueueCursor(BaseModel):
    # Receipt handles of the messages the last tick handled, deleted by the next tick: this
    # cursor is stored only once Dagster has recorded that tick's run requests.
    to_delete: list[str] = []
    # Uploads whose listing.json came but not yet all its photos, within their grace period.
    waiting: list[UploadRef] = []
    # metadata key -> the version last handed to a run, within DEDUP_WINDOW.
    requested: dict[str, RequestedUpload] = {}

    @classmethod
    def parse(cls, raw: str | None) -> QueueCursor:
        return cls.model_validate_json(raw) if raw else cls()


@dataclass(frozen=True)
class QueueTickPlan:
    ready: list[UploadRef]  # this tick's batch
    cursor: QueueCursor
    duplicates: int  # events for uploads already requested or waiting
    malformed: list[str]  # message ids left on the queue


def plan_queue_tick(messages: list[QueueMessage], cursor: QueueCursor, now: datetime, *,
                    grace: timedelta, missing: Callable[[list[UploadRef]], list[list[int]]],
                    bucket: str | None = None, prefix: str = "") -> QueueTickPlan:
    """Which uploads this tick hands to a run, and the cursor after it.

    A new version of an upload already waiting replaces it; an event for the version already
    requested, or older than it by S3's sequencer, is a duplicate."""
    waiting = {ref.metadata_key: ref for ref in cursor.waiting}
    fresh: dict[str, UploadEvent] = {}
    handled, malformed, duplicates = [], [], 0
    for message in messages:
        try:
            events = upload_events(message.body, bucket, prefix)
        except MalformedNotification:
            malformed.append(message.message_id)
            continue
        handled.append(message.receipt_handle)
        for event in events:
            key, etag = event.ref.metadata_key, event.ref.etag
            done = cursor.requested.get(key)
            held = waiting.get(key)
            newer = fresh.get(key)
            if ((done and (done.etag == etag or sequenced_before(event.sequencer, done.sequencer)))
                    or (held and held.etag == etag)
                    or (newer and (newer.ref.etag == etag
                                   or sequenced_before(event.sequencer, newer.sequencer)))):
                duplicates += 1
                continue
            fresh[key] = event
    candidates = [ref for key, ref in waiting.items() if key not in fresh]
    candidates += [event.ref for event in fresh.values()]
    ready, still_waiting = split_by_photos(candidates, missing(candidates), now, grace)
    sequencers = {key: event.sequencer for key, event in fresh.items()}
    requested = {key: seen for key, seen in cursor.requested.items()
                 if now - seen.requested_at < DEDUP_WINDOW}
    for ref in ready:
        requested[ref.metadata_key] = RequestedUpload(
            etag=ref.etag, sequencer=sequencers.get(ref.metadata_key), requested_at=now)
    return QueueTickPlan(
        ready=ready, duplicates=duplicates, malformed=malformed,
        cursor=QueueCursor(to_delete=handled, waiting=still_waiting,
                           requested=dict(sorted(requested.items()))))


def landing_bucket(landing_zone: ObjectStore) -> tuple[str | None, str]:
    """The bucket and key prefix whose events are uploads: the landing zone's own, so the two
    cannot disagree. None for a landing zone that is no S3 bucket (then every bucket counts)."""
    from handmade_assets.services.s3_store import S3ObjectStore  # dagster_aws: at tick, not import

    if isinstance(landing_zone, S3ObjectStore):
        return landing_zone.bucket, landing_zone.prefix
    return None, ""


def build_upload_queue_sensor(job, grace: timedelta | None = None,
                              clock: Callable[[], datetime] | None = None) -> dg.SensorDefinition:
    clock = clock or (lambda: datetime.now(timezone.utc))

    @dg.sensor(
        name="upload_queue_sensor",
        job=job,
        minimum_interval_seconds=10,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Starts one run per batch of new seller uploads announced by the landing "
        "bucket's S3 event notifications on an SQS queue, once their photos have arrived.",
    )
    def upload_queue_sensor(
        context: dg.SensorEvaluationContext,
        landing_zone: dg.ResourceParam[ObjectStore],
        artifact_store: dg.ResourceParam[ObjectStore],
        upload_queue: SqsQueue,
    ):
        cursor = QueueCursor.parse(context.cursor)
        refused = upload_queue.delete(cursor.to_delete)
        if refused:
            context.log.warning(f"SQS refused to delete {refused} handled messages; when they "
                                "come back they are recognised and start nothing")
        messages = upload_queue.receive(max(0, MAX_UPLOADS_PER_BATCH - len(cursor.waiting)))
        bucket, prefix = landing_bucket(landing_zone)
        plan = plan_queue_tick(
            messages, cursor, clock(), grace=upload_grace() if grace is None else grace,
            missing=lambda refs: find_missing_photos(landing_zone, refs),
            bucket=bucket, prefix=prefix)
        if plan.malformed:
            context.log.warning(f"{len(plan.malformed)} messages are not S3 event notifications "
                                f"and stay on the queue for its dead-letter queue: "
                                f"{', '.join(plan.malformed)}")
        if plan.duplicates:
            context.log.info(f"{plan.duplicates} repeated notifications of uploads already seen")
        new_cursor = plan.cursor.model_dump_json()
        if not plan.ready:
            if not messages and not cursor.to_delete:
                return dg.SkipReason("no new uploads")
            return dg.SensorResult(
                skip_reason=f"{len(plan.cursor.waiting)} uploads waiting for their photos",
                cursor=new_cursor)
        _batch, run_request, add_partition = batch_run(artifact_store, plan.ready)
        return dg.SensorResult(run_requests=[run_request],
                               dynamic_partitions_requests=[add_partition], cursor=new_cursor)

    return upload_queue_sensor

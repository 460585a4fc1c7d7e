"""The SQS upload trigger. Message parsing and tick planning as plain functions; then the sensor
against moto's server (`moto_server`, pure Python, from the dev extra's moto[server]) on
127.0.0.1, which speaks S3 and SQS and sends the bucket's event notifications to the queue as
S3 does: a real upload lands, S3 notifies, the sensor reads the queue."""

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import boto3
import dagster as dg
import pytest

from handmade_assets.catalog.batches import UploadRef, make_batch, read_manifest
from handmade_assets.catalog.notifications import (
    DEDUP_WINDOW,
    MalformedNotification,
    QueueCursor,
    RequestedUpload,
    build_upload_queue_sensor,
    plan_queue_tick,
    sequenced_before,
    upload_events,
)
from handmade_assets.catalog.sensors import build_landing_zone_sensor
from handmade_assets.definitions import build_definitions, process_uploads_job
from handmade_assets.resources import local_resources
from handmade_assets.services.message_queue import QueueMessage, SqsQueue
from handmade_assets.services.s3_store import S3ObjectStore
from handmade_assets_demo.sample_uploads import SAMPLE_DIR, sample_listings

T0 = datetime(2026, 12, 7, 3, 0, tzinfo=timezone.utc)
DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "upload-queue"
GRACE = timedelta(minutes=10)


def s3_event(key: str, etag: str = "0f343b0931126a20f133d67c2b018a3b", *,
             bucket: str = "handmade-landing", event: str = "ObjectCreated:Put",
             when: str = "2026-12-07T03:00:00.120Z", sequencer: str | None = "0061A9C4D7B1E3F2A9"
             ) -> str:
    """A notification body in the shape S3 sends (event message structure, version 2.1)."""
    obj = {"key": key, "size": 812, "eTag": etag, "versionId": None}
    if sequencer:
        obj["sequencer"] = sequencer
    return json.dumps({"Records": [{
        "eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "eu-west-1",
        "eventTime": when, "eventName": event,
        "userIdentity": {"principalId": "AWS:AIDAEXAMPLE"},
        "requestParameters": {"sourceIPAddress": "198.51.100.7"},
        "responseElements": {"x-amz-request-id": "C3D13FE58DE4C810", "x-amz-id-2": "FMyUV"},
        "s3": {"s3SchemaVersion": "1.0", "configurationId": "handmade-uploads",
               "bucket": {"name": bucket, "ownerIdentity": {"principalId": "A3NL1KOZZKEXAMPLE"},
                          "arn": f"arn:aws:s3:::{bucket}"},
               "object": obj}}]})


# ---------------------------------------------------------------- parsing

def test_a_created_listing_json_is_one_upload_event_with_its_etag_and_time():
    (event,) = upload_events(s3_event("uploads/u123/listing.json"), "handmade-landing")
    assert event.ref == UploadRef(upload_id="u123", metadata_key="uploads/u123/listing.json",
                                  etag="0f343b0931126a20f133d67c2b018a3b",
                                  last_modified=datetime(2026, 12, 7, 3, 0, 0, 120000,
                                                         tzinfo=timezone.utc))
    assert event.sequencer == "0061A9C4D7B1E3F2A9"


def test_keys_are_url_decoded_as_s3_encodes_them():
    (event,) = upload_events(s3_event("uploads/caf%C3%A9+set/listing.json"))
    assert event.ref.metadata_key == "uploads/café set/listing.json"
    assert event.ref.upload_id == "café set"


@pytest.mark.parametrize("body", [
    s3_event("uploads/u1/photo1.jpg"),  # a photo, if the filter lets it through
    s3_event("uploads/u1/listing.json", event="ObjectRemoved:Delete"),
    s3_event("uploads/u1/listing.json", bucket="someone-elses-bucket"),
    s3_event("batches/batch-1.json"),
    s3_event("uploads/u1/nested/listing.json"),
    json.dumps({"Service": "Amazon S3", "Event": "s3:TestEvent", "Time": "2026-12-07T03:00:00Z",
                "Bucket": "handmade-landing", "RequestId": "5582815E1AEA5ADF",
                "HostId": "8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE"}),
])
def test_other_events_keys_and_buckets_and_the_test_event_are_no_uploads(body):
    assert upload_events(body, "handmade-landing") == []


def test_the_landing_zones_key_prefix_is_stripped_and_required():
    (event,) = upload_events(s3_event("zone/uploads/u1/listing.json"), prefix="zone")
    assert event.ref.metadata_key == "uploads/u1/listing.json"
    assert upload_events(s3_event("uploads/u1/listing.json"), prefix="zone") == []


@pytest.mark.parametrize("body", [
    "not json", "[1, 2]", json.dumps({"Message": "an SNS envelope, not S3's body"}),
    json.dumps({"Records": [{"eventSource": "aws:s3", "eventName": "ObjectCreated:Put"}]}),
    s3_event("uploads/u1/listing.json", when="yesterday"),
])
def test_bodies_that_are_no_s3_notification_are_refused(body):
    with pytest.raises(MalformedNotification):
        upload_events(body)


@pytest.mark.parametrize(("first", "second", "before"), [
    ("0A", "0B", True), ("0B", "0A", False), ("FF", "0100", True),  # lengths differ: numbers
    ("0A", "0A", False), (None, "0A", False), ("0A", None, False),
])
def test_sequencers_compare_as_hex_numbers(first, second, before):
    assert sequenced_before(first, second) is before


# ---------------------------------------------------------------- planning

def _message(n: int, body: str) -> QueueMessage:
    return QueueMessage(f"id-{n}", f"handle-{n}", body)


def _plan(messages, cursor=None, absent=None, now=T0):
    absent = absent or {}
    return plan_queue_tick(messages, cursor or QueueCursor(), now, grace=GRACE,
                           missing=lambda refs: [absent.get(r.upload_id, []) for r in refs])


def test_a_tick_hands_new_uploads_to_a_run_and_marks_every_handled_message_for_deletion():
    plan = _plan([_message(1, s3_event("uploads/a/listing.json", "e1")),
                  _message(2, s3_event("uploads/b/photo.jpg")),
                  _message(3, "garbage")])
    assert [ref.upload_id for ref in plan.ready] == ["a"]
    assert plan.cursor.to_delete == ["handle-1", "handle-2"]
    assert plan.malformed == ["id-3"]  # left for the dead-letter queue
    assert plan.cursor.requested["uploads/a/listing.json"].etag == "e1"


def test_repeated_and_older_notifications_start_nothing_but_a_new_version_does():
    first = _plan([_message(1, s3_event("uploads/a/listing.json", "e1", sequencer="0A"))])
    again = _plan([_message(2, s3_event("uploads/a/listing.json", "e1", sequencer="0A")),
                   _message(3, s3_event("uploads/a/listing.json", "e0", sequencer="09"))],
                  first.cursor)
    assert again.ready == [] and again.duplicates == 2
    assert again.cursor.to_delete == ["handle-2", "handle-3"]
    newer = _plan([_message(4, s3_event("uploads/a/listing.json", "e2", sequencer="0B"))],
                  again.cursor)
    assert [ref.etag for ref in newer.ready] == ["e2"]


def test_two_events_for_one_key_in_a_tick_keep_the_newest():
    plan = _plan([_message(1, s3_event("uploads/a/listing.json", "e2", sequencer="0B")),
                  _message(2, s3_event("uploads/a/listing.json", "e1", sequencer="0A"))])
    assert [ref.etag for ref in plan.ready] == ["e2"] and plan.duplicates == 1


def test_an_upload_without_its_photos_waits_in_the_cursor_then_runs_after_its_grace():
    listing_at = "2026-12-07T03:00:00.000Z"
    body = s3_event("uploads/a/listing.json", "e1", when=listing_at)
    waiting = _plan([_message(1, body)], absent={"a": [1]})
    assert waiting.ready == [] and [r.upload_id for r in waiting.cursor.waiting] == ["a"]
    assert waiting.cursor.to_delete == ["handle-1"]  # the cursor holds the upload now
    # The same notification delivered again while it waits starts nothing new.
    redelivered = _plan([_message(2, body)], waiting.cursor, absent={"a": [1]})
    assert redelivered.duplicates == 1 and len(redelivered.cursor.waiting) == 1
    late = _plan([], redelivered.cursor, absent={"a": [1]}, now=T0 + GRACE)
    assert [(r.upload_id, r.missing_photos) for r in late.ready] == [("a", [1])]
    assert late.cursor.waiting == []


def test_requested_uploads_are_forgotten_after_the_dedup_window():
    cursor = QueueCursor(requested={
        "uploads/old/listing.json": RequestedUpload(etag="e", requested_at=T0 - DEDUP_WINDOW),
        "uploads/new/listing.json": RequestedUpload(etag="e", requested_at=T0 - timedelta(1e-3)),
    })
    assert list(_plan([], cursor).cursor.requested) == ["uploads/new/listing.json"]


# ---------------------------------------------------------------- the sensor on moto's S3 and SQS

LISTING = sample_listings()[0]
PHOTOS = {name: (SAMPLE_DIR / name).read_bytes() for name in LISTING["photos"]}


@pytest.fixture
def aws(moto_s3, monkeypatch, request):
    """A landing bucket whose listing.json notifications go to a fresh queue with a dead-letter
    queue, configured from deploy/upload-queue/'s files, and the resources the sensor runs with."""
    for name, value in {"AWS_ACCESS_KEY_ID": moto_s3.access_key,
                        "AWS_SECRET_ACCESS_KEY": moto_s3.secret_key,
                        "AWS_DEFAULT_REGION": moto_s3.region}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    name = request.node.name.split("[")[0].replace("_", "-")[-40:].strip("-")
    s3 = moto_s3.client()
    sqs = boto3.client("sqs", endpoint_url=moto_s3.url, region_name=moto_s3.region)
    landing, artifacts = f"{name}-landing", f"{name}-artifacts"
    account = boto3.client("sts", endpoint_url=moto_s3.url).get_caller_identity()["Account"]

    def deploy_file(file: str) -> dict:  # deploy/'s placeholders filled for this test's names
        text = (DEPLOY / file).read_text().replace("handmade-uploads-dlq", f"{name}-dlq")
        text = text.replace(":handmade-uploads", f":{name}").replace("LANDING_BUCKET", landing)
        return json.loads(text.replace("REGION", moto_s3.region).replace("ACCOUNT", account))

    sqs.create_queue(QueueName=f"{name}-dlq")
    queue_url = sqs.create_queue(QueueName=name,
                                 Attributes=deploy_file("queue-attributes.json"))["QueueUrl"]
    for bucket in (landing, artifacts):
        s3.create_bucket(Bucket=bucket)
    s3.put_bucket_notification_configuration(
        Bucket=landing, NotificationConfiguration=deploy_file("bucket-notification.json"))
    queue = SqsQueue(queue_url=queue_url, region_name=moto_s3.region, endpoint_url=moto_s3.url,
                     wait_seconds=0)
    resources = {"landing_zone": S3ObjectStore(s3=moto_s3.resource(), bucket=landing),
                 "artifact_store": S3ObjectStore(s3=moto_s3.resource(), bucket=artifacts),
                 "upload_queue": queue}
    with dg.instance_for_test() as instance:
        yield {"s3": s3, "sqs": sqs, "queue_url": queue_url, "landing": landing,
               "resources": resources, "instance": instance}


def _upload(aws, upload_id: str, photos: bool = True) -> None:
    if photos:  # photos first, as a seller's client uploads them
        _photos(aws, upload_id)
    aws["s3"].put_object(Bucket=aws["landing"], Key=f"uploads/{upload_id}/listing.json",
                         Body=json.dumps({**LISTING, "listing_id": upload_id}).encode())


def _photos(aws, upload_id: str) -> None:
    for name, data in PHOTOS.items():
        aws["s3"].put_object(Bucket=aws["landing"], Key=f"uploads/{upload_id}/{name}", Body=data)


def _tick(aws, cursor, sensor=None):
    sensor = sensor or build_upload_queue_sensor(process_uploads_job, grace=GRACE)
    with dg.build_sensor_context(instance=aws["instance"], resources=aws["resources"],
                                 cursor=cursor) as context:
        return sensor(context)


def _on_queue(aws) -> tuple[int, int]:
    """(visible, in flight) messages on the queue."""
    attributes = aws["sqs"].get_queue_attributes(QueueUrl=aws["queue_url"], AttributeNames=[
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])["Attributes"]
    return (int(attributes["ApproximateNumberOfMessages"]),
            int(attributes["ApproximateNumberOfMessagesNotVisible"]))


def test_notified_uploads_run_as_the_listing_sensors_batch_and_leave_the_queue_after(aws):
    _upload(aws, "u1")
    _upload(aws, "u2")
    # S3's test event from configuring the notification, and listing.json twice, not the photos.
    assert _on_queue(aws) == (3, 0)
    first = _tick(aws, None)
    (request,) = first.run_requests
    batch = read_manifest(aws["resources"]["artifact_store"], request.partition_key)
    assert sorted(ref.upload_id for ref in batch.uploads) == ["u1", "u2"]
    assert request.run_key == request.partition_key == batch.batch_id
    assert [r.partition_keys for r in first.dynamic_partitions_requests] == [[batch.batch_id]]
    # The same uploads seen by listing the prefix make the same batch, partition and run key.
    listed = _tick(aws, None, build_landing_zone_sensor(process_uploads_job, grace=GRACE))
    assert [r.run_key for r in listed.run_requests] == [request.run_key]
    # Not deleted while the tick's run request might still be lost with the tick ...
    assert _on_queue(aws) == (0, 3)
    # ... deleted by the next tick, which only runs once Dagster stored this one's cursor.
    second = _tick(aws, first.cursor)
    assert isinstance(second, dg.SensorResult) and not second.run_requests
    assert _on_queue(aws) == (0, 0)
    assert QueueCursor.parse(second.cursor).to_delete == []
    third = _tick(aws, second.cursor)
    assert isinstance(third, dg.SkipReason)


def test_a_tick_that_dies_loses_no_upload_and_its_retry_makes_the_same_run_key(aws):
    _upload(aws, "u1")
    _upload(aws, "u2")
    died = _tick(aws, None)  # its result is never stored: the tick died after evaluating
    handles = QueueCursor.parse(died.cursor).to_delete
    assert _on_queue(aws) == (0, 3) and len(handles) == 3
    # Their visibility timeout runs out (made to happen now instead of waiting for it).
    for handle in handles:
        aws["sqs"].change_message_visibility(QueueUrl=aws["queue_url"], ReceiptHandle=handle,
                                             VisibilityTimeout=0)
    retried = _tick(aws, None)
    assert [r.run_key for r in retried.run_requests] == [r.run_key for r in died.run_requests]


def test_a_repeated_notification_starts_no_second_run(aws):
    _upload(aws, "u1")
    first = _tick(aws, None)
    assert len(first.run_requests) == 1
    # SQS and S3 deliver at least once: the same notification arrives again.
    body = s3_event("uploads/u1/listing.json", bucket=aws["landing"],
                    etag=read_manifest(aws["resources"]["artifact_store"],
                                       first.run_requests[0].partition_key).uploads[0].etag)
    aws["sqs"].send_message(QueueUrl=aws["queue_url"], MessageBody=body)
    second = _tick(aws, first.cursor)
    assert not second.run_requests
    third = _tick(aws, second.cursor)  # deletes the duplicate too
    assert isinstance(third, dg.SensorResult) and not third.run_requests
    assert _on_queue(aws) == (0, 0)


def test_an_upload_waits_for_its_photos_and_runs_when_they_arrive(aws):
    _upload(aws, "late", photos=False)
    waiting = _tick(aws, None)
    assert not waiting.run_requests
    assert [r.upload_id for r in QueueCursor.parse(waiting.cursor).waiting] == ["late"]
    _photos(aws, "late")  # no notification for photos: the cursor remembered the upload
    ready = _tick(aws, waiting.cursor)
    (request,) = ready.run_requests
    (ref,) = read_manifest(aws["resources"]["artifact_store"], request.partition_key).uploads
    assert (ref.upload_id, ref.missing_photos) == ("late", [])
    assert request.run_key == make_batch([ref]).batch_id
    _tick(aws, ready.cursor)
    assert _on_queue(aws) == (0, 0)


def test_a_message_that_is_no_notification_stays_for_the_dead_letter_queue(aws):
    aws["sqs"].send_message(QueueUrl=aws["queue_url"], MessageBody="{not json")
    _upload(aws, "u1")
    first = _tick(aws, None)
    assert len(first.run_requests) == 1
    _tick(aws, first.cursor)
    assert _on_queue(aws) == (0, 1)  # the bad one, in flight until its visibility timeout


# ---------------------------------------------------------------- wiring

def test_the_trigger_setting_picks_the_sensor(tmp_path, monkeypatch):
    from handmade_assets.resources import build_resources

    listing = build_definitions(resources=local_resources(tmp_path))
    assert [s.name for s in listing.get_repository_def().sensor_defs] == ["landing_zone_sensor"]
    monkeypatch.setenv("HANDMADE_UPLOAD_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/1/q")
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    resources = build_resources("local", root=tmp_path,
                                environ={"HANDMADE_UPLOAD_TRIGGER": "sqs"})
    queue = resources["upload_queue"].process_config_and_initialize()
    assert (queue.queue_url, queue.region_name) == ("https://sqs.eu-west-1.amazonaws.com/1/q",
                                                    "eu-west-1")
    defs = build_definitions(resources=resources)
    assert [s.name for s in defs.get_repository_def().sensor_defs] == ["upload_queue_sensor"]
    dg.Definitions.validate_loadable(defs)

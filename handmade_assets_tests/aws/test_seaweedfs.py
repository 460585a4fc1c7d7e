"""S3 against SeaweedFS, a real S3 server that checks request signatures, on 127.0.0.1: the
object store, and the whole graph with the landing zone, artifacts and report in its buckets."""

import json
from datetime import date, timedelta

import dagster as dg
import pytest
from botocore.exceptions import ClientError

from handmade_assets.catalog.sensors import build_landing_zone_sensor
from handmade_assets.definitions import build_definitions, process_uploads_job
from handmade_assets_demo.demo import report_week
from handmade_assets.reporting.assets import report_key
from handmade_assets.resources import local_resources
from handmade_assets_demo.seeding import seed_landing_zone
from handmade_assets.services.s3_store import S3ObjectStore
from handmade_assets.taxonomy import LOCALES

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def buckets(seaweedfs):
    client = seaweedfs.client()
    for bucket in ("sw-landing", "sw-artifacts", "sw-misc"):
        client.create_bucket(Bucket=bucket)
    return seaweedfs


def test_wrong_secret_and_unsigned_requests_are_refused(buckets):
    good = buckets.client()
    good.put_object(Bucket="sw-misc", Key="private.txt", Body=b"secret")
    with pytest.raises(ClientError) as refused:
        buckets.client(secret_key="not-the-secret").get_object(Bucket="sw-misc", Key="private.txt")
    assert refused.value.response["Error"]["Code"] == "SignatureDoesNotMatch"
    import requests

    anonymous = requests.get(f"{buckets.url}/sw-misc/private.txt", timeout=10)
    assert anonymous.status_code == 403 and b"secret" not in anonymous.content
    store = S3ObjectStore(s3=buckets.resource(), bucket="sw-misc")
    assert store.get_bytes("private.txt") == b"secret"


def test_object_store_round_trip_etag_and_inclusive_listing(buckets):
    store = S3ObjectStore(s3=buckets.resource(), bucket="sw-misc", prefix="zone")
    etag = store.put_bytes("uploads/a/listing.json", b"{}", "application/json")
    assert etag == "99914b932bd37a50b983c5e7c90ae93b"  # single-part ETag = MD5 of the body
    assert store.exists("uploads/a/listing.json") and not store.exists("uploads/zz/listing.json")
    listed = store.list_objects("uploads")
    assert [(o.key, o.etag) for o in listed] == [("uploads/a/listing.json", etag)]
    assert store.list_objects("uploads", since=listed[0].last_modified) == listed


def test_whole_graph_with_landing_zone_artifacts_and_report_on_seaweedfs(buckets, tmp_path):
    s3 = buckets.resource()
    from handmade_assets_demo.traffic_source import LocalTrafficSimulator

    resources = {
        **local_resources(tmp_path),
        # Smaller simulated traffic than the demo's: this test is about storage, not scoring.
        "engagement_source": LocalTrafficSimulator(impressions_per_day=150_000),
        "landing_zone": S3ObjectStore(s3=s3, bucket="sw-landing"),
        "artifact_store": S3ObjectStore(s3=s3, bucket="sw-artifacts"),
    }
    defs = build_definitions(resources=resources)
    summary = seed_landing_zone(resources["landing_zone"], n_historical=300, upload_limit=8)

    with dg.instance_for_test() as instance:
        def execute(job: str, partition_key: str | None = None) -> None:
            result = defs.resolve_job_def(job).execute_in_process(
                instance=instance, partition_key=partition_key)
            assert result.success, job

        execute("refresh_index")
        for offset in range(9, 0, -1):  # covers the report week and the latest day
            execute("daily_engagement", (TODAY - timedelta(days=offset)).isoformat())
        sensor = build_landing_zone_sensor(process_uploads_job)
        with dg.build_sensor_context(instance=instance, resources=resources) as context:
            tick = sensor(context)
        for request in tick.dynamic_partitions_requests:
            instance.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys))
        (run_request,) = tick.run_requests
        execute("process_uploads", run_request.partition_key)
        week = report_week(TODAY).isoformat()
        execute("weekly_report", week)

    client = buckets.client()
    landed = [o["Key"] for page in client.get_paginator("list_objects_v2").paginate(
        Bucket="sw-landing", Prefix="uploads/") for o in page.get("Contents", [])]
    assert sum(k.endswith("/listing.json") for k in landed) >= summary.uploads
    published = [o["Key"] for page in client.get_paginator("list_objects_v2").paginate(
        Bucket="sw-artifacts", Prefix="published/") for o in page.get("Contents", [])]
    assert len(published) == summary.uploads * len(LOCALES)
    one = json.loads(client.get_object(Bucket="sw-artifacts", Key=published[0])["Body"].read())
    assert one
    report = client.get_object(Bucket="sw-artifacts", Key=report_key(week))["Body"].read()
    assert b"<html" in report.lower()
    assert client.head_object(Bucket="sw-artifacts",
                              Key=f"batches/{run_request.partition_key}.json")

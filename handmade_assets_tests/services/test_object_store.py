import os
from datetime import datetime, timezone

import boto3
import pytest
from dagster_aws.s3 import S3Resource
from moto.server import ThreadedMotoServer

from handmade_assets.services.object_store import LocalObjectStore, UnsafeKeyError
from handmade_assets.services.s3_store import S3ObjectStore


@pytest.mark.parametrize("key", ["../outside", "/etc/passwd", "a/../../b", "", "a//b", "a\\b"])
def test_local_store_refuses_keys_that_escape_its_root(tmp_path, key):
    store = LocalObjectStore(root=str(tmp_path / "root"))
    with pytest.raises(UnsafeKeyError):
        store.put_bytes(key, b"x")


def test_local_store_refuses_symlink_out_of_root(tmp_path):
    (tmp_path / "root" / "uploads").mkdir(parents=True)
    (tmp_path / "secret.txt").write_text("secret")
    os.symlink(tmp_path / "secret.txt", tmp_path / "root" / "uploads" / "link.jpg")
    store = LocalObjectStore(root=str(tmp_path / "root"))
    with pytest.raises(UnsafeKeyError):
        store.get_bytes("uploads/link.jpg")


def test_local_store_lists_since_inclusive_and_hides_partial_writes(tmp_path):
    store = LocalObjectStore(root=str(tmp_path))
    store.put_bytes("uploads/a/listing.json", b"{}")
    (tmp_path / "uploads" / "a" / "photo.jpg.partial").write_bytes(b"half")
    objects = store.list_objects("uploads")
    assert [o.key for o in objects] == ["uploads/a/listing.json"]
    assert objects[0].etag == "99914b932bd37a50b983c5e7c90ae93b"  # md5("{}"), as S3 would say
    assert store.list_objects("uploads", since=objects[0].last_modified) == objects
    later = datetime(2100, 1, 1, tzinfo=timezone.utc)
    assert store.list_objects("uploads", since=later) == []


@pytest.fixture
def s3_store():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(Bucket="landing")
    yield S3ObjectStore(s3=S3Resource(endpoint_url=endpoint, region_name="us-east-1"),
                        bucket="landing", prefix="zone")
    server.stop()


def test_s3_store_round_trip_and_listing_over_the_wire(s3_store):
    etag = s3_store.put_bytes("uploads/a/listing.json", b"{}", "application/json")
    s3_store.put_bytes("uploads/b/listing.json", b"[]")
    assert etag == "99914b932bd37a50b983c5e7c90ae93b"
    assert s3_store.get_bytes("uploads/a/listing.json") == b"{}"
    assert s3_store.exists("uploads/a/listing.json")
    assert not s3_store.exists("uploads/zzz/listing.json")
    listed = s3_store.list_objects("uploads")
    assert [o.key for o in listed] == ["uploads/a/listing.json", "uploads/b/listing.json"]
    # Objects stamped exactly at `since` come back (S3 has one-second resolution).
    assert {o.key for o in s3_store.list_objects("uploads", since=listed[-1].last_modified)} >= {
        "uploads/b/listing.json"}
    assert s3_store.uri("uploads/a/listing.json") == "s3://landing/zone/uploads/a/listing.json"

"""The S3 object store (production landing zone and artifacts), through dagster-aws.

Kept apart from object_store.py so that the embedded default never imports dagster-aws and
boto3: they cost ~0.6 s of every process start.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import dagster as dg
from dagster_aws.s3 import S3Resource
from dagster_aws.s3.sensor import get_objects

from handmade_assets.services.object_store import ObjectInfo, check_key

_CLIENTS: dict[str, object] = {}
_CLIENTS_LOCK = threading.Lock()


def _client_for(s3: S3Resource):
    """One boto3 client per S3Resource configuration: `S3Resource.get_client()` builds a new
    client (loading the service model, ~0.3 s) on every call, which dominated a run's time."""
    key = s3.model_dump_json()
    with _CLIENTS_LOCK:
        if key not in _CLIENTS:
            _CLIENTS[key] = s3.get_client()
        return _CLIENTS[key]


class S3ObjectStore(dg.ConfigurableResource):
    """An S3 bucket (and key prefix) reached through dagster-aws's S3Resource."""

    s3: S3Resource
    bucket: str
    prefix: str = ""

    def client(self):
        return _client_for(self.s3)

    def _full(self, key: str) -> str:
        check_key(key)
        return f"{self.prefix.rstrip('/')}/{key}" if self.prefix else key

    def _strip(self, full_key: str) -> str:
        return full_key[len(self.prefix.rstrip("/")) + 1 :] if self.prefix else full_key

    def list_objects(self, prefix: str, since: datetime | None = None) -> list[ObjectInfo]:
        full_prefix = self._full(prefix.rstrip("/")) + "/" if prefix else (self.prefix or "")
        # get_objects' bound is exclusive; step back a microsecond so objects stamped exactly at
        # `since` (S3 has one-second resolution) come back and the caller decides on them.
        objects = get_objects(
            bucket=self.bucket,
            prefix=full_prefix,
            since_last_modified=since - timedelta(microseconds=1) if since else None,
            client=self.client(),
        )
        found = [
            ObjectInfo(
                key=self._strip(obj["Key"]),
                etag=obj["ETag"].strip('"'),
                last_modified=obj["LastModified"],
                size=obj["Size"],
            )
            for obj in objects
        ]
        return sorted(found, key=lambda info: (info.last_modified, info.key))

    def get_bytes(self, key: str) -> bytes:
        response = self.client().get_object(Bucket=self.bucket, Key=self._full(key))
        return response["Body"].read()

    def put_bytes(self, key: str, data: bytes, content_type: str | None = None) -> str:
        extra = {"ContentType": content_type} if content_type else {}
        response = self.client().put_object(
            Bucket=self.bucket, Key=self._full(key), Body=data, **extra
        )
        return response["ETag"].strip('"')

    def exists(self, key: str) -> bool:
        client = self.client()
        try:
            client.head_object(Bucket=self.bucket, Key=self._full(key))
        except client.exceptions.ClientError as error:
            if error.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
                return False
            raise
        return True

    def uri(self, key: str) -> str:
        return f"s3://{self.bucket}/{self._full(key)}"

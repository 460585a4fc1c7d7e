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

from handmade_assets.services.object_store import ObjectInfo, ObjectStoreUnavailable, check_key

# Error codes that say the store or the credentials are wrong, not one object: retrying a run
# or fixing the configuration helps; rejecting the upload that happened to be read would not.
STORE_ERROR_HINTS = {
    "InvalidAccessKeyId": "the access key id is unknown to this endpoint: check the credentials "
                          "(AWS_ACCESS_KEY_ID or the IAM role)",
    "SignatureDoesNotMatch": "the secret access key does not match the access key id: check "
                             "AWS_SECRET_ACCESS_KEY",
    "ExpiredToken": "the session credentials have expired: renew them",
    "InvalidToken": "the session token is invalid: renew the credentials",
    "TokenRefreshRequired": "the session token needs a refresh: renew the credentials",
    "AuthorizationHeaderMalformed": "the region or credentials in the request are wrong: check "
                                    "AWS_REGION and the credentials",
    "RequestTimeTooSkewed": "this machine's clock is too far from the server's: sync the clock",
    "NoSuchBucket": "the bucket does not exist: check the bucket setting "
                    "(HANDMADE_LANDING_BUCKET / HANDMADE_ARTIFACT_BUCKET)",
    "AllAccessDisabled": "all access to this bucket is disabled",
    "SlowDown": "the server is throttling requests: the next tick or a retry will try again",
    "RequestTimeout": "the server timed out: the next tick or a retry will try again",
}
# Access to the bucket as a whole: a denied listing is the role's policy, not one upload.
BUCKET_ERROR_CODES = {"AccessDenied", "AccountProblem", "InvalidBucketName"}


def store_error(error: Exception, operation: str, bucket: str, key: str) -> Exception | None:
    """`ObjectStoreUnavailable` naming the cause a person can act on, or None when `error` is
    about the one object (missing, denied by its own policy, archived) and the caller decides."""
    from botocore.exceptions import BotoCoreError, ClientError

    where = f"S3 {operation} on bucket '{bucket}', key '{key}'"
    if isinstance(error, ClientError):
        details = error.response.get("Error", {})
        code = str(details.get("Code", ""))
        status = int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0)
        bucket_wide = operation == "ListObjectsV2" and code in BUCKET_ERROR_CODES
        if code not in STORE_ERROR_HINTS and not bucket_wide and status < 500 and status != 429:
            return None
        hint = STORE_ERROR_HINTS.get(code) or (
            "the credentials may not read this bucket: check the IAM policy" if bucket_wide
            else "the server failed: the next tick or a retry will try again")
        # The server's message never holds the secret (it does not know it); keep it short.
        message = str(details.get("Message", ""))[:200]
        return ObjectStoreUnavailable(f"{where} failed with {code or status}: {hint}. "
                                      f"Server said: {message}")
    if isinstance(error, BotoCoreError):
        # NoCredentialsError, EndpointConnectionError, timeouts: messages name no secret.
        return ObjectStoreUnavailable(f"{where} failed: {type(error).__name__}: {error}")
    return None


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
        try:
            objects = get_objects(
                bucket=self.bucket,
                prefix=full_prefix,
                since_last_modified=since - timedelta(microseconds=1) if since else None,
                client=self.client(),
            )
        except Exception as error:
            raise (store_error(error, "ListObjectsV2", self.bucket, full_prefix) or error) from None
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
        full_key = self._full(key)
        try:
            response = self.client().get_object(Bucket=self.bucket, Key=full_key)
            return response["Body"].read()
        except Exception as error:
            if _is_missing(error):
                raise FileNotFoundError(key) from None
            raise (store_error(error, "GetObject", self.bucket, full_key) or error) from None

    def put_bytes(self, key: str, data: bytes, content_type: str | None = None) -> str:
        extra = {"ContentType": content_type} if content_type else {}
        try:
            response = self.client().put_object(
                Bucket=self.bucket, Key=self._full(key), Body=data, **extra
            )
        except Exception as error:
            raise (store_error(error, "PutObject", self.bucket, self._full(key)) or error) from None
        return response["ETag"].strip('"')

    def exists(self, key: str) -> bool:
        client = self.client()
        try:
            client.head_object(Bucket=self.bucket, Key=self._full(key))
        except Exception as error:
            if _is_missing(error):
                return False
            raise (store_error(error, "HeadObject", self.bucket, self._full(key)) or error) from None
        return True

    def uri(self, key: str) -> str:
        return f"s3://{self.bucket}/{self._full(key)}"


def _is_missing(error: Exception) -> bool:
    response = getattr(error, "response", None)
    return isinstance(response, dict) and response.get("Error", {}).get("Code") in {
        "404", "NoSuchKey", "NotFound"}

"""An Amazon SQS queue: receive a batch of messages, delete the ones handled.

Used for the landing bucket's S3 event notifications (catalog/notifications.py). Credentials and
region come from the environment or the IAM role; boto3 also reads `AWS_ENDPOINT_URL_SQS`, so an
SQS-compatible server (moto, ElasticMQ, a VPC endpoint) needs no setting of ours.
"""

from __future__ import annotations

from dataclasses import dataclass

import dagster as dg
from pydantic import Field

# SQS's own limits: ReceiveMessage returns at most 10 messages, DeleteMessageBatch takes 10.
SQS_BATCH = 10


@dataclass(frozen=True)
class QueueMessage:
    message_id: str
    receipt_handle: str
    body: str


class QueueUnavailable(RuntimeError):
    """The queue itself failed (credentials, permissions, a missing queue, throttling, network):
    the message names the queue and the operation, never a message's body."""


class SqsQueue(dg.ConfigurableResource):
    """One SQS queue, read in batches."""

    queue_url: str = Field(description="The queue's URL, e.g. https://sqs.eu-west-1.amazonaws.com/"
                           "123456789012/handmade-uploads.")
    region_name: str | None = None
    endpoint_url: str | None = Field(default=None, description="Only for SQS-compatible servers.")
    visibility_timeout_seconds: int = Field(
        default=300, description="How long a received message stays hidden from other receives. "
        "It only needs to outlast a tick: a message that comes back is recognised.")
    wait_seconds: int = Field(
        default=1, description="Long polling: asks every SQS server, so a queue holding messages "
        "never answers empty; returns at once when messages are there.")

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client("sqs", region_name=self.region_name, endpoint_url=self.endpoint_url,
                            config=Config(retries={"mode": "standard", "max_attempts": 5}))

    def _call(self, operation: str, **kwargs) -> dict:
        try:
            return getattr(self.client(), operation)(QueueUrl=self.queue_url, **kwargs)
        except Exception as error:
            response = getattr(error, "response", None) or {}
            code = response.get("Error", {}).get("Code") or type(error).__name__
            raise QueueUnavailable(f"SQS {operation} on {self.queue_url} failed: {code}") from error

    def receive(self, limit: int) -> list[QueueMessage]:
        """Up to `limit` messages, fewer when the queue runs dry."""
        messages: list[QueueMessage] = []
        while len(messages) < limit:
            response = self._call("receive_message",
                                  MaxNumberOfMessages=min(SQS_BATCH, limit - len(messages)),
                                  VisibilityTimeout=self.visibility_timeout_seconds,
                                  WaitTimeSeconds=self.wait_seconds)
            batch = response.get("Messages", [])
            if not batch:
                break
            messages += [QueueMessage(m["MessageId"], m["ReceiptHandle"], m["Body"])
                         for m in batch]
        return messages

    def delete(self, receipt_handles: list[str]) -> int:
        """Delete these messages; returns how many SQS refused (an expired receipt handle: the
        message comes back and its receiver recognises it)."""
        refused = 0
        for start in range(0, len(receipt_handles), SQS_BATCH):
            chunk = receipt_handles[start:start + SQS_BATCH]
            response = self._call("delete_message_batch", Entries=[
                {"Id": str(i), "ReceiptHandle": handle} for i, handle in enumerate(chunk)])
            refused += len(response.get("Failed", []))
        return refused

"""Bedrock batch inference for backfills: the same drafts at half the on-demand price.

A backfill of thousands of drafts writes one JSONL of `{recordId, modelInput}` records to S3
(`modelInput` is the model's InvokeModel body, i.e. the Anthropic Messages format for Claude,
translated here from the Converse request the on-demand path sends), starts
`CreateModelInvocationJob`, polls `GetModelInvocationJob`, then reads the output JSONL, joins it
on recordId and validates every tool answer with `DraftContent` again. Record ids are short and
opaque (Bedrock's documented form is 11 alphanumerics); a key map beside the input file ties them
back to the caller's keys, so results can be read by a later process.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import dagster as dg
from dagster_aws.s3 import S3Resource
from pydantic import Field, ValidationError

from handmade_assets.drafts import DraftContent
from handmade_assets.services.generator import GenerationResult
from handmade_assets.services.prompts import DRAFT_TOOL_NAME

ANTHROPIC_VERSION = "bedrock-2023-05-31"
# Bedrock's quotas per job (per model and region; check yours): fewer records are refused.
MIN_RECORDS = 100
MAX_RECORDS = 50_000
BATCH_PRICE_FACTOR = 0.5
DONE = {"Completed", "PartiallyCompleted"}
FAILED = {"Failed", "Stopped", "Expired"}


class BatchJobFailed(RuntimeError):
    pass


def record_id(index: int) -> str:
    return f"R{index:010d}"


def anthropic_body(request: Mapping) -> dict:
    """Converse keyword arguments as the Anthropic Messages body InvokeModel (and batch) takes."""
    def block(item: dict) -> dict | None:
        if "text" in item:
            return {"type": "text", "text": item["text"]}
        if "image" in item:
            image = item["image"]
            return {"type": "image", "source": {
                "type": "base64", "media_type": f"image/{image['format']}",
                "data": base64.b64encode(image["source"]["bytes"]).decode()}}
        return None  # cachePoint: the batch path is already billed at half price

    system = "\n".join(item["text"] for item in request.get("system", []) if "text" in item)
    messages = [
        {"role": m["role"], "content": [b for b in map(block, m["content"]) if b is not None]}
        for m in request["messages"]
    ]
    inference = request.get("inferenceConfig", {})
    body: dict = {
        "anthropic_version": ANTHROPIC_VERSION,
        "max_tokens": inference.get("maxTokens", 2000),
        "system": system,
        "messages": messages,
    }
    if "temperature" in inference:
        body["temperature"] = inference["temperature"]
    tool_config = request.get("toolConfig")
    if tool_config:
        body["tools"] = [
            {"name": t["toolSpec"]["name"], "description": t["toolSpec"].get("description", ""),
             "input_schema": t["toolSpec"]["inputSchema"]["json"]}
            for t in tool_config["tools"]
        ]
        forced = tool_config.get("toolChoice", {}).get("tool")
        if forced:
            body["tool_choice"] = {"type": "tool", "name": forced["name"]}
    return body


@dataclass(frozen=True)
class BatchJob:
    job_arn: str
    input_key: str
    keys_key: str
    output_prefix: str

    @property
    def job_id(self) -> str:
        return self.job_arn.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class BatchOutcome:
    key: str
    record_id: str
    result: GenerationResult | None = None
    error: str | None = None
    raw_output: str = ""


class BedrockBatchInference(dg.ConfigurableResource):
    """Batch inference jobs on Bedrock, with inputs and outputs under `s3://bucket/prefix/`."""

    s3: S3Resource
    bucket: str
    prefix: str = "bedrock-batch"
    role_arn: str = Field(description="Service role Bedrock assumes to read and write the bucket.")
    bedrock_model_id: str = Field(
        default="us.anthropic.claude-sonnet-4-5-20250929-v1:0",
        description="Model id or cross-region inference profile id.",
    )
    region_name: str | None = None
    endpoint_url: str | None = None
    timeout_hours: int = 24
    poll_seconds: float = 60.0
    min_records: int = MIN_RECORDS
    usd_per_million_input_tokens: float = 3.0
    usd_per_million_output_tokens: float = 15.0

    def bedrock_client(self):
        import boto3
        from botocore.config import Config

        return boto3.client("bedrock", region_name=self.region_name, endpoint_url=self.endpoint_url,
                            config=Config(retries={"mode": "standard", "max_attempts": 8}))

    def _uri(self, key: str) -> str:
        return f"s3://{self.bucket}/{key}"

    def submit(self, job_name: str, requests: Mapping[str, Mapping], *, bedrock=None) -> BatchJob:
        """Write the records and start the job; `requests` maps caller keys to Converse kwargs."""
        if not self.min_records <= len(requests) <= MAX_RECORDS:
            raise ValueError(f"a batch job takes {self.min_records}..{MAX_RECORDS} records, "
                             f"got {len(requests)}; run fewer on demand")
        bedrock = bedrock or self.bedrock_client()
        s3 = self.s3.get_client()
        ids = {record_id(i): key for i, key in enumerate(requests)}
        lines = [json.dumps({"recordId": rid, "modelInput": anthropic_body(requests[key])},
                            ensure_ascii=False) for rid, key in ids.items()]
        base = f"{self.prefix.strip('/')}/{job_name}"
        input_key, keys_key = f"{base}/input/records.jsonl", f"{base}/keys.json"
        s3.put_object(Bucket=self.bucket, Key=input_key, Body="\n".join(lines).encode())
        s3.put_object(Bucket=self.bucket, Key=keys_key, Body=json.dumps(ids).encode())
        response = bedrock.create_model_invocation_job(
            jobName=job_name,
            roleArn=self.role_arn,
            modelId=self.bedrock_model_id,
            inputDataConfig={"s3InputDataConfig": {"s3Uri": self._uri(input_key),
                                                   "s3InputFormat": "JSONL"}},
            outputDataConfig={"s3OutputDataConfig": {"s3Uri": self._uri(f"{base}/output/")}},
            timeoutDurationInHours=self.timeout_hours,
        )
        return BatchJob(response["jobArn"], input_key, keys_key, f"{base}/output/")

    def wait(self, job: BatchJob, *, bedrock=None, timeout_seconds: float = 48 * 3600,
             sleep: Callable[[float], None] = time.sleep) -> dict:
        """Poll until the job ends; a failed, stopped or expired job raises."""
        bedrock = bedrock or self.bedrock_client()
        deadline = time.monotonic() + timeout_seconds
        while True:
            status = bedrock.get_model_invocation_job(jobIdentifier=job.job_arn)
            if status["status"] in DONE:
                return status
            if status["status"] in FAILED:
                raise BatchJobFailed(f"{job.job_arn}: {status['status']}: {status.get('message', '')}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"{job.job_arn} still {status['status']}")
            sleep(self.poll_seconds)

    def results(self, job: BatchJob) -> dict[str, BatchOutcome]:
        """Every submitted key with its validated draft or the reason it has none."""
        s3 = self.s3.get_client()
        ids: dict[str, str] = json.loads(
            s3.get_object(Bucket=self.bucket, Key=job.keys_key)["Body"].read())
        out_prefix = f"{job.output_prefix}{job.job_id}/"
        outcomes: dict[str, BatchOutcome] = {}
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=self.bucket,
                                                                   Prefix=out_prefix):
            for obj in page.get("Contents", []):
                if not obj["Key"].endswith(".jsonl.out"):
                    continue  # manifest.json.out holds counts, not records
                body = s3.get_object(Bucket=self.bucket, Key=obj["Key"])["Body"].read().decode()
                for line in filter(None, (raw.strip() for raw in body.splitlines())):
                    record = json.loads(line)
                    rid = record.get("recordId", "")
                    if rid in ids:
                        outcomes[ids[rid]] = self._outcome(ids[rid], rid, record)
        for rid, key in ids.items():
            outcomes.setdefault(key, BatchOutcome(key, rid, error="no output record"))
        return {key: outcomes[key] for key in ids.values()}

    def _outcome(self, key: str, rid: str, record: dict) -> BatchOutcome:
        if record.get("error"):
            error = record["error"]
            message = (f"{error.get('errorCode')}: {error.get('errorMessage')}"
                       if isinstance(error, dict) else str(error))
            return BatchOutcome(key, rid, error=message)
        output = record.get("modelOutput", {})
        usage = output.get("usage", {})
        tool_input = next((block.get("input") for block in output.get("content", [])
                           if block.get("type") == "tool_use" and block.get("name") == DRAFT_TOOL_NAME),
                          None)
        raw = json.dumps(tool_input if tool_input is not None else output, ensure_ascii=False)
        if tool_input is None:
            return BatchOutcome(key, rid, error=f"no {DRAFT_TOOL_NAME} call "
                                f"(stop_reason={output.get('stop_reason')})", raw_output=raw)
        try:
            content = DraftContent.model_validate(tool_input)
        except ValidationError as error:
            return BatchOutcome(key, rid, error=f"draft schema: {error.errors(include_url=False)}",
                                raw_output=raw)
        n_in, n_out = int(usage.get("input_tokens", 0)), int(usage.get("output_tokens", 0))
        cost = BATCH_PRICE_FACTOR * (n_in * self.usd_per_million_input_tokens
                                     + n_out * self.usd_per_million_output_tokens) / 1_000_000
        return BatchOutcome(key, rid, result=GenerationResult(content, n_in, n_out, cost))

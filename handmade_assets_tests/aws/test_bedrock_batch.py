"""Bedrock batch inference: records written to S3 (moto's server over HTTP), the job created
and polled through botocore's Stubber on the real `bedrock` client (every request validated
against the service model), output joined on recordId and validated."""

import json
from datetime import datetime, timezone

import boto3
import pytest
from botocore.stub import ANY, Stubber

from handmade_assets.drafts import ImageInput
from handmade_assets.services.prompts import converse_request, SHARED_RULES
from handmade_assets.generation.schema import ListingFacts
from handmade_assets.services.bedrock_batch import (
    BatchJobFailed,
    BedrockBatchInference,
    anthropic_body,
    record_id,
)
from handmade_assets_tests.services.test_bedrock_generator import DRAFT

MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
ROLE = "arn:aws:iam::123456789012:role/bedrock-batch"
JOB_ARN = "arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/abc123xyz"


def _request(listing_id: str, images=()):
    facts = ListingFacts(listing_id=listing_id, category="ceramics", title="Saggar vase",
                         seller_text="Stoneware vase.", materials=("stoneware",))
    return converse_request(model_id=MODEL, persona_key="visual_poet", locale="en", facts=facts,
                            context=[], images=images)


@pytest.fixture
def bedrock():
    return boto3.client("bedrock", region_name="us-east-1", aws_access_key_id="x",
                        aws_secret_access_key="x")


@pytest.fixture
def batch(moto_s3):
    bucket = "batch-bucket"
    try:
        moto_s3.client().create_bucket(Bucket=bucket)
    except moto_s3.client().exceptions.BucketAlreadyOwnedByYou:
        pass
    return BedrockBatchInference(s3=moto_s3.resource(), bucket=bucket, role_arn=ROLE,
                                 bedrock_model_id=MODEL, poll_seconds=30)


def _status(status: str, **extra) -> dict:
    return {"jobArn": JOB_ARN, "modelId": MODEL, "roleArn": ROLE, "status": status,
            "submitTime": datetime(2026, 11, 25, tzinfo=timezone.utc),
            "inputDataConfig": {"s3InputDataConfig": {"s3Uri": "s3://b/i.jsonl"}},
            "outputDataConfig": {"s3OutputDataConfig": {"s3Uri": "s3://b/o/"}}, **extra}


def _tool_output(tool_input, tokens=(1000, 250)):
    return {"id": "msg_1", "type": "message", "role": "assistant", "stop_reason": "tool_use",
            "content": [{"type": "tool_use", "id": "tu_1", "name": "submit_description",
                         "input": tool_input}],
            "usage": {"input_tokens": tokens[0], "output_tokens": tokens[1]}}


def test_converse_request_becomes_the_anthropic_body_batch_inference_takes():
    body = anthropic_body(_request("saba-01", [ImageInput("png", b"\x89PNG")]))
    assert body["anthropic_version"] == "bedrock-2023-05-31"
    assert body["tool_choice"] == {"type": "tool", "name": "submit_description"}
    assert body["tools"][0]["input_schema"]["properties"]["meta_description"]
    image, text, persona = body["messages"][0]["content"]
    assert image == {"type": "image", "source": {"type": "base64", "media_type": "image/png",
                                                 "data": "iVBORw=="}}
    assert text["type"] == "text" and "<listing_facts>" in text["text"]
    assert body["system"] == SHARED_RULES and persona["text"].startswith("Write as the Visual Poet")
    # the cachePoint block is dropped: batch inference is already billed at half price
    json.dumps(body)  # JSONL-serialisable: no bytes left


def test_backfill_job_round_trip_joins_on_record_id_and_validates(batch, bedrock, moto_s3):
    keys = [f"saba-{i:03d}/en/visual_poet" for i in range(120)]
    requests = {key: _request(key.split("/")[0]) for key in keys}
    sleeps = []
    with Stubber(bedrock) as stub:
        stub.add_response("create_model_invocation_job", {"jobArn": JOB_ARN}, {
            "jobName": "backfill-2026-11-25", "roleArn": ROLE, "modelId": MODEL,
            "inputDataConfig": {"s3InputDataConfig": {
                "s3Uri": "s3://batch-bucket/bedrock-batch/backfill-2026-11-25/input/records.jsonl",
                "s3InputFormat": "JSONL"}},
            "outputDataConfig": {"s3OutputDataConfig": {
                "s3Uri": "s3://batch-bucket/bedrock-batch/backfill-2026-11-25/output/"}},
            "timeoutDurationInHours": 24})
        stub.add_response("get_model_invocation_job", _status("InProgress"), {"jobIdentifier": JOB_ARN})
        stub.add_response("get_model_invocation_job", _status("Completed", totalRecordCount=120),
                          {"jobIdentifier": ANY})
        job = batch.submit("backfill-2026-11-25", requests, bedrock=bedrock)
        final = batch.wait(job, bedrock=bedrock, sleep=sleeps.append)
        stub.assert_no_pending_responses()
    assert final["status"] == "Completed" and sleeps == [30]

    s3 = moto_s3.client()
    lines = s3.get_object(Bucket="batch-bucket", Key=job.input_key)["Body"].read().decode().splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 120 and set(records[0]) == {"recordId", "modelInput"}
    assert records[0]["recordId"] == record_id(0) and len(record_id(0)) == 11
    assert records[0]["modelInput"]["tool_choice"]["name"] == "submit_description"

    # What Bedrock writes: <output uri><job id>/<input file>.out, in any order, with failures.
    output = []
    for record in reversed(records[:118]):  # two records get no output line at all
        rid = record["recordId"]
        if rid == record_id(5):
            output.append({"recordId": rid, "modelInput": record["modelInput"],
                           "error": {"errorCode": 400, "errorMessage": "Malformed input"}})
        elif rid == record_id(6):
            output.append({"recordId": rid, "modelInput": record["modelInput"],
                           "modelOutput": _tool_output({**DRAFT, "meta_title": "x" * 200})})
        else:
            output.append({"recordId": rid, "modelInput": record["modelInput"],
                           "modelOutput": _tool_output(DRAFT)})
    prefix = f"bedrock-batch/backfill-2026-11-25/output/{job.job_id}/"
    s3.put_object(Bucket="batch-bucket", Key=prefix + "records.jsonl.out",
                  Body="\n".join(json.dumps(o) for o in output).encode())
    s3.put_object(Bucket="batch-bucket", Key=prefix + "manifest.json.out",
                  Body=json.dumps({"totalRecordCount": 120}).encode())

    outcomes = batch.results(job)
    assert list(outcomes) == keys  # every submitted key, in submission order
    ok = [o for o in outcomes.values() if o.result is not None]
    assert len(ok) == 116
    assert outcomes[keys[0]].result.content.title == DRAFT["title"]
    assert outcomes[keys[0]].result.cost_usd == pytest.approx(0.5 * (1000 * 3 + 250 * 15) / 1e6)
    assert "Malformed input" in outcomes[keys[5]].error
    assert "meta_title" in outcomes[keys[6]].error
    assert json.loads(outcomes[keys[6]].raw_output)["meta_title"] == "x" * 200
    assert outcomes[keys[119]].error == "no output record"


def test_failed_job_raises_with_its_message(batch, bedrock):
    from handmade_assets.services.bedrock_batch import BatchJob

    job = BatchJob(JOB_ARN, "i", "k", "o/")
    with Stubber(bedrock) as stub:
        stub.add_response("get_model_invocation_job",
                          _status("Failed", message="role cannot read s3://batch-bucket"))
        with pytest.raises(BatchJobFailed, match="cannot read"):
            batch.wait(job, bedrock=bedrock, sleep=lambda s: None)


def test_too_few_records_for_a_batch_job_are_refused(batch, bedrock):
    with Stubber(bedrock), pytest.raises(ValueError, match="on demand"):
        batch.submit("tiny", {"a/en/visual_poet": _request("a")}, bedrock=bedrock)

"""The Bedrock path against botocore's Stubber, which validates every request against the
bedrock-runtime service model: a malformed Converse request fails here, not in production."""

import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3
import pytest
from botocore.stub import Stubber
from PIL import Image

from handmade_assets.drafts import ImageInput
from handmade_assets.services.embedder import TitanEmbedder, titan_request_body
from handmade_assets.services.generator import (
    BedrockClaudeGenerator,
    GenerationFailed,
    ImageRejected,
    prepare_image,
)
from handmade_assets_tests.services.draft_fixtures import DRAFT, FACTS



def _response(tool_input, input_tokens=1200, output_tokens=300):
    return {
        "output": {"message": {"role": "assistant", "content": [
            {"toolUse": {"toolUseId": "t1", "name": "submit_description", "input": tool_input}}]}},
        "stopReason": "tool_use",
        "usage": {"inputTokens": input_tokens, "outputTokens": output_tokens, "totalTokens": 1500},
        "metrics": {"latencyMs": 900},
    }


@pytest.fixture
def client():
    return boto3.client("bedrock-runtime", region_name="us-east-1",
                        aws_access_key_id="x", aws_secret_access_key="x")


def test_converse_request_is_valid_for_the_service_and_cost_is_recorded(client):
    generator = BedrockClaudeGenerator(bedrock_model_id="us.anthropic.claude-sonnet-4-5-20250929-v1:0")
    with Stubber(client) as stub:
        stub.add_response("converse", _response(DRAFT))
        result = generator.generate(FACTS, "visual_poet", "en", [], [ImageInput("jpeg", _image("JPEG", (64, 64)))],
                                    client=client)
        stub.assert_no_pending_responses()
    assert result.content.title == DRAFT["title"]
    assert (result.input_tokens, result.output_tokens) == (1200, 300)
    assert result.cost_usd == pytest.approx((1200 * 3 + 300 * 15) / 1e6)


def test_malformed_tool_output_is_recorded_with_the_raw_output(client):
    generator = BedrockClaudeGenerator(repair=False)
    bad = {**DRAFT, "meta_description": "x" * 400}
    with Stubber(client) as stub:
        stub.add_response("converse", _response(bad))
        with pytest.raises(GenerationFailed) as failure:
            generator.generate(FACTS, "visual_poet", "en", [], client=client)
    assert "meta_description" in str(failure.value)
    assert json.loads(failure.value.raw_output)["meta_description"] == "x" * 400


def test_answer_without_the_tool_is_a_failure(client):
    with Stubber(client) as stub:
        stub.add_response("converse", {
            "output": {"message": {"role": "assistant", "content": [{"text": "I cannot help."}]}},
            "stopReason": "end_turn", "usage": {"inputTokens": 1, "outputTokens": 1, "totalTokens": 2},
            "metrics": {"latencyMs": 1}})
        with pytest.raises(GenerationFailed, match="without calling"):
            BedrockClaudeGenerator().generate(FACTS, "visual_poet", "en", [], client=client)


def test_titan_request_body_has_exactly_the_documented_fields():
    body = json.loads(titan_request_body("a vase", 512))
    assert body == {"inputText": "a vase", "dimensions": 512, "normalize": True}
    with pytest.raises(ValueError):
        titan_request_body("a vase", 384)


def test_titan_embedder_over_stubbed_invoke_model(client):
    import io

    from botocore.response import StreamingBody

    embedder = TitanEmbedder(dimensions=256, max_concurrency=1)
    payload = json.dumps({"embedding": [0.0625] * 256, "inputTextTokenCount": 3}).encode()
    with Stubber(client) as stub:
        stub.add_response(
            "invoke_model",
            {"body": StreamingBody(io.BytesIO(payload), len(payload)), "contentType": "application/json"},
            {"modelId": "amazon.titan-embed-text-v2:0", "body": titan_request_body("a vase", 256),
             "contentType": "application/json", "accept": "application/json"},
        )
        vectors = embedder.embed(["a vase"], client=client)
    assert vectors.shape == (1, 256)


def _capture(client) -> list[dict]:
    """Every Converse request's parameters, as the caller built them."""
    seen: list[dict] = []
    client.meta.events.register("before-parameter-build.bedrock-runtime.Converse",
                                lambda params, **_: seen.append(params))
    return seen


def _image(fmt: str, size: tuple[int, int], noise: bool = False) -> bytes:
    import numpy as np

    if noise:
        pixels = np.random.default_rng(0).integers(0, 255, (size[1], size[0], 3), dtype=np.uint8)
        img = Image.fromarray(pixels)
    else:
        img = Image.new("RGB", size, (180, 90, 40))
    buffer = io.BytesIO()
    img.save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF", "WEBP"])
def test_large_images_are_downscaled_to_1568_px_in_their_own_format(fmt):
    prepared = prepare_image(ImageInput("png", _image(fmt, (3000, 2000))))
    assert prepared.format == fmt.lower()
    with Image.open(io.BytesIO(prepared.data)) as img:
        assert img.format == fmt and img.size == (1568, 1045)


def test_small_images_pass_untouched_with_the_format_read_from_the_bytes():
    data = _image("JPEG", (800, 600))
    prepared = prepare_image(ImageInput("png", data))  # declared wrong: the bytes decide
    assert prepared == ImageInput("jpeg", data)


def test_noisy_png_over_the_byte_limit_after_downscaling_becomes_jpeg():
    raw = _image("PNG", (2000, 2000), noise=True)
    assert len(raw) > 3_750_000
    prepared = prepare_image(ImageInput("png", raw))
    assert prepared.format == "jpeg" and len(prepared.data) <= 3_750_000


def test_unknown_image_format_fails_the_draft_not_the_request(client):
    bmp = _image("BMP", (10, 10))
    with pytest.raises(ImageRejected):
        prepare_image(ImageInput("png", bmp))
    with Stubber(client), pytest.raises(GenerationFailed, match="png/jpeg/gif/webp"):
        BedrockClaudeGenerator().generate(FACTS, "visual_poet", "en", [], [ImageInput("png", bmp)],
                                          client=client)


def test_images_travel_as_image_blocks_at_most_twenty_with_cached_system_and_forced_tool(client):
    seen = _capture(client)
    images = [ImageInput("jpeg", _image("JPEG", (2400, 1200)))] * 23
    with Stubber(client) as stub:
        stub.add_response("converse", _response(DRAFT))
        BedrockClaudeGenerator(bedrock_model_id="eu.anthropic.claude-sonnet-4-5-20250929-v1:0"
                               ).generate(FACTS, "visual_poet", "en", [], images, client=client)
    (request,) = seen
    assert request["modelId"].startswith("eu.anthropic.")
    blocks = request["messages"][0]["content"]
    image_blocks = [b["image"] for b in blocks if "image" in b]
    assert len(image_blocks) == 20
    assert {b["format"] for b in image_blocks} == {"jpeg"}
    with Image.open(io.BytesIO(image_blocks[0]["source"]["bytes"])) as img:
        assert img.size == (1568, 784)
    assert {"cachePoint": {"type": "default"}} in request["messages"][0]["content"]
    assert request["toolConfig"]["toolChoice"] == {"tool": {"name": "submit_description"}}


def test_invalid_tool_output_is_repaired_once_with_the_validation_errors(client):
    seen = _capture(client)
    bad = {**DRAFT, "meta_description": "x" * 400}
    with Stubber(client) as stub:
        stub.add_response("converse", _response(bad, 1000, 200))
        stub.add_response("converse", _response(DRAFT, 1300, 250))
        result = BedrockClaudeGenerator().generate(FACTS, "visual_poet", "en", [], client=client)
        stub.assert_no_pending_responses()
    assert result.content.meta_description == DRAFT["meta_description"]
    # Both calls are paid for.
    assert (result.input_tokens, result.output_tokens) == (2300, 450)
    assert result.cost_usd == pytest.approx((2300 * 3 + 450 * 15) / 1e6)
    repair = seen[1]["messages"]
    assert [m["role"] for m in repair] == ["user", "assistant", "user"]
    assert repair[1]["content"][0]["toolUse"]["input"] == bad
    (tool_result,) = repair[2]["content"]
    assert tool_result["toolResult"]["toolUseId"] == "t1"
    assert tool_result["toolResult"]["status"] == "error"
    assert "meta_description" in tool_result["toolResult"]["content"][0]["text"]


def test_output_still_invalid_after_the_repair_is_rejected_with_its_raw_output(client):
    bad = {**DRAFT, "meta_description": "x" * 400}
    worse = {**DRAFT, "bullet_features": []}
    with Stubber(client) as stub:
        stub.add_response("converse", _response(bad))
        stub.add_response("converse", _response(worse))
        with pytest.raises(GenerationFailed, match="after one repair") as failure:
            BedrockClaudeGenerator().generate(FACTS, "visual_poet", "en", [], client=client)
    assert json.loads(failure.value.raw_output)["bullet_features"] == []


def test_throttling_then_success_waits_and_retries_the_call(client):
    sleeps: list[float] = []
    generator = BedrockClaudeGenerator(app_retries=2, app_backoff_seconds=10)
    with Stubber(client) as stub:
        stub.add_client_error("converse", "ThrottlingException", "Too many requests", 429)
        stub.add_client_error("converse", "ModelNotReadyException", "Loading", 429)
        stub.add_response("converse", _response(DRAFT))
        result = generator.generate(FACTS, "visual_poet", "en", [], client=client, sleep=sleeps.append)
        stub.assert_no_pending_responses()
    assert result.content.title == DRAFT["title"]
    assert len(sleeps) == 2 and 5 <= sleeps[0] <= 10 and 10 <= sleeps[1] <= 20


def test_a_bad_request_is_not_retried(client):
    from botocore.exceptions import ClientError

    sleeps: list[float] = []
    with Stubber(client) as stub:
        stub.add_client_error("converse", "ValidationException", "bad model id", 400)
        with pytest.raises(ClientError):
            BedrockClaudeGenerator().generate(FACTS, "visual_poet", "en", [], client=client,
                                              sleep=sleeps.append)
    assert sleeps == []


def test_client_carries_the_retry_mode_and_a_long_read_timeout():
    config = BedrockClaudeGenerator(region_name="us-east-1", read_timeout_seconds=600,
                                    retry_mode="standard", max_attempts=6).client().meta.config
    assert config.retries == {"mode": "standard", "total_max_attempts": 7}
    assert config.read_timeout == 600 and config.connect_timeout == 10
    titan = TitanEmbedder(region_name="us-east-1")._client().meta.config
    assert titan.retries["mode"] == "adaptive"


class _ThrottleThenAnswer(BaseHTTPRequestHandler):
    """A Bedrock-runtime endpoint on 127.0.0.1: 429, then a 503, then a Converse answer."""

    calls: list[tuple[str, dict]] = []

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).calls.append((self.path, dict(self.headers)))
        n = len(type(self).calls)
        if n <= 2:
            status, error = (429, "ThrottlingException") if n == 1 else (503, "ServiceUnavailableException")
            payload = json.dumps({"message": "slow down"}).encode()
            self.send_response(status)
            self.send_header("x-amzn-ErrorType", f"{error}:http://internal.amazon.com/")
        else:
            assert json.loads(body)["toolConfig"]["toolChoice"]
            payload = json.dumps(_response(DRAFT)).encode()
            self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


def test_botocore_retries_429_and_503_over_http_with_the_configured_mode(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDTEST")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    _ThrottleThenAnswer.calls = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ThrottleThenAnswer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        generator = BedrockClaudeGenerator(
            region_name="us-west-2", endpoint_url=f"http://127.0.0.1:{server.server_port}",
            retry_mode="standard", max_attempts=4, app_retries=0, read_timeout_seconds=5,
            bedrock_model_id="us.anthropic.claude-sonnet-4-5-20250929-v1:0")
        result = generator.generate(FACTS, "visual_poet", "en", [])
    finally:
        server.shutdown()
        server.server_close()
    assert result.content.title == DRAFT["title"]
    paths = [path for path, _ in _ThrottleThenAnswer.calls]
    assert len(paths) == 3  # botocore itself retried twice: the generator did not
    assert paths[0] == "/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse"
    authorization = _ThrottleThenAnswer.calls[0][1]["Authorization"]
    assert "/us-west-2/bedrock/aws4_request" in authorization


def test_titan_embedder_sends_documented_bodies_for_every_text(client):
    from botocore.response import StreamingBody

    embedder = TitanEmbedder(dimensions=512, max_concurrency=1)
    texts = ["a vase", "a ring", "x" * 60_000]
    with Stubber(client) as stub:
        for i, text in enumerate(texts):
            payload = json.dumps({"embedding": [float(i)] * 512, "inputTextTokenCount": 3}).encode()
            stub.add_response(
                "invoke_model",
                {"body": StreamingBody(io.BytesIO(payload), len(payload)), "contentType": "application/json"},
                {"modelId": "amazon.titan-embed-text-v2:0", "body": titan_request_body(text, 512),
                 "contentType": "application/json", "accept": "application/json"})
        vectors = embedder.embed(texts, client=client)
        stub.assert_no_pending_responses()
    assert vectors.shape == (3, 512) and vectors[2, 0] == 2.0
    assert len(json.loads(titan_request_body(texts[2], 512))["inputText"]) == 50_000


def test_titan_embedder_refuses_a_response_of_the_wrong_dimension(client):
    from botocore.response import StreamingBody

    payload = json.dumps({"embedding": [0.1] * 1024}).encode()
    with Stubber(client) as stub:
        stub.add_response("invoke_model", {"body": StreamingBody(io.BytesIO(payload), len(payload)),
                                           "contentType": "application/json"})
        with pytest.raises(ValueError, match="1024 dimensions"):
            TitanEmbedder(dimensions=256).embed(["a vase"], client=client)


def test_one_client_serves_every_call_and_pools_enough_connections():
    generator = BedrockClaudeGenerator(region_name="us-east-1", max_concurrent_calls=32)
    client = generator.client()
    assert generator.client() is client  # not a new client (and connection) per draft
    assert client.meta.config.max_pool_connections >= 32
    other = BedrockClaudeGenerator(region_name="eu-west-1").client()
    assert other is not client and other.meta.region_name == "eu-west-1"


def test_a_listings_photo_is_downscaled_once_for_all_its_drafts(monkeypatch):
    import io

    from PIL import Image

    from handmade_assets.drafts import ImageInput
    from handmade_assets.services import generator as module

    buffer = io.BytesIO()
    Image.new("RGB", (3000, 2000), "navy").save(buffer, format="JPEG")
    photo = ImageInput("jpeg", buffer.getvalue())
    encodes = []
    original = module._encode
    monkeypatch.setattr(module, "_encode", lambda img, fmt: encodes.append(fmt) or original(img, fmt))
    module.prepare_image.cache_clear()
    first = module.prepare_images([photo] * 24)
    assert len(encodes) == 1 and max(Image.open(io.BytesIO(first[0].data)).size) == 1568

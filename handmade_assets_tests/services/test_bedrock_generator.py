"""The Bedrock path against botocore's Stubber, which validates every request against the
bedrock-runtime service model: a malformed Converse request fails here, not in production."""

import json

import boto3
import pytest
from botocore.stub import Stubber

from handmade_assets.generation.prompts import ImageInput
from handmade_assets.generation.schema import ListingFacts
from handmade_assets.services.embedder import TitanEmbedder, titan_request_body
from handmade_assets.services.generator import BedrockClaudeGenerator, GenerationFailed

FACTS = ListingFacts(listing_id="saba-01", category="ceramics", title="Saggar vase",
                     seller_text="Stoneware vase with copper marks.", materials=("stoneware",))
DRAFT = {
    "title": "Saggar-fired stoneware vase",
    "description": "A stoneware vase fired in a saggar, its surface marked by copper. " * 4,
    "bullet_features": ["Stoneware", "Saggar-fired", "Copper marks"],
    "materials": ["stoneware"],
    "care": "Dust with a dry cloth.",
    "seo_keywords": ["stoneware vase", "saggar vase", "copper marks"],
    "meta_title": "Saggar-fired stoneware vase",
    "meta_description": "A saggar-fired stoneware vase with copper marks, thrown by hand.",
}


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
        result = generator.generate(FACTS, "visual_poet", "en", [], [ImageInput("jpeg", b"\xff\xd8\xff")],
                                    client=client)
        stub.assert_no_pending_responses()
    assert result.content.title == DRAFT["title"]
    assert (result.input_tokens, result.output_tokens) == (1200, 300)
    assert result.cost_usd == pytest.approx((1200 * 3 + 300 * 15) / 1e6)


def test_malformed_tool_output_is_recorded_with_the_raw_output(client):
    generator = BedrockClaudeGenerator()
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

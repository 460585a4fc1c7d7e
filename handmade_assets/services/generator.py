"""Description generators: the local composer by default, Claude on Bedrock in production.

Both take the same inputs and return a validated `DraftContent` with token counts and cost.
A generator that cannot produce a valid draft raises `GenerationFailed` carrying the raw output,
so the caller records the failure instead of losing it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import dagster as dg
from pydantic import Field, ValidationError

from handmade_assets.generation.prompts import DRAFT_TOOL_NAME, ImageInput, converse_request
from handmade_assets.generation.schema import DraftContent, ListingFacts, RetrievedExample


@dataclass(frozen=True)
class GenerationResult:
    content: DraftContent
    input_tokens: int
    output_tokens: int
    cost_usd: float


class GenerationFailed(Exception):
    def __init__(self, message: str, raw_output: str = ""):
        super().__init__(message)
        self.raw_output = raw_output


class DescriptionGenerator(Protocol):
    @property
    def model_id(self) -> str: ...
    def generate(
        self,
        facts: ListingFacts,
        persona_key: str,
        locale: str,
        context: Sequence[RetrievedExample],
        images: Sequence[ImageInput] = (),
    ) -> GenerationResult: ...


def _word_count(text: str) -> int:
    return len(text.split())


class LocalComposerGenerator(dg.ConfigurableResource):
    """Deterministic composer that writes each persona's text only from the facts it is given.

    It calls no model, so it costs nothing; its token counts are whitespace-separated words of
    the prompt production would send and of the JSON it wrote, to keep per-draft volume figures
    comparable with Bedrock's.
    """

    @property
    def model_id(self) -> str:
        return "local/composer-v1"

    def generate(self, facts, persona_key, locale, context, images=()) -> GenerationResult:
        from handmade_assets.generation.composer import compose_draft
        from handmade_assets.generation.prompts import system_prompt, user_text

        content = compose_draft(facts, persona_key, locale, context)
        prompt = system_prompt(persona_key, locale) + user_text(facts, context)
        return GenerationResult(
            content=content,
            input_tokens=_word_count(prompt),
            output_tokens=_word_count(content.model_dump_json()),
            cost_usd=0.0,
        )


class BedrockClaudeGenerator(dg.ConfigurableResource):
    """Claude through the Bedrock Converse API with a forced tool for structured output."""

    bedrock_model_id: str = Field(
        default="us.anthropic.claude-sonnet-4-5-20250929-v1:0",
        description="A Bedrock model id or cross-region inference profile id.",
    )
    region_name: str | None = None
    max_tokens: int = 2000
    temperature: float = 0.4
    read_timeout_seconds: int = 300
    max_attempts: int = 8
    retry_mode: str = "adaptive"
    usd_per_million_input_tokens: float = 3.0
    usd_per_million_output_tokens: float = 15.0

    @property
    def model_id(self) -> str:
        return self.bedrock_model_id

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client(
            "bedrock-runtime",
            region_name=self.region_name,
            config=Config(
                read_timeout=self.read_timeout_seconds,
                retries={"mode": self.retry_mode, "max_attempts": self.max_attempts},
            ),
        )

    def generate(self, facts, persona_key, locale, context, images=(), client=None
                 ) -> GenerationResult:
        client = client or self.client()
        request = converse_request(
            model_id=self.bedrock_model_id, persona_key=persona_key, locale=locale, facts=facts,
            context=context, images=images, max_tokens=self.max_tokens,
            temperature=self.temperature,
        )
        response = client.converse(**request)
        usage = response.get("usage", {})
        raw = _tool_input(response)
        try:
            content = DraftContent.model_validate(raw)
        except ValidationError as error:
            raise GenerationFailed(
                f"{facts.listing_id}/{locale}/{persona_key}: model output failed the draft "
                f"schema: {error.errors(include_url=False)}",
                raw_output=json.dumps(raw, ensure_ascii=False),
            ) from error
        input_tokens = int(usage.get("inputTokens", 0))
        output_tokens = int(usage.get("outputTokens", 0))
        cost = (
            input_tokens * self.usd_per_million_input_tokens
            + output_tokens * self.usd_per_million_output_tokens
        ) / 1_000_000
        return GenerationResult(content, input_tokens, output_tokens, cost)


def _tool_input(response: dict) -> dict:
    for block in response.get("output", {}).get("message", {}).get("content", []):
        tool_use = block.get("toolUse")
        if tool_use and tool_use.get("name") == DRAFT_TOOL_NAME:
            return tool_use.get("input", {})
    raise GenerationFailed(
        f"model answered without calling {DRAFT_TOOL_NAME} (stopReason="
        f"{response.get('stopReason')})",
        raw_output=json.dumps(response.get("output", {}), default=str),
    )

"""Description generators: the interface, and Claude on Bedrock for production.

The embedded default (`generation/embedded_generator.py`) and the OpenAI-compatible adapter take
the same inputs and return a validated `DraftContent` with token counts and cost.
A generator that cannot produce a valid draft raises `GenerationFailed` carrying the raw output,
so the caller records the failure instead of losing it.
"""

from __future__ import annotations

import functools
import io
import json
import random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import dagster as dg
from pydantic import Field, ValidationError

from handmade_assets.drafts import DraftContent, ImageInput, ListingFacts, RetrievedExample
from handmade_assets.services.photo_metadata import (
    displayed_pixels, needs_new_pixels, strip_metadata)
from handmade_assets.services.photo_metadata import encode as _encode
from handmade_assets.services.prompts import DRAFT_TOOL_NAME, MAX_IMAGES, converse_request


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


class CannotWriteFaithfully(GenerationFailed):
    """The generator cannot write this locale without losing what the item is (the embedded
    composer has no translation model): the cell waits for a person, it is not an error."""


class DescriptionGenerator(Protocol):
    @property
    def model_id(self) -> str: ...
    @property
    def max_concurrent_calls(self) -> int: ...
    def generate(
        self,
        facts: ListingFacts,
        persona_key: str,
        locale: str,
        context: Sequence[RetrievedExample],
        images: Sequence[ImageInput] = (),
        feedback: Sequence[str] = (),
    ) -> GenerationResult: ...


# Bedrock Converse limits for Claude image blocks, and Anthropic's advice to downscale: past
# 1568 px on the long edge the model sees no more detail, only more input tokens and latency.
IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpeg", "GIF": "gif", "WEBP": "webp"}
MAX_IMAGE_BYTES = 3_750_000
MAX_IMAGE_EDGE = 8000
TARGET_LONG_EDGE = 1568
# Bedrock error codes worth another try: throttling (429), a model still loading, and 5xx.
RETRYABLE_ERRORS = {
    "ThrottlingException", "ModelNotReadyException", "ServiceUnavailableException",
    "InternalServerException", "ModelTimeoutException", "ServiceQuotaExceededException",
}


class ImageRejected(ValueError):
    """An image Bedrock would refuse (unknown format, too large even after downscaling)."""


@functools.lru_cache(maxsize=64)
def prepare_image(image: ImageInput) -> ImageInput:
    """Bytes a model accepts: a known format read from the bytes themselves, at most 1568 px on
    the long edge (re-encoded in the same format), at most 3.75 MB, and no metadata at all: EXIF
    GPS and artist, XMP, PNG text chunks and the like never leave the landing zone."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(image.data)) as img:
            fmt = IMAGE_FORMATS.get(img.format or "")
            if fmt is None:
                raise ImageRejected(f"image format {img.format!r} is not one of png/jpeg/gif/webp")
            if (max(img.size) <= TARGET_LONG_EDGE and len(image.data) <= MAX_IMAGE_BYTES
                    and not needs_new_pixels(img)):
                # The image data is kept byte for byte; only the metadata around it goes.
                return ImageInput(fmt, strip_metadata(image.data, fmt))
            img.load()
            small = displayed_pixels(img)  # upright, sRGB: what the EXIF and ICC data said
    except (OSError, Image.DecompressionBombError) as error:
        raise ImageRejected(f"unreadable image: {error}") from error
    small.thumbnail((TARGET_LONG_EDGE, TARGET_LONG_EDGE), Image.Resampling.LANCZOS)
    data = _encode(small, fmt)
    if len(data) > MAX_IMAGE_BYTES and fmt != "jpeg":
        fmt, data = "jpeg", _encode(small, "jpeg")  # a noisy PNG can stay large; JPEG will not
    if len(data) > MAX_IMAGE_BYTES or max(small.size) > MAX_IMAGE_EDGE:
        raise ImageRejected(f"image still {len(data)} bytes at {small.size} after downscaling")
    return ImageInput(fmt, data)


def prepare_images(images: Sequence[ImageInput]) -> list[ImageInput]:
    """At most 20 images per message (Converse's limit), each made acceptable to Bedrock.

    Memoised: a listing's 24 drafts send the same photos, downscaled once, not 24 times."""
    return [prepare_image(image) for image in list(images)[:MAX_IMAGES]]


def is_retryable(error: Exception) -> bool:
    from botocore.exceptions import ClientError

    if not isinstance(error, ClientError):
        return False
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
    return error.response.get("Error", {}).get("Code") in RETRYABLE_ERRORS or status == 429 or status >= 500


def validation_feedback(error: ValidationError) -> str:
    problems = "\n".join(
        f"- {'.'.join(str(p) for p in item['loc']) or '(root)'}: {item['msg']}"
        for item in error.errors(include_url=False)
    )
    return (f"The {DRAFT_TOOL_NAME} arguments failed validation:\n{problems}\n"
            f"Call {DRAFT_TOOL_NAME} again with every field corrected.")


_CLIENTS: dict[str, object] = {}
_CLIENTS_LOCK = threading.Lock()


class BedrockClaudeGenerator(dg.ConfigurableResource):
    """Claude through the Bedrock Converse API with a forced tool for structured output.

    Retries happen in two layers: botocore's `adaptive` mode retries throttling, ModelNotReady
    and 5xx inside one call (with client-side rate limiting), and when botocore gives up the
    generator waits and tries the whole call again `app_retries` times. A tool answer that fails
    validation is sent back once with the validation errors as a tool result (repair).
    """

    bedrock_model_id: str = Field(
        default="us.anthropic.claude-sonnet-4-5-20250929-v1:0",
        description="A Bedrock model id or cross-region inference profile id (us./eu./apac.).",
    )
    region_name: str | None = None
    endpoint_url: str | None = Field(default=None, description="Only for tests and VPC endpoints.")
    max_tokens: int = 2000
    temperature: float = 0.4
    read_timeout_seconds: int = Field(default=300, description="Long: generation can take minutes.")
    connect_timeout_seconds: int = 10
    max_attempts: int = Field(default=8, description="botocore attempts per call, retries included.")
    retry_mode: str = Field(default="adaptive", description="botocore retry mode: standard|adaptive.")
    app_retries: int = Field(default=2, description="Whole-call retries after botocore gives up.")
    app_backoff_seconds: float = 15.0
    repair: bool = Field(default=True, description="Re-ask once when the tool output is invalid.")
    usd_per_million_input_tokens: float = 3.0
    usd_per_million_output_tokens: float = 15.0
    max_concurrent_calls: int = Field(
        default=16, ge=1,
        description="Converse calls one run keeps in flight. By Little's law, calls in flight = "
        "calls/s x seconds per call: at ~6 s a call, 16 sustain ~2.7 calls/s per run. Raise it "
        "for a faster backfill only within the account's Bedrock requests- and tokens-per-minute "
        "quotas, which every run of the 'generator' pool shares; past them, calls are throttled "
        "and retried, not sped up.",
    )

    @property
    def model_id(self) -> str:
        return self.bedrock_model_id

    def client(self):
        """One client per configuration, shared by the run's drafting threads: boto3 clients
        are thread-safe to call but not to create from threads, a client per call costs a new
        connection, and the adaptive retry mode can only pace calls that share its client."""
        from handmade_assets.services.bedrock_client import bedrock_runtime_client

        key = self.model_dump_json()
        with _CLIENTS_LOCK:
            if key not in _CLIENTS:
                _CLIENTS[key] = bedrock_runtime_client(
                    region_name=self.region_name, endpoint_url=self.endpoint_url,
                    read_timeout=self.read_timeout_seconds,
                    connect_timeout=self.connect_timeout_seconds,
                    retry_mode=self.retry_mode, max_attempts=self.max_attempts,
                    max_pool_connections=max(10, self.max_concurrent_calls),
                )
            return _CLIENTS[key]

    def cost_usd(self, input_tokens: int, output_tokens: int) -> float:
        return (
            input_tokens * self.usd_per_million_input_tokens
            + output_tokens * self.usd_per_million_output_tokens
        ) / 1_000_000

    def converse(self, client, request: dict, sleep: Callable[[float], None] = time.sleep) -> dict:
        for attempt in range(self.app_retries + 1):
            try:
                return client.converse(**request)
            except Exception as error:
                if attempt == self.app_retries or not is_retryable(error):
                    raise
                # Full jitter, so parallel runs of a backfill do not retry in lockstep.
                sleep(random.uniform(0.5, 1.0) * self.app_backoff_seconds * 2**attempt)
        raise AssertionError("unreachable")

    def generate(self, facts, persona_key, locale, context, images=(), feedback=(), client=None,
                 sleep: Callable[[float], None] = time.sleep) -> GenerationResult:
        client = client or self.client()
        label = f"{facts.listing_id}/{locale}/{persona_key}"
        try:
            images = prepare_images(images)
        except ImageRejected as error:
            raise GenerationFailed(f"{label}: {error}") from error
        request = converse_request(
            model_id=self.bedrock_model_id, persona_key=persona_key, locale=locale, facts=facts,
            context=context, images=images, max_tokens=self.max_tokens,
            temperature=self.temperature, feedback=feedback,
        )
        input_tokens = output_tokens = 0
        for attempt in (1, 2):
            response = self.converse(client, request, sleep)
            usage = response.get("usage", {})
            input_tokens += int(usage.get("inputTokens", 0))
            output_tokens += int(usage.get("outputTokens", 0))
            tool_use = _tool_use(response)
            raw = tool_use.get("input", {})
            try:
                content = DraftContent.model_validate(raw)
            except ValidationError as error:
                if attempt == 1 and self.repair:
                    request = _repair_request(request, response, tool_use, error)
                    continue
                raise GenerationFailed(
                    f"{label}: model output failed the draft schema"
                    f"{' after one repair' if attempt == 2 else ''}: "
                    f"{error.errors(include_url=False)}",
                    raw_output=json.dumps(raw, ensure_ascii=False, default=str),
                ) from error
            return GenerationResult(content, input_tokens, output_tokens,
                                    self.cost_usd(input_tokens, output_tokens))
        raise AssertionError("unreachable")


def _repair_request(request: dict, response: dict, tool_use: dict, error: ValidationError) -> dict:
    """The same conversation plus the model's invalid call and a tool result naming the errors."""
    feedback = {"toolResult": {"toolUseId": tool_use["toolUseId"], "status": "error",
                               "content": [{"text": validation_feedback(error)}]}}
    messages = [*request["messages"], response["output"]["message"],
                {"role": "user", "content": [feedback]}]
    return {**request, "messages": messages}


def _tool_use(response: dict) -> dict:
    for block in response.get("output", {}).get("message", {}).get("content", []):
        tool_use = block.get("toolUse")
        if tool_use and tool_use.get("name") == DRAFT_TOOL_NAME:
            return tool_use
    raise GenerationFailed(
        f"model answered without calling {DRAFT_TOOL_NAME} (stopReason="
        f"{response.get('stopReason')})",
        raw_output=json.dumps(response.get("output", {}), default=str),
    )

"""Descriptions from any server that speaks the OpenAI chat-completions protocol.

llama.cpp's server, Ollama, vLLM, LM Studio and hosted APIs all answer `POST {base_url}/chat/
completions`. The prompt is the one Bedrock gets (`services/prompts.py`), the answer is the
`DraftContent` JSON document, constrained by the server where it can be (`structured_output`),
validated with pydantic either way and repaired once with the validation errors. Throttling,
5xx and dropped connections are retried with exponential backoff; a draft that still cannot be
had raises `GenerationFailed` with the raw answer, which the pipeline records.
"""

from __future__ import annotations

import base64
import json
import random
import re
import threading
import time
from collections.abc import Callable, Sequence
from typing import Literal

import dagster as dg
from pydantic import Field, ValidationError

from handmade_assets.drafts import DraftContent
from handmade_assets.services.generator import (
    GenerationFailed,
    GenerationResult,
    ImageRejected,
    prepare_images,
    validation_feedback,
)
from handmade_assets.services.prompts import DRAFT_TOOL_NAME, neutralise, system_prompt, user_text

RETRYABLE_STATUS = {408, 409, 429, 500, 502, 503, 504}
SCHEMA_NAME = DRAFT_TOOL_NAME
# Servers that ask for a pause (429, 503) say how long in Retry-After; never wait longer.
MAX_RETRY_AFTER_SECONDS = 60.0


def draft_json_schema() -> dict:
    """`DraftContent`'s JSON schema as a server can enforce it: every property required, as
    OpenAI's strict mode wants (a model with no materials to name writes `[]`), and list items
    non-empty (the model's no-blank-items rule, which a grammar can hold but the schema omits)."""
    schema = DraftContent.model_json_schema()
    schema["required"] = list(schema["properties"])
    for prop in schema["properties"].values():
        if prop.get("type") == "array" and prop.get("items", {}).get("type") == "string":
            prop["items"] = {**prop["items"], "minLength": 1}
    return schema


_LIMITS = (("minLength", "maxLength", "characters"), ("minItems", "maxItems", "items"))


def field_guide() -> str:
    """The fields and their limits in words, read off the schema: small models copy schema
    keywords ("maxLength") into their answer when shown the JSON schema itself."""
    parts = []
    for name, prop in draft_json_schema()["properties"].items():
        limits = [f"{prop[lo]}-{prop[hi]} {unit}" if lo in prop and hi in prop
                  else f"at least {prop[lo]} {unit}" if lo in prop
                  else f"at most {prop[hi]} {unit}" if hi in prop else ""
                  for lo, hi, unit in _LIMITS if lo in prop or hi in prop]
        kind = "list of strings" if prop.get("type") == "array" else "string"
        parts.append(f'"{name}" ({", ".join([kind, *limits])})')
    return "; ".join(parts)


def answer_instruction(with_schema: bool) -> str:
    """How the shared rules' forced tool call is made over this protocol."""
    text = (f"Here {DRAFT_TOOL_NAME} is called by answering with its arguments: one JSON object "
            f"and nothing else (no code fence, no comment), with these fields: {field_guide()}.")
    if with_schema:
        text += " Its JSON schema: " + json.dumps(draft_json_schema(), separators=(",", ":"))
    return text


def extract_json(text: str) -> object:
    """The JSON document in a reply; models without constrained output like code fences."""
    text = text.strip()
    fenced = re.fullmatch(r"```(?:json)?\s*(.*?)\s*```", text, re.S)
    if fenced:
        text = fenced.group(1)
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        start, end = text.find("{"), text.rfind("}")
        if 0 <= start < end:
            return json.loads(text[start:end + 1])
        raise


class _Retryable(Exception):
    def __init__(self, message: str, retry_after: float | None = None, body: str = ""):
        super().__init__(message)
        self.retry_after = retry_after
        self.body = body


_SESSIONS = threading.local()


def _session():
    """One requests session (keep-alive connection pool) per drafting thread: sessions are not
    documented as thread-safe, and a thread keeps reusing its connection to the server."""
    import requests

    if getattr(_SESSIONS, "session", None) is None:
        _SESSIONS.session = requests.Session()
    return _SESSIONS.session


class OpenAICompatibleGenerator(dg.ConfigurableResource):
    """A chat-completions endpoint: llama.cpp, Ollama, vLLM, LM Studio or a hosted API.

    Retries: connection errors, timeouts, 408/409/429 and 5xx are tried again up to
    `max_retries` times, waiting `backoff_seconds * 2**n` (full jitter, or the server's
    Retry-After). An answer that is not a valid draft is sent back once with what was wrong.
    """

    base_url: str = Field(
        default="http://127.0.0.1:8080/v1",
        description="Up to and including /v1, e.g. http://localhost:11434/v1 for Ollama.")
    model: str = Field(description="The model name the server knows (ignored by llama.cpp's "
                                   "single-model server, required by Ollama, vLLM, hosted APIs).")
    api_key: str | None = Field(
        default=None, description="Bearer token, from the environment (EnvVar); local servers "
                                  "need none.")
    timeout_seconds: float = Field(default=300.0, description="Read timeout: a small CPU server "
                                   "can take minutes per draft when calls queue.")
    connect_timeout_seconds: float = 10.0
    max_concurrent_calls: int = Field(
        default=4, ge=1,
        description="Calls in flight per run. More than the server's parallel slots only "
                    "queues on the server (llama.cpp: --parallel).")
    temperature: float = 0.4
    max_tokens: int = Field(default=2000, ge=1)
    seed: int | None = Field(default=None, description="Sampling seed, for reproducible drafts "
                                                       "where the server honours it.")
    frequency_penalty: float | None = Field(
        default=None, description="OpenAI's -2..2 penalty on repeated tokens; small models at "
                                  "low temperature loop on one sentence without it.")
    presence_penalty: float | None = None
    structured_output: Literal["json_schema", "json_object", "none"] = Field(
        default="json_schema",
        description="json_schema: the server constrains the answer to DraftContent's schema "
                    "(llama.cpp, vLLM, Ollama >= 0.5, OpenAI); json_object: any JSON object; "
                    "none: free text, the JSON is read out of it.")
    send_images: bool = Field(default=False, description="Send photos as image_url data URIs; "
                              "only for vision models (small local models are text-only).")
    repair: bool = Field(default=True, description="Re-ask once when the answer is invalid.")
    max_retries: int = Field(default=4, ge=0)
    backoff_seconds: float = 2.0
    usd_per_1k_input: float = 0.0
    usd_per_1k_output: float = 0.0

    @property
    def model_id(self) -> str:
        return f"openai/{self.model}"

    def cost_usd(self, input_tokens: int, output_tokens: int) -> float:
        return (input_tokens * self.usd_per_1k_input + output_tokens * self.usd_per_1k_output) / 1000

    def request_body(self, facts, persona_key, locale, context, images=(), feedback=()) -> dict:
        text = user_text(facts, context)
        if feedback:
            fixes = "\n".join(f"- {neutralise(reason)}" for reason in feedback)
            text += f"\nYour previous draft failed these checks; write it again and fix them:\n{fixes}"
        content: str | list[dict] = text
        if self.send_images and images:
            content = [{"type": "text", "text": text}] + [
                {"type": "image_url", "image_url": {
                    "url": f"data:image/{image.format};base64,"
                           f"{base64.b64encode(image.data).decode('ascii')}"}}
                for image in prepare_images(images)
            ]
        # A server that enforces the schema needs no copy of it in the prompt.
        instruction = answer_instruction(with_schema=self.structured_output != "json_schema")
        body: dict = {
            "model": self.model,
            "messages": [
                {"role": "system",
                 "content": f"{system_prompt(persona_key, locale)}\n{instruction}"},
                {"role": "user", "content": content},
            ],
            "temperature": self.temperature,
            "max_tokens": self.max_tokens,
        }
        for name in ("seed", "frequency_penalty", "presence_penalty"):
            if getattr(self, name) is not None:
                body[name] = getattr(self, name)
        if self.structured_output == "json_schema":
            body["response_format"] = {"type": "json_schema", "json_schema": {
                "name": SCHEMA_NAME, "schema": draft_json_schema(), "strict": True}}
        elif self.structured_output == "json_object":
            body["response_format"] = {"type": "json_object"}
        return body

    def post(self, body: dict, sleep: Callable[[float], None] = time.sleep) -> dict:
        """One chat completion, retried on throttling, 5xx and connection failures."""
        for attempt in range(self.max_retries + 1):
            try:
                return self._post_once(body)
            except _Retryable as error:
                if attempt == self.max_retries:
                    raise GenerationFailed(
                        f"{self.base_url}: {error} (gave up after {attempt + 1} attempts)",
                        raw_output=error.body) from error
                # Full jitter, so parallel drafting threads do not retry in lockstep.
                wait = random.uniform(0.5, 1.0) * self.backoff_seconds * 2**attempt
                if error.retry_after is not None:
                    wait = min(max(error.retry_after, wait), MAX_RETRY_AFTER_SECONDS)
                sleep(wait)
        raise AssertionError("unreachable")

    def _post_once(self, body: dict) -> dict:
        import requests

        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        url = f"{self.base_url.rstrip('/')}/chat/completions"
        try:
            response = _session().post(url, data=json.dumps(body, ensure_ascii=False).encode(),
                                       headers=headers,
                                       timeout=(self.connect_timeout_seconds, self.timeout_seconds))
        except (requests.ConnectionError, requests.Timeout) as error:
            raise _Retryable(f"{type(error).__name__}: {error}") from error
        if response.status_code in RETRYABLE_STATUS:
            raise _Retryable(f"HTTP {response.status_code}", _retry_after(response),
                             response.text[:4000])
        if response.status_code != 200:
            raise GenerationFailed(f"{url}: HTTP {response.status_code}",
                                   raw_output=response.text[:4000])
        try:
            return response.json()
        except ValueError as error:  # a proxy's HTML error page with status 200
            raise _Retryable("the answer was not JSON", body=response.text[:4000]) from error

    def generate(self, facts, persona_key, locale, context, images=(), feedback=(),
                 sleep: Callable[[float], None] = time.sleep) -> GenerationResult:
        label = f"{facts.listing_id}/{locale}/{persona_key}"
        try:
            body = self.request_body(facts, persona_key, locale, context, images, feedback)
        except ImageRejected as error:
            raise GenerationFailed(f"{label}: {error}") from error
        input_tokens = output_tokens = 0
        for attempt in (1, 2):
            try:
                response = self.post(body, sleep)
            except GenerationFailed as failure:
                raise GenerationFailed(f"{label}: {failure}", failure.raw_output) from failure
            usage = response.get("usage") or {}
            input_tokens += int(usage.get("prompt_tokens") or 0)
            output_tokens += int(usage.get("completion_tokens") or 0)
            choice = (response.get("choices") or [{}])[0]
            raw = (choice.get("message") or {}).get("content") or ""
            try:
                content = DraftContent.model_validate(extract_json(raw))
            except (json.JSONDecodeError, ValidationError) as error:
                problem = _problem(error, choice.get("finish_reason"))
                if attempt == 1 and self.repair:
                    body = {**body, "messages": [
                        *body["messages"], {"role": "assistant", "content": raw},
                        {"role": "user", "content": problem}]}
                    continue
                raise GenerationFailed(
                    f"{label}: model output failed the draft schema"
                    f"{' after one repair' if attempt == 2 else ''}: {problem}",
                    raw_output=raw) from error
            return GenerationResult(content, input_tokens, output_tokens,
                                    self.cost_usd(input_tokens, output_tokens))
        raise AssertionError("unreachable")


def _problem(error: Exception, finish_reason: str | None) -> str:
    """What was wrong with an answer, worded as the repair request."""
    if isinstance(error, ValidationError):
        text = validation_feedback(error)
    else:
        text = (f"Your answer was not one valid JSON object ({error}). Answer again with only "
                f"the JSON object of the {DRAFT_TOOL_NAME} arguments.")
    if finish_reason == "length":
        text += " Your answer was cut off at the token limit: write shorter texts."
    return text


def _retry_after(response) -> float | None:
    try:
        return float(response.headers.get("Retry-After", ""))
    except ValueError:
        return None

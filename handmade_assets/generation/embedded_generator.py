"""The embedded default generator: the deterministic composer behind the generator interface.

This is the one production module that may import `generation/composer.py` (an import-linter
`protected` contract in pyproject.toml says so); everything else sees only
`services.generator.DescriptionGenerator`.
"""

from __future__ import annotations

import dagster as dg
from pydantic import Field, ValidationError

from handmade_assets.services.generator import GenerationFailed, GenerationResult
from handmade_assets.services.prompts import system_prompt, user_text


def _word_count(text: str) -> int:
    return len(text.split())


class LocalComposerGenerator(dg.ConfigurableResource):
    """Deterministic composer that writes each persona's text only from the facts it is given.

    It calls no model, so it costs nothing; its token counts are whitespace-separated words of
    the prompt production would send and of the JSON it wrote, to keep per-draft volume figures
    comparable with Bedrock's.
    """

    max_concurrent_calls: int = Field(
        default=1, ge=1,
        description="Drafts composed at once. 1: the composer is pure Python and CPU-bound, so "
        "threads would only take turns on the GIL.",
    )

    @property
    def model_id(self) -> str:
        return "local/composer-v1"

    def generate(self, facts, persona_key, locale, context, images=(), feedback=()
                 ) -> GenerationResult:
        # Imported on first use: the composer's word lists are not needed to load definitions.
        from handmade_assets.generation.composer import compose_draft

        # A retry after failed gates asks for the composer's other wording; the facts stay.
        try:
            content = compose_draft(facts, persona_key, locale, context, attempt=2 if feedback else 1)
        except ValidationError as error:
            # A composer bug must cost one draft, never the batch.
            raise GenerationFailed(f"composer wrote an invalid draft: {error.errors()[0]['msg']}") from error
        prompt = system_prompt(persona_key, locale) + user_text(facts, context)
        return GenerationResult(
            content=content,
            input_tokens=_word_count(prompt),
            output_tokens=_word_count(content.model_dump_json()),
            cost_usd=0.0,
        )

"""What drafting costs at Bedrock's list prices, from the token counts of its requests.

The generator resource's own `usd_per_million_*` settings are whatever an operator typed; this
table is the published on-demand price of the model a run actually used, so a report of cost
per listing does not drift when someone changes the model id and forgets the prices.
"""

from __future__ import annotations

import pandas as pd

# USD per million tokens (input, output), Amazon Bedrock on-demand, global cross-region
# inference where the model has it. Source: https://aws.amazon.com/bedrock/pricing/ (Anthropic
# and Amazon Nova tabs) as published in 2025-2026 and quoted by third-party summaries read on
# 2026-12-07 (this machine cannot reach AWS; re-check the page when prices matter). Keys match
# a model id after any cross-region prefix (us., eu., apac., global.) and before the date.
ON_DEMAND_USD_PER_MILLION_TOKENS: dict[str, tuple[float, float]] = {
    "anthropic.claude-opus-4-5": (5.0, 25.0),
    "anthropic.claude-sonnet-4-5": (3.0, 15.0),
    "anthropic.claude-haiku-4-5": (1.0, 5.0),
    "anthropic.claude-sonnet-4": (3.0, 15.0),
    "anthropic.claude-3-7-sonnet": (3.0, 15.0),
    "anthropic.claude-3-5-haiku": (0.8, 4.0),
    "anthropic.claude-3-haiku": (0.25, 1.25),
    "amazon.nova-pro": (0.8, 3.2),
    "amazon.nova-lite": (0.06, 0.24),
    "amazon.nova-micro": (0.035, 0.14),
}
# From the Claude 4.5 models on, a regional or geographic profile (us., eu., apac.) or an
# in-region call costs 10 % more than the global. profile (same source).
REGIONAL_PREMIUM = 1.10
_REGIONAL_PREMIUM_MODELS = ("anthropic.claude-opus-4-5", "anthropic.claude-sonnet-4-5", "anthropic.claude-haiku-4-5")
_PROFILE_PREFIXES = ("global.", "us.", "eu.", "apac.", "jp.", "au.")


def list_prices(model_id: str) -> tuple[float, float] | None:
    """(input, output) USD per million tokens for a Bedrock model or inference profile id;
    None for a model not in the table (a local composer, another provider)."""
    base = model_id
    for prefix in _PROFILE_PREFIXES:
        if base.startswith(prefix):
            base = base[len(prefix):]
            break
    # The longest matching key: "claude-sonnet-4-5" must not price as "claude-sonnet-4".
    matches = [key for key in ON_DEMAND_USD_PER_MILLION_TOKENS if base.startswith(key)]
    if not matches:
        return None
    key = max(matches, key=len)
    prices = ON_DEMAND_USD_PER_MILLION_TOKENS[key]
    if key in _REGIONAL_PREMIUM_MODELS and not model_id.startswith("global."):
        return prices[0] * REGIONAL_PREMIUM, prices[1] * REGIONAL_PREMIUM
    return prices


def list_price_usd(model_id: str, input_tokens: float, output_tokens: float) -> float | None:
    prices = list_prices(model_id)
    if prices is None:
        return None
    return (input_tokens * prices[0] + output_tokens * prices[1]) / 1_000_000


def cost_per_listing(drafts: pd.DataFrame, model_id: str) -> dict:
    """Drafts, tokens and list-price USD per listing of a batch's drafts frame.

    Counts what was generated in this run: drafts reused from the cache cost nothing again.
    A gate retry replaces its draft's row, tokens included, so the first attempt's tokens are
    not in the frame; the figure is low by those (about 7 % of drafts are retried).
    """
    listings = max(drafts["listing_id"].nunique(), 1) if len(drafts) else 1
    generated = drafts[~drafts["reused"].astype(bool)] if len(drafts) else drafts
    input_tokens = float(generated["input_tokens"].fillna(0).sum()) if len(generated) else 0.0
    output_tokens = float(generated["output_tokens"].fillna(0).sum()) if len(generated) else 0.0
    price = list_price_usd(model_id, input_tokens, output_tokens)
    return {
        "drafts_per_listing": len(drafts) / listings,
        "generated_per_listing": len(generated) / listings,
        "input_tokens_per_listing": input_tokens / listings,
        "output_tokens_per_listing": output_tokens / listings,
        "list_price_usd_per_listing": None if price is None else price / listings,
    }

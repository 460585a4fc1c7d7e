"""Asset checks beside the generation assets: schema, completeness, gates and coverage."""


import dagster as dg
import pandas as pd

from handmade_assets.generation.assets import description_drafts, gate_report, published_descriptions
from handmade_assets.generation.quality import schema_failures
from handmade_assets.taxonomy import LOCALES

MAX_LISTED = 20


def _listed(lines: list[str]) -> str:
    more = f"\n… and {len(lines) - MAX_LISTED} more" if len(lines) > MAX_LISTED else ""
    return "\n".join(lines[:MAX_LISTED]) + more


@dg.asset_check(asset=description_drafts, description="Every draft is valid JSON for the draft schema.")
def drafts_match_schema(description_drafts: pd.DataFrame) -> dg.AssetCheckResult:
    problems = []
    for row in description_drafts.itertuples(index=False):
        reasons = [row.error] if row.status != "ok" else schema_failures(row.content_json)
        problems += [f"{row.listing_id}/{row.locale}/{row.persona}: {r}" for r in reasons]
    return dg.AssetCheckResult(
        passed=not problems,
        metadata={"drafts": len(description_drafts), "failing": len(problems),
                  "failures": dg.MetadataValue.md(_listed(problems) or "none")},
    )


@dg.asset_check(asset=description_drafts,
                description="Each listing has a non-empty, untruncated draft per persona and locale.")
def drafts_complete(description_drafts: pd.DataFrame) -> dg.AssetCheckResult:
    ok = description_drafts[description_drafts["status"] == "ok"]
    have = set(zip(ok["listing_id"], ok["locale"], ok["persona"]))
    missing = [f"{listing}/{locale}/{persona}"
               for listing in sorted(set(description_drafts["listing_id"]))
               for locale in sorted(set(description_drafts["locale"]))
               for persona in sorted(set(description_drafts["persona"]))
               if (listing, locale, persona) not in have]
    empty = [f"{r.listing_id}/{r.locale}/{r.persona}: empty description"
             for r in ok.itertuples(index=False) if not (r.description or "").strip()]
    return dg.AssetCheckResult(
        passed=not (missing or empty),
        metadata={"missing": len(missing), "empty": len(empty),
                  "details": dg.MetadataValue.md(_listed(missing + empty) or "none")},
    )


@dg.asset_check(asset=description_drafts,
                description="Grounding, risky claims, meta text and language of every draft.")
def drafts_pass_quality_gates(description_drafts: pd.DataFrame) -> dg.AssetCheckResult:
    failures = gate_report(description_drafts)
    lines = [
        f"{description_drafts.at[i, 'listing_id']}/{description_drafts.at[i, 'locale']}/"
        f"{description_drafts.at[i, 'persona']}: {'; '.join(reasons)}"
        for i, reasons in failures.items() if reasons
    ]
    return dg.AssetCheckResult(
        passed=not lines,
        # A failing draft is never published; this warns rather than blocks the batch.
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"checked": len(failures), "failing": len(lines),
                  "failures": dg.MetadataValue.md(_listed(lines) or "none")},
    )


@dg.asset_check(asset=published_descriptions, additional_ins={"listings": dg.AssetIn("listings")},
                description="Every valid listing has a published description in every locale.")
def published_coverage(published_descriptions: pd.DataFrame, listings: pd.DataFrame) -> dg.AssetCheckResult:
    have = set(zip(published_descriptions["listing_id"], published_descriptions["locale"]))
    missing = [f"{listing}/{locale}" for listing in listings["listing_id"] for locale in LOCALES
               if (listing, locale) not in have]
    return dg.AssetCheckResult(
        passed=not missing,
        metadata={"expected": len(listings) * len(LOCALES), "missing": len(missing),
                  "details": dg.MetadataValue.md(_listed(missing) or "none")},
    )


generation_checks = [drafts_match_schema, drafts_complete, drafts_pass_quality_gates, published_coverage]

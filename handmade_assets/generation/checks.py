"""Checks on drafts and published descriptions, evaluated inside the asset that produced the data.

They run in the asset body (declared as `check_specs`) rather than as separate check steps:
a separate step would reload a dynamic-partitioned asset through the IO manager, which loads
every partition instead of the run's one.

Each check is partitioned like its asset (upload batches), so its result belongs to the batch it
judged: a failed batch stays failed in the UI until that batch passes, whatever later batches do.

None is a Dagster *blocking* check. The gates act per draft, not per batch: a draft that fails
one is never published (its cell goes to the review queue when no persona's draft passes),
while the batch's other drafts are. Blocking would hold a whole batch for one draft. Each check
says in its metadata what it stops from being published.
"""

import warnings
from collections.abc import Mapping, Sequence

import dagster as dg
import pandas as pd

from handmade_assets.generation.quality import schema_failures
from handmade_assets.taxonomy import LOCALES

MAX_LISTED = 20

DRAFT_CHECKS = {
    "drafts_match_schema": "Publication gate: every draft is valid JSON for the draft schema.",
    "drafts_complete": "Publication gate: each listing has a non-empty, untruncated draft for "
    "every persona the plan asked for in each locale (the allocation's, and a fallback where "
    "that one failed its gates).",
    "drafts_pass_quality_gates": "Publication gate: grounding, risky claims, meta text, language "
    "and originality of every draft.",
}
PUBLISHED_CHECKS = {
    "published_coverage": "Every valid listing has, in every locale, a published description or a "
    "place in the review queue with its reasons.",
}
# What failing each check stops, shown with the check in the UI.
GATES = {
    "drafts_match_schema": "a draft that fails is not published",
    "drafts_complete": "a missing or empty draft is not published",
    "drafts_pass_quality_gates": "a draft that fails is not published; its listing and locale go "
    "to the review queue when no persona's draft passes",
    "published_coverage": "nothing: it reports listings lost between drafts and publication",
}


def check_specs(asset: str, checks: dict[str, str],
                partitions_def: dg.PartitionsDefinition | None = None) -> list[dg.AssetCheckSpec]:
    """Specs for checks evaluated in the asset's body, partitioned like the asset."""
    with warnings.catch_warnings():
        # Partitioned check specs are a preview in Dagster 1.13; this is the one place we opt in.
        warnings.filterwarnings("ignore", category=dg.PreviewWarning)
        return [dg.AssetCheckSpec(name, asset=asset, description=text, partitions_def=partitions_def,
                                  metadata={"stops_publication": GATES[name]})
                for name, text in checks.items()]


def _listed(lines: list[str]) -> str:
    more = f"\n… and {len(lines) - MAX_LISTED} more" if len(lines) > MAX_LISTED else ""
    return "\n".join(lines[:MAX_LISTED]) + more or "none"


def drafts_match_schema(drafts: pd.DataFrame) -> dg.AssetCheckResult:
    problems = []
    for row in drafts.itertuples(index=False):
        if row.status == "held":  # the generator declined to write it: no JSON to check
            continue
        reasons = [row.error] if row.status != "ok" else schema_failures(row.content_json)
        problems += [f"{row.listing_id}/{row.locale}/{row.persona}: {r}" for r in reasons]
    return dg.AssetCheckResult(
        check_name="drafts_match_schema",
        passed=not problems,
        metadata={"drafts": len(drafts), "failing": len(problems),
                  "failures": dg.MetadataValue.md(_listed(problems))},
    )


def drafts_complete(drafts: pd.DataFrame, plan: Mapping[tuple[str, str], Sequence[str]]) -> dg.AssetCheckResult:
    """Every draft the plan asked for ((listing_id, locale) -> personas: the allocation's
    persona, any fallback, or every persona when so configured) is there and not empty."""
    ok = drafts[drafts["status"] == "ok"]
    # A draft the generator held for a person is accounted for: the review queue has it.
    accounted = drafts[drafts["status"].isin(["ok", "held"])]
    have = set(zip(accounted["listing_id"], accounted["locale"], accounted["persona"]))
    missing = [f"{listing}/{locale}/{persona}: missing"
               for (listing, locale), personas in sorted(plan.items())
               for persona in personas
               if (listing, locale, persona) not in have]
    empty = [f"{r.listing_id}/{r.locale}/{r.persona}: empty description"
             for r in ok.itertuples(index=False) if not (r.description or "").strip()]
    return dg.AssetCheckResult(
        check_name="drafts_complete",
        passed=not (missing or empty),
        metadata={"planned": sum(len(p) for p in plan.values()), "missing": len(missing), "empty": len(empty),
                  "details": dg.MetadataValue.md(_listed(missing + empty))},
    )


def drafts_pass_quality_gates(drafts: pd.DataFrame, failures: dict[int, list[str]]) -> dg.AssetCheckResult:
    lines = [
        f"{drafts.at[i, 'listing_id']}/{drafts.at[i, 'locale']}/{drafts.at[i, 'persona']}: "
        f"{'; '.join(reasons)}"
        for i, reasons in failures.items() if reasons
    ]
    return dg.AssetCheckResult(
        check_name="drafts_pass_quality_gates",
        passed=not lines,
        # A failing draft is never published; this warns rather than blocks the batch.
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"checked": len(failures), "failing": len(lines),
                  "failures": dg.MetadataValue.md(_listed(lines))},
    )


def published_coverage(published: pd.DataFrame, held: pd.DataFrame,
                       listings: pd.DataFrame) -> dg.AssetCheckResult:
    have = set(zip(published["listing_id"], published["locale"]))
    waiting = set(zip(held["listing_id"], held["locale"])) if len(held) else set()
    locales = sorted({*published.get("locale", []), *held.get("locale", [])}) or list(LOCALES)
    missing = [f"{listing}/{locale}" for listing in listings["listing_id"] for locale in locales
               if (listing, locale) not in have | waiting]
    return dg.AssetCheckResult(
        check_name="published_coverage",
        passed=not missing,
        metadata={"expected": len(listings) * len(locales), "published": len(have),
                  "held_for_review": len(waiting), "missing": len(missing),
                  "details": dg.MetadataValue.md(_listed(missing))},
    )

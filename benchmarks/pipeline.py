"""Import and Definitions load times, and the pipeline's own cost per draft in a backfill.

    .venv/bin/python benchmarks/pipeline.py            # 7 import runs; 500 listings x 24 drafts
    .venv/bin/python benchmarks/pipeline.py --quick    # 3 import runs; 60 listings

(a) `import handmade_assets`, `import handmade_assets.definitions` and loading the Definitions
    (build + resolve the repository: every asset, check, job, schedule, sensor) each in fresh
    subprocesses; medians.
(b) Drafting overhead: the body of the `description_drafts` asset (facts, prompt building for the
    token counts, draft cache writes, quality gates, one retry of failed drafts, gates again)
    over N listings x 6 personas x 4 locales, once with the local composer and once with a
    generator that does no work (it returns drafts composed beforehand), so the difference is the
    model's share and the rest is the pipeline's own. Listings come from the synthetic corpus
    (realistic seller texts), with 3 retrieved examples each. Memory: the drafts frame's size per
    draft, extrapolated to 60,000 listings x 24 drafts.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine, peak_rss_mb, rss_mb  # noqa: E402

SNIPPETS = {
    "import handmade_assets": "import handmade_assets",
    "import handmade_assets.definitions": "import handmade_assets.definitions",
    "load Definitions (import + build + resolve)": (
        "import handmade_assets.definitions as d\n"
        "defs = d.build_definitions()\n"
        "repo = defs.get_repository_def()\n"
        "assert repo.asset_graph.get_all_asset_keys()"
    ),
}


def time_snippet(code: str, runs: int) -> tuple[float, float]:
    """(median seconds inside the interpreter, median wall seconds of the whole process)."""
    program = ("import time\nstarted = time.perf_counter()\n" + code +
               "\nprint(time.perf_counter() - started)")
    inside, wall = [], []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                              check=True)
        wall.append(time.perf_counter() - started)
        inside.append(float(done.stdout.strip().splitlines()[-1]))
    return statistics.median(inside), statistics.median(wall)


def synthetic_listings(n: int):
    import pandas as pd

    from handmade_assets.generation.schema import RetrievedExample
    from handmade_assets.index.corpus import generate_historical_descriptions

    corpus = generate_historical_descriptions(n + 200, seed=13)
    sellers, examples = corpus.iloc[:n], corpus.iloc[n:]
    rng = np.random.default_rng(0)
    listings = pd.DataFrame({
        "listing_id": [f"bench-{i:05d}" for i in range(n)],
        "category": sellers["category"].to_numpy(),
        "title": sellers["title"].to_numpy(),
        "seller_text": sellers["description"].to_numpy(),
        "tags": [[] for _ in range(n)],
        "materials": [list(m) for m in sellers["materials"]],
        "price": rng.integers(15, 200, size=n).astype(float),
        "currency": "EUR",
        "photo_keys": [[] for _ in range(n)],
    })
    by_category = {c: g for c, g in examples.groupby("category")}
    context = {}
    for listing_id, category in zip(listings["listing_id"], listings["category"]):
        pool = by_category.get(category, examples)
        picked = pool.iloc[rng.choice(len(pool), size=min(3, len(pool)), replace=False)]
        context[listing_id] = [
            RetrievedExample(listing_id=r.listing_id, title=r.title, description=r.description[:600],
                             category=r.category, language=r.language, score=0.8)
            for r in picked.itertuples()
        ]
    image_attributes = pd.DataFrame({"listing_id": listings["listing_id"], "photo_count": 1,
                                     "sizes": [[(800, 800)]] * n, "colours": [[]] * n})
    reviews = pd.DataFrame({"listing_id": pd.Series(dtype=str), "highlight": pd.Series(dtype=str)})
    return listings, image_attributes, reviews, context


class PrecomposedGenerator:
    """Returns drafts composed beforehand: a generator whose model time is zero."""

    def __init__(self, results: dict, model_id: str):
        self.results = results
        self.model_id = model_id

    def generate(self, facts, persona_key, locale, context, images=(), feedback=()):
        return self.results[(facts.listing_id, persona_key, locale, bool(feedback))]


class RecordingGenerator:
    def __init__(self, inner):
        self.inner = inner
        self.model_id = inner.model_id
        self.results: dict = {}
        self.seconds = 0.0

    def generate(self, facts, persona_key, locale, context, images=(), feedback=()):
        started = time.perf_counter()
        result = self.inner.generate(facts, persona_key, locale, context, images, feedback=feedback)
        self.seconds += time.perf_counter() - started
        self.results[(facts.listing_id, persona_key, locale, bool(feedback))] = result
        return result


def drafting_body(listings, image_attributes, reviews, context, generator, store) -> tuple:
    """The description_drafts asset body, step by step, timed."""
    from handmade_assets.generation.assets import DraftConfig, listing_facts
    from handmade_assets.generation.drafting import DraftCache, retry_failed_gates, write_drafts
    from handmade_assets.generation.quality import gate_report, row_failures

    config = DraftConfig()
    steps = {}
    started = time.perf_counter()
    facts = listing_facts(listings, image_attributes, reviews)
    steps["facts"] = time.perf_counter() - started
    cache = DraftCache(store)
    started = time.perf_counter()
    drafts = write_drafts(facts, context, generator, config.personas, config.locales, cache=cache)
    steps["write_drafts"] = time.perf_counter() - started
    started = time.perf_counter()
    per_row = row_failures(drafts, context, config.extra_risky_claims)
    first = gate_report(drafts, context, config.extra_risky_claims, per_row=per_row)
    steps["gates"] = time.perf_counter() - started
    started = time.perf_counter()
    drafts = retry_failed_gates(drafts, first, context, generator, cache)
    steps["retry"] = time.perf_counter() - started
    started = time.perf_counter()
    # As description_drafts does: only the regenerated drafts are gated on their own again.
    again = {i for i, r in first.items() if r}
    per_row = {i: r for i, r in per_row.items() if i not in again} | row_failures(
        drafts, context, config.extra_risky_claims, only=again)
    failures = gate_report(drafts, context, config.extra_risky_claims, per_row=per_row)
    drafts["gate_failures"] = ["; ".join(failures.get(i, [])) for i in drafts.index]
    steps["gates_again"] = time.perf_counter() - started
    retried = sum(1 for r in first.values() if r)
    return drafts, steps, retried


def overhead(n: int) -> None:
    from handmade_assets.generation.prompts import system_prompt, user_text
    from handmade_assets.generation.schema import ListingFacts
    from handmade_assets.services.generator import LocalComposerGenerator
    from handmade_assets.services.object_store import LocalObjectStore

    listings, image_attributes, reviews, context = synthetic_listings(n)
    before = rss_mb()
    with tempfile.TemporaryDirectory() as tmp:
        composer = RecordingGenerator(LocalComposerGenerator())
        started = time.perf_counter()
        drafts, steps, retried = drafting_body(listings, image_attributes, reviews, context,
                                               composer, LocalObjectStore(root=f"{tmp}/a"))
        total_composer = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        noop = PrecomposedGenerator(composer.results, composer.model_id)
        started = time.perf_counter()
        drafts_noop, steps_noop, _ = drafting_body(listings, image_attributes, reviews, context,
                                                   noop, LocalObjectStore(root=f"{tmp}/b"))
        total_noop = time.perf_counter() - started
    n_drafts = len(drafts)
    frame_bytes = int(drafts.memory_usage(deep=True).sum())
    print(f"\n(b) drafting {n} listings x 24 = {n_drafts} drafts ({retried} retried after gates)")
    print(f"  local composer: {total_composer:.1f} s total, {1e3 * total_composer / n_drafts:.2f} ms/draft; "
          f"composer itself {1e3 * composer.seconds / n_drafts:.2f} ms/draft")
    print(f"  no-op generator: {total_noop:.1f} s total = pipeline overhead "
          f"{1e3 * total_noop / n_drafts:.2f} ms/draft")
    print("  steps (no-op run), ms/draft: " + ", ".join(
        f"{k} {1e3 * v / n_drafts:.2f}" for k, v in steps_noop.items()))
    full = 60_000 * 24
    print(f"  projected overhead for 60,000 x 6 x 4 = {full:,} drafts: "
          f"{full * total_noop / n_drafts / 3600:.1f} h on one process "
          f"({full * total_noop / n_drafts / 3600 / 2:.1f} h on 2 processes)")
    print(f"  drafts frame: {frame_bytes / n_drafts / 1024:.1f} KB/draft -> "
          f"{frame_bytes / n_drafts * full / 2**30:.1f} GB if all {full:,} were one frame; "
          f"{frame_bytes / n_drafts * 500 * 24 / 2**20:.0f} MB per 500-listing partition")
    print(f"  RSS growth during the runs {rss_mb() - before:.0f} MB, peak RSS {peak_rss_mb():.0f} MB")

    # Token sizes of what Bedrock would be sent (characters / 4 as the token estimate).
    chars_in, chars_out = [], []
    for row in drafts[drafts["status"] == "ok"].itertuples():
        facts = ListingFacts.model_validate_json(row.facts_json)
        chars_in.append(len(system_prompt(row.persona, row.locale))
                        + len(user_text(facts, context[row.listing_id])))
        chars_out.append(len(row.content_json))
    print(f"  Bedrock request size per draft (chars/4 ~ tokens): input median "
          f"{np.median(chars_in) / 4:.0f}, output median {np.median(chars_out) / 4:.0f}; "
          f"system prompt {len(system_prompt('maker_advocate', 'en')) / 4:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--listings", type=int, default=None)
    parser.add_argument("--skip-imports", action="store_true")
    args = parser.parse_args()
    runs = args.runs or (3 if args.quick else 7)
    n = args.listings or (60 if args.quick else 500)
    print(f"machine: {machine()}")
    if not args.skip_imports:
        print(f"(a) fresh subprocesses, median of {runs} (inside the interpreter / whole process)")
        for name, code in SNIPPETS.items():
            inside, wall = time_snippet(code, runs)
            print(f"  {name:<46} {inside:6.2f} s  / {wall:6.2f} s", flush=True)
    overhead(n)
    print(f"machine after: {machine()}")


if __name__ == "__main__":
    main()

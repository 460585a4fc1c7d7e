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
(c) Concurrent model calls: `write_drafts` (content hash, draft cache writes, rows) with a
    generator stand-in that only sleeps a fixed latency, standing in for the network wait of a
    Bedrock call (it is not a model), at 1, 4, 16 and 64 calls in flight: wall time, calls/s,
    and what Little's law (calls in flight = calls/s x seconds per call) then asks of an
    overnight backfill at Bedrock's ~6 s per call.
(d) Memory of one 500-listing partition's drafts frame, in a fresh subprocess: peak RSS
    growth while `write_drafts` (local composer) builds its 12,000 rows, and the frame's size.
"""

from __future__ import annotations

import argparse
import json
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
    from handmade_assets_demo.corpus import generate_historical_descriptions

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


class SleepingGenerator:
    """Waits `latency` seconds, as a Bedrock call waits on the network, then returns one draft
    composed beforehand: the pool and the pipeline's own work are all that is measured."""

    def __init__(self, result, model_id: str, latency: float):
        self.result, self.model_id, self.latency = result, model_id, latency

    def generate(self, facts, persona_key, locale, context, images=(), feedback=()):
        time.sleep(self.latency)
        return self.result


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
    from handmade_assets.services.prompts import system_prompt, user_text
    from handmade_assets.generation.schema import ListingFacts
    from handmade_assets.generation.embedded_generator import LocalComposerGenerator
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


BACKFILL_CALLS = 60_000 * 6 * 4
BEDROCK_SECONDS_PER_CALL = 6.0
OVERNIGHT_HOURS = 10


def concurrent_calls(n_listings: int, latency: float = 0.05,
                     levels: tuple[int, ...] = (1, 4, 16, 64)) -> None:
    from handmade_assets.generation.assets import DraftConfig, listing_facts
    from handmade_assets.generation.drafting import DraftCache, write_drafts
    from handmade_assets.generation.embedded_generator import LocalComposerGenerator
    from handmade_assets.services.generator import BedrockClaudeGenerator
    from handmade_assets.services.object_store import LocalObjectStore

    config = DraftConfig()
    per_listing = len(config.personas) * len(config.locales)
    # At least 8 rounds of calls at every level, so ramp-up and the last round do not dominate.
    sizes = {workers: max(n_listings, -(-8 * workers // per_listing)) for workers in levels}
    listings, image_attributes, reviews, context = synthetic_listings(max(sizes.values()))
    all_facts = listing_facts(listings, image_attributes, reviews)
    composer = LocalComposerGenerator()
    first = next(iter(all_facts.values()))
    result = composer.generate(first, config.personas[0], config.locales[0],
                               context[first.listing_id])
    print(f"\n(c) concurrent calls through write_drafts (draft cache on), a stand-in that sleeps "
          f"{1e3 * latency:.0f} ms per call (network wait, no model)")
    measured = {}
    for workers in levels:
        facts = dict(list(all_facts.items())[:sizes[workers]])
        n = len(facts) * per_listing
        generator = SleepingGenerator(result, composer.model_id, latency)
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            write_drafts(facts, context, generator, config.personas, config.locales,
                         cache=DraftCache(LocalObjectStore(root=tmp)), max_concurrent_calls=workers)
            seconds = time.perf_counter() - started
        rate, ideal = n / seconds, workers / latency
        measured[workers] = rate
        print(f"  {workers:>3} in flight, {n:>4} drafts: {seconds:5.2f} s, {rate:6.1f} calls/s "
              f"({100 * rate / ideal:5.1f} % of the ideal {ideal:.0f}/s; "
              f"{1e3 * (seconds - n * latency / workers) / n:.2f} ms/draft above the wait)")
    need_rate = BACKFILL_CALLS / (OVERNIGHT_HOURS * 3600)
    need_in_flight = need_rate * BEDROCK_SECONDS_PER_CALL
    best = max(levels)
    efficiency = measured[best] / (best / latency)
    per_run = BedrockClaudeGenerator.model_fields["max_concurrent_calls"].default
    one_run = per_run / BEDROCK_SECONDS_PER_CALL
    print(f"  backfill of {BACKFILL_CALLS:,} calls in {OVERNIGHT_HOURS} h: {need_rate:.0f} calls/s;"
          f" at {BEDROCK_SECONDS_PER_CALL:.0f} s a call, {need_in_flight:.0f} calls in flight "
          f"(Little's law), e.g. {need_in_flight / per_run:.0f} runs x {per_run}.\n  One run at "
          f"the Bedrock default of {per_run} in flight: {one_run:.1f} calls/s, {BACKFILL_CALLS / one_run / 3600:.0f} h alone. The pool kept "
          f"{100 * efficiency:.0f} % of ideal at {best} in flight here; past that, the account's "
          f"Bedrock requests/tokens-per-minute quotas set the ceiling.")


def _peak_and_current_mb() -> tuple[float, float]:
    with open("/proc/self/status") as status:
        values = {line.split(":")[0]: int(line.split()[1]) / 1024 for line in status
                  if line.startswith(("VmHWM:", "VmRSS:"))}
    return values["VmHWM"], values["VmRSS"]


def partition_rss_child(n_listings: int) -> dict:
    """Run in a fresh interpreter, so that nothing else's memory is counted."""
    from handmade_assets.generation.assets import DraftConfig, listing_facts
    from handmade_assets.generation.drafting import write_drafts
    from handmade_assets.generation.embedded_generator import LocalComposerGenerator

    listings, image_attributes, reviews, context = synthetic_listings(n_listings)
    facts = listing_facts(listings, image_attributes, reviews)
    config = DraftConfig()
    composer = LocalComposerGenerator()
    # One draft first, so the lexicon and template caches are not counted as the frame's.
    write_drafts(dict(list(facts.items())[:1]), context, composer, config.personas, config.locales)
    # Building the synthetic corpus peaked higher than drafting does: reset the high-water mark
    # (Linux: "5" to clear_refs) so the peak measured is write_drafts' own.
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")
    _, rss_before = _peak_and_current_mb()
    drafts = write_drafts(facts, context, composer, config.personas, config.locales)
    peak, rss_after = _peak_and_current_mb()
    return {"drafts": len(drafts), "frame_mb": drafts.memory_usage(deep=True).sum() / 2**20,
            "rss_growth_mb": rss_after - rss_before, "peak_growth_mb": peak - rss_before,
            "peak_mb": peak}


def partition_memory(n_listings: int = 500) -> None:
    code = (f"import json, sys; sys.path.insert(0, {str(Path(__file__).resolve().parent)!r}); "
            f"import pipeline; print(json.dumps(pipeline.partition_rss_child({n_listings})))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    m = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"\n(d) one {n_listings}-listing partition, {m['drafts']:,} drafts (local composer, "
          f"fresh process): drafts frame {m['frame_mb']:.0f} MB; peak RSS grew "
          f"{m['peak_growth_mb']:.0f} MB while write_drafts built it (RSS "
          f"{m['rss_growth_mb']:+.0f} MB after, as freed memory stays with the process; peak "
          f"{m['peak_mb']:.0f} MB)")


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
    concurrent_calls(4 if args.quick else 8)
    partition_memory()
    print(f"machine after: {machine()}")


if __name__ == "__main__":
    main()

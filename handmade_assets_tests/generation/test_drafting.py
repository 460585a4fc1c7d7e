import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from handmade_assets.generation.drafting import DraftCache, retry_failed_gates, write_drafts
from handmade_assets.generation.embedded_generator import LocalComposerGenerator
from handmade_assets.services.generator import GenerationFailed
from handmade_assets.services.object_store import LocalObjectStore
from handmade_assets.taxonomy import LOCALES, PERSONA_KEYS
from handmade_assets_tests.generation.drafting_fixtures import FACTS_BY_LISTING

TOTAL = len(FACTS_BY_LISTING) * len(PERSONA_KEYS) * len(LOCALES)


class CountingGenerator:
    model_id = "local/composer-v1"

    def __init__(self, fail_for: set[tuple[str, str, str]] = frozenset()):
        self.calls: list[tuple[str, str, str, tuple]] = []
        self.fail_for = fail_for

    def generate(self, facts, persona, locale, context, images=(), feedback=()):
        self.calls.append((facts.listing_id, persona, locale, tuple(feedback)))
        if (facts.listing_id, persona, locale) in self.fail_for:
            raise GenerationFailed("model output failed the draft schema", raw_output='{"title": 1}')
        return LocalComposerGenerator().generate(facts, persona, locale, context, images, feedback)


def _cached(root: Path) -> int:
    return len(list((root / "drafts").glob("*/*.json"))) if (root / "drafts").exists() else 0


def test_killed_run_resumes_without_redoing_finished_drafts_and_loses_none(tmp_path):
    script = Path(__file__).with_name("_slow_drafting.py")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    process = subprocess.Popen([sys.executable, str(script), str(tmp_path)], env=env)
    deadline = time.monotonic() + 60
    while _cached(tmp_path) < 20 and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    finished = _cached(tmp_path)
    assert 20 <= finished < TOTAL, "the run must be killed mid-generation"

    generator = CountingGenerator()
    drafts = write_drafts(FACTS_BY_LISTING, {}, generator, PERSONA_KEYS, LOCALES,
                          cache=DraftCache(LocalObjectStore(root=str(tmp_path))))
    assert len(generator.calls) == TOTAL - finished  # nothing finished is redone
    assert len(drafts) == TOTAL and (drafts["status"] == "ok").all()  # nothing lost
    assert int(drafts["reused"].sum()) == finished


def test_unchanged_listings_are_not_regenerated(tmp_path):
    cache = DraftCache(LocalObjectStore(root=str(tmp_path)))
    first = CountingGenerator()
    write_drafts(FACTS_BY_LISTING, {}, first, PERSONA_KEYS, LOCALES, cache=cache)
    assert len(first.calls) == TOTAL
    again = CountingGenerator()
    changed = dict(FACTS_BY_LISTING)
    changed["l0"] = changed["l0"].model_copy(update={"seller_text": "Porcelain, raku fired."})
    write_drafts(changed, {}, again, PERSONA_KEYS, LOCALES, cache=cache)
    assert {call[0] for call in again.calls} == {"l0"}  # only the changed listing
    assert len(again.calls) == len(PERSONA_KEYS) * len(LOCALES)


def test_failed_generation_is_recorded_with_raw_output_and_retried_next_run(tmp_path):
    cache = DraftCache(LocalObjectStore(root=str(tmp_path)))
    broken = {("l1", "visual_poet", "de")}
    drafts = write_drafts(FACTS_BY_LISTING, {}, CountingGenerator(broken), PERSONA_KEYS, LOCALES, cache=cache)
    failed = drafts[drafts["status"] == "failed"]
    assert len(failed) == 1 and failed.iloc[0]["raw_output"] == '{"title": 1}'
    assert "schema" in failed.iloc[0]["error"]
    retry = CountingGenerator()
    write_drafts(FACTS_BY_LISTING, {}, retry, PERSONA_KEYS, LOCALES, cache=cache)
    assert [c[:3] for c in retry.calls] == [("l1", "visual_poet", "de")]


def test_gate_failure_is_regenerated_once_with_the_failure_as_feedback(tmp_path):
    generator = CountingGenerator()
    drafts = write_drafts({"l0": FACTS_BY_LISTING["l0"]}, {}, generator, ["visual_poet"], ["en"])
    reasons = ["repeats 90% of listing l9's draft"]
    retried = retry_failed_gates(drafts, {drafts.index[0]: reasons}, {}, generator)
    assert generator.calls[-1] == ("l0", "visual_poet", "en", tuple(reasons))
    assert retried.iloc[0]["attempt"] == 2
    assert retried.iloc[0]["description"] != drafts.iloc[0]["description"]
    # A second-attempt failure is not retried again: it goes to a person.
    retry_failed_gates(retried, {retried.index[0]: reasons}, {}, generator)
    assert len(generator.calls) == 2

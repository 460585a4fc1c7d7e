"""Drafting with several model calls in flight: bounded, in order, failures kept per draft."""

import threading
import time

import pytest

from handmade_assets.generation.drafting import (
    WINDOW_PER_WORKER,
    DraftCache,
    retry_failed_gates,
    write_drafts,
)
from handmade_assets.generation.embedded_generator import LocalComposerGenerator
from handmade_assets.services.generator import BedrockClaudeGenerator, GenerationFailed
from handmade_assets.services.object_store import LocalObjectStore
from handmade_assets.taxonomy import PERSONA_KEYS
from handmade_assets_tests.generation.drafting_fixtures import FACTS_BY_LISTING

LOCALES = ["en", "de"]
TOTAL = len(FACTS_BY_LISTING) * len(PERSONA_KEYS) * len(LOCALES)  # 60 drafts
LATENCY = 0.02


class SleepingGenerator:
    """Waits like a network call, then composes locally; records how many calls overlap."""

    model_id = "local/composer-v1"

    def __init__(self, fail_for=frozenset(), crash_for=frozenset(), latency=LATENCY):
        self.fail_for, self.crash_for, self.latency = fail_for, crash_for, latency
        self.lock = threading.Lock()
        self.in_flight = self.max_in_flight = 0
        self.finished: list[tuple[str, str, str]] = []
        self.feedback: dict[tuple[str, str, str], tuple[str, ...]] = {}
        self.threads: set[str] = set()

    def generate(self, facts, persona, locale, context, images=(), feedback=()):
        key = (facts.listing_id, persona, locale)
        with self.lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            self.threads.add(threading.current_thread().name)
            self.feedback[key] = tuple(feedback)
        try:
            # Earlier drafts wait longer, so calls finish out of their submission order.
            position = PERSONA_KEYS.index(persona) + len(PERSONA_KEYS) * LOCALES.index(locale)
            time.sleep(self.latency * (1 + (len(PERSONA_KEYS) * len(LOCALES) - position) / 12))
            if key in self.crash_for:
                raise RuntimeError("access denied")
            if key in self.fail_for:
                raise GenerationFailed("model output failed the draft schema", raw_output="{}")
            return LocalComposerGenerator().generate(facts, persona, locale, context, images,
                                                     feedback)
        finally:
            with self.lock:
                self.in_flight -= 1
                self.finished.append(key)


def _draft(generator, concurrency, **kwargs):
    started = time.perf_counter()
    drafts = write_drafts(FACTS_BY_LISTING, {}, generator, PERSONA_KEYS, LOCALES,
                          max_concurrent_calls=concurrency, **kwargs)
    return drafts, time.perf_counter() - started


def test_calls_overlap_up_to_the_bound():
    # What the old wall-time assertion meant: calls really run at once, never more than the
    # bound. The speed-up itself is a figure in benchmarks/pipeline.py.
    serial, concurrent = SleepingGenerator(), SleepingGenerator()
    _draft(serial, 1)
    _draft(concurrent, 4)
    assert serial.max_in_flight == 1
    assert 1 < concurrent.max_in_flight <= 4


def test_rows_come_out_in_listing_locale_persona_order_whatever_order_calls_finish():
    serial, concurrent = SleepingGenerator(), SleepingGenerator()
    expected, _ = _draft(serial, 1)
    drafts, _ = _draft(concurrent, 4)
    assert concurrent.finished != serial.finished  # the calls did finish out of order
    assert list(zip(drafts["listing_id"], drafts["locale"], drafts["persona"])) == [
        (listing_id, locale, persona)
        for listing_id in FACTS_BY_LISTING for locale in LOCALES for persona in PERSONA_KEYS]
    assert drafts.equals(expected)


def test_one_failed_draft_is_recorded_and_the_others_succeed():
    broken = ("l2", "visual_poet", "de")
    generator = SleepingGenerator(fail_for={broken})
    drafts, _ = _draft(generator, 4)
    assert len(generator.finished) == TOTAL
    failed = drafts[drafts["status"] == "failed"]
    assert list(zip(failed["listing_id"], failed["persona"], failed["locale"])) == [broken]
    assert failed.iloc[0]["raw_output"] == "{}"
    assert (drafts.drop(failed.index)["status"] == "ok").all()


def test_an_unexpected_error_stops_the_run_without_working_through_the_queue():
    generator = SleepingGenerator(crash_for={("l0", PERSONA_KEYS[0], "en")})
    with pytest.raises(RuntimeError, match="access denied"):
        _draft(generator, 4)
    assert len(generator.finished) <= WINDOW_PER_WORKER * 4 < TOTAL


def test_drafts_written_concurrently_are_reused_by_the_next_run(tmp_path):
    cache = DraftCache(LocalObjectStore(root=str(tmp_path)))
    first, again = SleepingGenerator(), SleepingGenerator()
    written, _ = _draft(first, 4, cache=cache)
    reused, _ = _draft(again, 4, cache=cache)
    assert len(first.finished) == TOTAL and again.finished == []
    assert reused["reused"].all() and not written["reused"].any()
    assert reused["content_hash"].tolist() == written["content_hash"].tolist()


def test_concurrency_one_calls_the_generator_on_the_calling_thread():
    generator = SleepingGenerator(latency=0)
    _draft(generator, 1)
    assert generator.threads == {threading.current_thread().name}


def test_gate_retries_run_concurrently_and_land_on_their_own_rows():
    drafts, _ = _draft(SleepingGenerator(latency=0), 1)
    failures = {index: [f"reason for row {index}"] for index in drafts.index[::3]}
    generator = SleepingGenerator()
    retried = retry_failed_gates(drafts, failures, {}, generator, max_concurrent_calls=4)
    assert 1 < generator.max_in_flight <= 4
    assert generator.feedback == {
        tuple(drafts.loc[i, ["listing_id", "persona", "locale"]]): tuple(reasons)
        for i, reasons in failures.items()}
    for index in drafts.index:
        same = retried.loc[index, ["listing_id", "locale", "persona"]].tolist()
        assert same == drafts.loc[index, ["listing_id", "locale", "persona"]].tolist()
        assert retried.at[index, "attempt"] == (2 if index in failures else 1)


def test_generators_bound_their_own_calls_in_flight():
    assert LocalComposerGenerator().max_concurrent_calls == 1  # CPU-bound: threads buy nothing
    assert BedrockClaudeGenerator().max_concurrent_calls == 16
    with pytest.raises(ValueError):
        BedrockClaudeGenerator(max_concurrent_calls=0)

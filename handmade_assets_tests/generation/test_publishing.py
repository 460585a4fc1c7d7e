import json
from datetime import datetime, timezone

import pandas as pd
import pytest

from handmade_assets.generation.composer import compose_draft
from handmade_assets.generation.drafting import write_drafts
from handmade_assets.generation.publishing import (
    Approval,
    approval_key,
    load_approvals,
    publish,
    read_history,
    revert,
    select_published,
)
from handmade_assets.generation.embedded_generator import LocalComposerGenerator
from handmade_assets.services.object_store import LocalObjectStore
from handmade_assets.taxonomy import PERSONA_KEYS
from handmade_assets_tests.generation.drafting_fixtures import FACTS_BY_LISTING

T1 = datetime(2026, 11, 20, tzinfo=timezone.utc)
T2 = datetime(2026, 11, 21, tzinfo=timezone.utc)


@pytest.fixture
def drafts():
    facts = {k: FACTS_BY_LISTING[k] for k in ("l0", "l1")}
    frame = write_drafts(facts, {}, LocalComposerGenerator(), PERSONA_KEYS, ["en"])
    frame["gate_failures"] = ""
    return frame


def test_every_cell_publishes_one_passing_draft(drafts):
    published, held = select_published(drafts, None, "uniform")
    assert sorted(published["listing_id"]) == ["l0", "l1"] and held.empty


def test_a_listing_never_publishes_a_failed_draft(drafts):
    drafts.loc[drafts["listing_id"] == "l0", "gate_failures"] = "material 'gold' is not supported"
    drafts.loc[(drafts["listing_id"] == "l1") & (drafts["persona"] != "visual_poet"), "gate_failures"] = "x"
    published, held = select_published(drafts, None, "uniform")
    assert list(published["listing_id"]) == ["l1"]
    assert published.iloc[0]["persona"] == "visual_poet"  # the only passing draft, whatever the allocation
    assert list(held["listing_id"]) == ["l0"]
    assert "gold" in held.iloc[0]["reasons"][0]


def test_reviewer_can_approve_edit_or_reject(drafts):
    drafts.loc[drafts["listing_id"] == "l0", "gate_failures"] = "held"
    edited = compose_draft(FACTS_BY_LISTING["l1"], "maker_advocate", "en").model_copy(
        update={"title": "A raku vase, edited by our team"})
    approvals = {
        ("l0", "en"): Approval(action="approve", reviewer="ana", persona="heritage_historian"),
        ("l1", "en"): Approval(action="edit", reviewer="ben", content=edited),
    }
    published, held = select_published(drafts, None, "uniform", approvals)
    by_listing = published.set_index("listing_id")
    assert by_listing.loc["l0", "persona"] == "heritage_historian"
    assert by_listing.loc["l0", "allocation_source"] == "approved by ana"
    assert by_listing.loc["l1", "title"] == "A raku vase, edited by our team"
    rejected, held = select_published(drafts, None, "uniform",
                                      {("l1", "en"): Approval(action="reject", reviewer="cy", note="wrong glaze")})
    assert "l1" not in set(rejected["listing_id"])
    assert "rejected by cy: wrong glaze" in held.set_index("listing_id").loc["l1", "reasons"]


def test_invalid_approval_file_holds_the_cell_with_a_reason(tmp_path, drafts):
    store = LocalObjectStore(root=str(tmp_path))
    store.put_bytes(approval_key("l0", "en"), b'{"action": "publish-anyway"}')
    approvals = load_approvals(store, [("l0", "en"), ("l1", "en")])
    published, held = select_published(drafts, None, "uniform", approvals)
    assert list(published["listing_id"]) == ["l1"]
    assert "invalid" in held.iloc[0]["reasons"][0]


def test_republishing_the_same_text_changes_nothing_and_history_allows_revert(tmp_path, drafts):
    store = LocalObjectStore(root=str(tmp_path))
    chosen, _ = select_published(drafts, None, "uniform")
    first = publish(store, chosen, "batch-1", now=T1)
    live = (tmp_path / "published" / "en" / "l0.json").read_bytes()
    again = publish(store, chosen, "batch-1", now=T2)
    assert list(again["published_at"]) == list(first["published_at"])
    assert (tmp_path / "published" / "en" / "l0.json").read_bytes() == live
    assert len(read_history(store, "l0", "en")) == 1

    # A different text goes live and is recorded; the old one can be restored.
    other = drafts[(drafts["listing_id"] == "l0") & (drafts["persona"] != chosen.iloc[0]["persona"])].iloc[:1]
    replacement = chosen.copy()
    replacement.iloc[0, replacement.columns.get_loc("content_hash")] = other.iloc[0]["content_hash"]
    replacement.iloc[0, replacement.columns.get_loc("content_json")] = other.iloc[0]["content_json"]
    publish(store, replacement.iloc[:1], "batch-2", now=T2)
    history = read_history(store, "l0", "en")
    assert [h["batch_id"] for h in history] == ["batch-1", "batch-2"]
    entry = revert(store, "l0", "en", history[0]["content_hash"], reviewer="ana")
    live = json.loads((tmp_path / "published" / "en" / "l0.json").read_bytes())
    assert live["content_hash"] == history[0]["content_hash"] and live["source"] == "reverted by ana"
    assert len(read_history(store, "l0", "en")) == 3
    with pytest.raises(KeyError):
        revert(store, "l0", "en", "nope", reviewer="ana")


def _twin_drafts(second_text: str | None = None) -> pd.DataFrame:
    """Two listings a shop wrote as one text with the number swapped (l1 optionally its own)."""
    from handmade_assets.generation.facts import extract_facts

    twin = "A tall bottle form thrown in stoneware and raku fired, with a crackled white glaze that pools at the foot."
    facts = {f"t{i}": extract_facts(listing_id=f"t{i}", category="ceramics", title=f"Raku bottle number {i}",
                                    seller_text=text)
             for i, text in enumerate([twin, second_text or twin])}
    frame = write_drafts(facts, {}, LocalComposerGenerator(), PERSONA_KEYS, ["en"])
    frame["gate_failures"] = ""
    return frame


def test_no_two_listings_publish_descriptions_that_repeat_each_other():
    """Search engines read two near-identical pages as one; the second listing takes another
    persona's draft that does not repeat the first's published text, or waits for a person."""
    from handmade_assets.generation.originality import MAX_PUBLISHED_CONTAINMENT, containment

    drafts = _twin_drafts()
    published, held = select_published(drafts, None, "uniform")
    texts = list(published["description"])
    assert all(max(containment(a, b), containment(b, a)) <= MAX_PUBLISHED_CONTAINMENT
               for i, a in enumerate(texts) for b in texts[i + 1:])
    first = published.iloc[0]
    assert list(published["listing_id"]) == ["t0"] and list(held["listing_id"]) == ["t1"]
    # Every persona's draft of the second listing repeats the first's text: the cell waits for
    # a person, each reason naming the listing it repeats.
    for draft in drafts[drafts["listing_id"] == "t1"].itertuples():
        assert max(containment(draft.description, first["description"]),
                   containment(first["description"], draft.description)) > MAX_PUBLISHED_CONTAINMENT
    reasons = held.iloc[0]["reasons"]
    assert len(reasons) == len(PERSONA_KEYS) and all("listing t0's published description" in r for r in reasons)


def test_a_listing_in_its_own_words_is_published_beside_its_twin():
    published, held = select_published(_twin_drafts(
        "Squat vase with a wide mouth; the copper glaze flashed red and green in the smoke of the kiln."),
        None, "uniform")
    assert sorted(published["listing_id"]) == ["t0", "t1"] and held.empty


def test_a_reviewers_text_counts_as_published_for_the_repeat_check():
    drafts = _twin_drafts()
    edited = compose_draft(FACTS_BY_LISTING["l1"], "maker_advocate", "en")
    t1_text = drafts[drafts["listing_id"] == "t1"].iloc[0]["description"]
    approvals = {("t0", "en"): Approval(action="edit", reviewer="ana", content=edited.model_copy(
        update={"description": t1_text}))}
    published, held = select_published(drafts, None, "uniform", approvals)
    assert list(published["listing_id"]) == ["t0"] and list(held["listing_id"]) == ["t1"]

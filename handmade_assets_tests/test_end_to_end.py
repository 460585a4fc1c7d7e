"""The whole graph on the embedded default, asserted on content (the demo's own code path)."""

from datetime import date
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

from handmade_assets_demo.sample_uploads import (
    HOSTILE_LISTING_ID,
    PLANTED_EMAIL,
    PLANTED_PHONE,
    bad_uploads,
    hostile_reviews,
    sample_listings,
)
from handmade_assets_demo.demo import demo_resources, run_demo
from handmade_assets_demo.traffic import DEFAULT_TRUTH
from handmade_assets.definitions import build_definitions
from handmade_assets.generation.schema import DraftContent
from handmade_assets.taxonomy import LOCALES, PERSONA_KEYS, PERSONAS_BY_KEY

TODAY = date(2026, 11, 25)
# The 27 real listings and the hostile one (an injection and contact details in its text).
N_LISTINGS = len(sample_listings()) + 1


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("data")
    with dg.instance_for_test() as instance:
        result = run_demo(root, instance, n_historical=600, days=10, today=TODAY)
        defs = build_definitions(resources=demo_resources(root))

        def load(name, partition_key=None):
            return defs.load_asset_value(name, instance=instance, partition_key=partition_key)

        yield result, load, root, instance


def test_every_valid_listing_has_its_planned_drafts_per_locale_that_pass_the_schema(demo):
    result, load, _, _ = demo
    listings = load("listings", result.batch_id)
    drafts = load("description_drafts", result.batch_id)
    assert len(listings) == N_LISTINGS == 28
    assert (drafts["status"] == "ok").all(), drafts.loc[drafts["status"] != "ok", "error"].tolist()
    counts = drafts.groupby(["listing_id", "locale"])["persona"].apply(set)
    assert len(counts) == N_LISTINGS * len(LOCALES)
    # The persona publishing draws, and a second only where the first failed its gates: never
    # all six (generation/planning.py).
    assert all(1 <= len(personas) <= 2 for personas in counts)
    assert all(personas <= set(PERSONA_KEYS) for personas in counts)
    published = load("published_descriptions", result.batch_id)
    drafted = set(zip(drafts["listing_id"], drafts["locale"], drafts["persona"]))
    assert all(cell in drafted for cell in zip(published["listing_id"], published["locale"], published["persona"]))
    for content in drafts["content_json"]:
        DraftContent.model_validate_json(content)
    assert drafts["content_hash"].is_unique


def test_rejected_uploads_carry_reasons_naming_listing_and_field(demo):
    result, load, _, _ = demo
    rejected = load("rejected_uploads", result.batch_id)
    assert set(rejected["upload_id"]) == set(bad_uploads())
    for row in rejected.itertuples():
        assert row.field in row.reason and row.upload_id in row.reason


def test_every_cell_is_published_or_waits_for_a_person_with_its_reason(demo):
    result, load, root, _ = demo
    published = load("published_descriptions", result.batch_id)
    held = load("review_queue", result.batch_id)
    cells = set(zip(published["listing_id"], published["locale"]))
    waiting = set(zip(held["listing_id"], held["locale"]))
    assert not cells & waiting
    assert len(cells | waiting) == N_LISTINGS * len(LOCALES)
    assert all(len(reasons) > 0 for reasons in held["reasons"])
    # The demo's listings are all nameable in every locale: nearly every cell is published.
    assert len(cells) >= 0.95 * N_LISTINGS * len(LOCALES)
    assert published["allocation_source"].str.startswith("prompt_scores").all()
    files = sorted((root / "artifacts" / "published").glob("*/*.json"))
    assert len(files) == len(cells)


def test_the_published_text_names_what_each_item_is(demo):
    from handmade_assets.generation import vocabulary as vocab
    from handmade_assets.generation.statements import read_statements

    result, load, _, _ = demo
    listings = load("listings", result.batch_id).set_index("listing_id")
    published = load("published_descriptions", result.batch_id)
    unnamed = []
    for row in published.itertuples(index=False):
        listing = listings.loc[row.listing_id]
        said = read_statements(listing["title"], listing["seller_text"], listing["language"],
                               hints=(*listing["tags"], listing["seller_category"]))
        text = f"{row.title}\n{row.description}".casefold()
        names = [said.product] if row.locale == said.language else []
        if said.product_key:
            names += list(vocab.OBJECTS[said.product_key].get(row.locale, ()))
        if not any(name.casefold() in text for name in names):
            unnamed.append((row.listing_id, row.locale, said.product))
    assert not unnamed


def test_index_returns_the_right_neighbour_for_a_known_description(demo):
    _, load, root, _ = demo
    corpus = load("historical_descriptions")
    resources = demo_resources(root)
    index = resources["vector_store"].open()
    embedder = resources["embedder"]
    row = corpus.iloc[42]
    query = embedder.embed([f"{row['title']}. {row['description']}"])[0]
    top = index.search(query, 1, {"kind": "description"})[0]
    assert top.listing_id == row["listing_id"]
    # Re-running the index job upserts: the document count does not grow.
    assert index.count() == load("vector_index")["documents"]


def test_report_exists_and_names_the_simulated_winner(demo):
    result, load, _, _ = demo
    assert result.report_path.exists()
    html = result.report_path.read_text()
    winner = DEFAULT_TRUTH.true_best()
    assert PERSONAS_BY_KEY[winner].name in html
    assert load("prompt_performance_report", result.week_start)["overall_winner"] == winner


def test_pii_never_reaches_stored_reviews(demo):
    _, load, _, _ = demo
    reviews = load("customer_reviews")
    text = " ".join(reviews["review_text"]) + " ".join(reviews["review_title"])
    assert "@" not in text
    assert not pd.Series(reviews["review_text"]).str.contains(r"\d{3}[-. ]\d{3}[-. ]\d{4}").any()



def test_the_demo_leaves_the_sensor_running_with_its_cursor_so_the_ui_starts_no_run(demo):
    from handmade_assets.catalog.sensors import build_landing_zone_sensor
    from handmade_assets.definitions import process_uploads_job

    _, _, root, instance = demo
    (state,) = [s for s in instance.all_instigator_state() if s.instigator_name == "landing_zone_sensor"]
    assert state.status.value == "RUNNING"
    assert state.origin.repository_origin.code_location_origin.location_name == "handmade_assets"
    # What the daemon's first tick in `dagster dev` evaluates: the stored cursor, the demo's uploads.
    sensor = build_landing_zone_sensor(process_uploads_job)
    with dg.build_sensor_context(instance=instance, resources=demo_resources(root),
                                 cursor=state.instigator_data.cursor) as context:
        assert isinstance(sensor(context), dg.SkipReason)


FRAME_ASSETS = ["raw_uploads", "listings", "rejected_uploads", "image_attributes",
                "description_drafts", "published_descriptions", "review_queue"]


def test_the_demo_batch_passes_every_check_and_shows_its_frames_and_texts(demo):
    result, load, root, instance = demo
    checks = build_definitions(resources=demo_resources(root)).resolve_asset_graph().asset_check_keys
    statuses = {}
    for key in checks:
        history = instance.event_log_storage.get_asset_check_execution_history(key, limit=20)
        statuses[key.name] = next(r.status.value for r in history if r.partition == result.batch_id)
    assert set(statuses) >= {"drafts_pass_quality_gates", "published_coverage"}
    assert set(statuses.values()) == {"SUCCEEDED"}, statuses

    def metadata(name):
        (record,) = instance.fetch_materializations(
            dg.AssetRecordsFilter(asset_key=dg.AssetKey(name), asset_partitions=[result.batch_id]),
            limit=1).records
        return record.asset_materialization.metadata

    for name in FRAME_ASSETS:
        assert metadata(name)["dagster/row_count"].value == len(load(name, result.batch_id)), name
        assert metadata(name)["dagster/column_schema"].schema.columns, name
    assert "Gate: passed every gate" in metadata("published_descriptions")["previews"].value
    rejections = metadata("rejected_uploads")["rejections"].records
    assert {r.data["upload_id"] for r in rejections} == set(bad_uploads())


def test_a_second_upload_batch_runs_through_the_sensor_and_publishes_only_its_listing(demo):
    import json

    from handmade_assets_demo.sample_uploads import SAMPLE_DIR, write_upload
    from handmade_assets.catalog.sensors import build_landing_zone_sensor
    from handmade_assets.definitions import process_uploads_job

    first, load, root, instance = demo
    resources = demo_resources(root)
    document = {**sample_listings()[5], "listing_id": "new-vase", "title": "Small raku vase in blue"}
    write_upload(resources["landing_zone"], "new-vase", json.dumps(document).encode(),
                 {name: (SAMPLE_DIR / name).read_bytes() for name in document["photos"]})
    sensor = build_landing_zone_sensor(process_uploads_job)
    with dg.build_sensor_context(instance=instance, resources=resources) as context:
        everything = sensor(context)
    with dg.build_sensor_context(instance=instance, resources=resources,
                                 cursor=everything.cursor) as context:
        assert isinstance(sensor(context), dg.SkipReason)
    # Run the batch that holds only the new upload, as the daemon would after the first tick.
    from handmade_assets.catalog.batches import make_batch, new_uploads, SensorCursor, write_manifest

    refs = [r for r in new_uploads(resources["landing_zone"].list_objects("uploads"), SensorCursor())
            if r.upload_id == "new-vase"]
    batch = make_batch(refs)
    write_manifest(resources["artifact_store"], batch)
    instance.add_dynamic_partitions("upload_batches", [batch.batch_id])
    defs = build_definitions(resources=resources)
    run = defs.resolve_job_def("process_uploads").execute_in_process(
        instance=instance, partition_key=batch.batch_id)
    assert run.success
    published = load("published_descriptions", batch.batch_id)
    assert set(published["listing_id"]) == {"new-vase"}
    assert len(published) == len(LOCALES)
    # The first batch's outputs are untouched.
    assert len(load("published_descriptions", first.batch_id)) == N_LISTINGS * len(LOCALES)


PLANTED_PII = [PLANTED_EMAIL, PLANTED_PHONE, "jane.doe@example.org", "415-555-0142", "Jane Doe", "Tom Smith"]


def _every_stored_byte(root: Path):
    """Every asset output and artifact; the landing zone (sellers' originals) is excluded."""
    for folder in ("io", "artifacts", "vector_index"):
        for path in (root / folder).rglob("*"):
            if path.is_file():
                yield path, path.read_bytes()


def test_personal_data_survives_into_no_asset_or_artifact(demo):
    _, _, root, _ = demo
    leaks = [(path.relative_to(root), pii) for path, data in _every_stored_byte(root)
             for pii in PLANTED_PII if pii.encode() in data]
    assert leaks == []
    # The originals are still where the seller and reviewers put them: nothing is lost.
    landing = b"".join(p.read_bytes() for p in (root / "landing").rglob("*") if p.is_file())
    assert PLANTED_EMAIL.encode() in landing and b"jane.doe@example.org" in landing


def test_injected_instructions_are_neither_obeyed_nor_echoed(demo):
    result, load, _, _ = demo
    drafts = load("description_drafts", result.batch_id)
    hostile = drafts[drafts["listing_id"] == HOSTILE_LISTING_ID]
    assert set(hostile["locale"]) == set(LOCALES)
    text = " ".join(hostile["content_json"]).lower()
    for marker in ("iphone", "system prompt", "ignore previous", "ignore all previous", "cures", "anxiety"):
        assert marker not in text
    published = load("published_descriptions", result.batch_id)
    assert set(published.loc[published["listing_id"] == HOSTILE_LISTING_ID, "locale"]) == set(LOCALES)


def test_rematerializing_leaves_the_same_state_and_counts_nothing_twice(demo):
    result, load, root, instance = demo
    defs = build_definitions(resources=demo_resources(root))
    published_before = load("published_descriptions", result.batch_id)
    live_before = {p: p.read_bytes() for p in (root / "artifacts" / "published").rglob("*.json")}
    index_before = load("vector_index")["documents"]
    day = "2026-11-20"
    metrics_before = load("engagement_metrics", day)

    for job, key in (("process_uploads", result.batch_id), ("refresh_index", None), ("daily_engagement", day)):
        assert defs.resolve_job_def(job).execute_in_process(instance=instance, partition_key=key).success

    published_after = load("published_descriptions", result.batch_id)
    pd.testing.assert_frame_equal(published_before, published_after)
    assert {p: p.read_bytes() for p in (root / "artifacts" / "published").rglob("*.json")} == live_before
    drafts = load("description_drafts", result.batch_id)
    assert drafts["reused"].all()  # nothing regenerated: the inputs did not change
    assert load("vector_index")["documents"] == index_before
    assert resources_count(root) == index_before
    assert len(load("embeddings")["records"]) == 0  # an unchanged corpus is not embedded again
    pd.testing.assert_frame_equal(load("engagement_metrics", day), metrics_before)


def resources_count(root: Path) -> int:
    return demo_resources(root)["vector_store"].open().count()


def test_prompt_scores_show_the_engagement_trend_as_a_plot_and_a_table(demo):
    _, _, _, instance = demo
    event = instance.get_latest_materialization_event(dg.AssetKey("prompt_scores"))
    metadata = event.asset_materialization.metadata
    assert metadata["engagement_trend"].md_str.startswith("![Daily CTR and conversion per persona")
    assert "](data:image/png;base64,iVBORw0KGgo" in metadata["engagement_trend"].md_str
    assert len(metadata["engagement_trend_table"].records) > 0

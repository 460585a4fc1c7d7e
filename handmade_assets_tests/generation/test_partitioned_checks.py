"""Check results belong to the upload batch they judged: a later batch's pass does not hide a
failed one."""

import warnings

import dagster as dg

from handmade_assets.catalog.partitions import upload_batches
from handmade_assets.definitions import build_definitions
from handmade_assets.generation.checks import DRAFT_CHECKS, GATES, PUBLISHED_CHECKS, check_specs
from handmade_assets.resources import local_resources


def test_every_generation_check_is_partitioned_like_its_asset_and_says_what_it_stops(tmp_path):
    defs = build_definitions(resources=local_resources(tmp_path))
    graph = defs.resolve_asset_graph()
    keys = graph.asset_check_keys
    assert {k.name for k in keys} >= set(DRAFT_CHECKS) | set(PUBLISHED_CHECKS)
    for key in keys:
        spec = graph.get_check_spec(key)
        assert spec.partitions_def == upload_batches, key
        assert spec.metadata["stops_publication"] == GATES[key.name]


def test_check_specs_raise_no_preview_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        check_specs("description_drafts", DRAFT_CHECKS, upload_batches)


def _latest_evaluations(instance: dg.DagsterInstance, asset: str) -> dict[tuple[str, str], str]:
    """(check, partition) -> status of its newest execution, as the UI reads them."""
    latest = {}
    for name in DRAFT_CHECKS:
        key = dg.AssetCheckKey(dg.AssetKey(asset), name)
        for record in instance.event_log_storage.get_asset_check_execution_history(key, limit=50):
            latest.setdefault((name, record.partition), record.status.value)  # newest first
    return latest


def test_a_failed_batch_stays_failed_after_another_batch_passes():
    @dg.asset(name="description_drafts", partitions_def=upload_batches,
              check_specs=check_specs("description_drafts", DRAFT_CHECKS, upload_batches))
    def drafts(context: dg.AssetExecutionContext):
        yield dg.Output(context.partition_key)
        for name in DRAFT_CHECKS:
            yield dg.AssetCheckResult(check_name=name, passed=context.partition_key != "bad",
                                      severity=dg.AssetCheckSeverity.WARN)

    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(upload_batches.name, ["bad", "good"])
        for batch in ("bad", "good"):
            result = dg.materialize([drafts], instance=instance, partition_key=batch,
                                    resources={"io_manager": dg.mem_io_manager})
            assert result.success
        latest = _latest_evaluations(instance, "description_drafts")
    assert latest[("drafts_pass_quality_gates", "bad")] == "FAILED"
    assert latest[("drafts_pass_quality_gates", "good")] == "SUCCEEDED"
    assert ("drafts_pass_quality_gates", None) not in latest

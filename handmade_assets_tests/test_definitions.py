"""The code location loads, lists everything it should, and stays cheap to import."""

import subprocess
import sys
from datetime import datetime, timedelta

import dagster as dg
import pytest

from handmade_assets.definitions import build_definitions
from handmade_assets.resources import aws_resources, local_resources

EXPECTED_ASSETS = {
    "raw_uploads", "listings", "rejected_uploads",
    "customer_reviews", "review_attributes",
    "historical_descriptions", "embeddings", "vector_index",
    "image_attributes", "retrieved_context", "description_drafts", "published_descriptions",
    "review_queue",
    "engagement_events", "engagement_metrics", "prompt_scores",
    "prompt_performance_report",
}
EXPECTED_CHECKS = {
    ("description_drafts", "drafts_match_schema"),
    ("description_drafts", "drafts_complete"),
    ("description_drafts", "drafts_pass_quality_gates"),
    ("published_descriptions", "published_coverage"),
}
EXPECTED_JOBS = {"process_uploads", "refresh_index", "daily_engagement", "weekly_report"}
EXPECTED_SCHEDULES = {"daily_engagement_schedule", "weekly_report_schedule", "refresh_index_schedule"}
EXPECTED_SENSORS = {"landing_zone_sensor"}


def test_definitions_list_every_asset_check_job_schedule_and_sensor(tmp_path):
    defs = build_definitions(resources=local_resources(tmp_path))
    repository = defs.get_repository_def()
    assets = {key.to_user_string() for key in repository.asset_graph.get_all_asset_keys()}
    assert assets == EXPECTED_ASSETS
    checks = {(k.asset_key.to_user_string(), k.name) for k in repository.asset_graph.asset_check_keys}
    assert checks == EXPECTED_CHECKS
    assert {job.name for job in repository.get_all_jobs()} >= EXPECTED_JOBS
    assert {s.name for s in repository.schedule_defs} == EXPECTED_SCHEDULES
    assert {s.name for s in repository.sensor_defs} == EXPECTED_SENSORS


def test_definitions_validate_as_dagster_dev_would_load_them(tmp_path):
    # Catches invalid partition mappings, which only surface when the asset graph is resolved.
    dg.Definitions.validate_loadable(build_definitions(resources=local_resources(tmp_path)))


def test_weekly_report_schedule_runs_on_mondays(tmp_path):
    defs = build_definitions(resources=local_resources(tmp_path))
    schedule = defs.get_schedule_def("weekly_report_schedule")
    assert schedule.cron_schedule.split()[-1] == "1"


def _next_tick(cron: str, after: datetime) -> datetime:
    """The first minute after `after` that a "M H * * D" cron (D a weekday or *) names."""
    minute, hour, _, _, weekday = cron.split()
    moment = after.replace(second=0, microsecond=0) + timedelta(minutes=1)
    while not (moment.minute == int(minute) and moment.hour == int(hour)
               and weekday in ("*", str(moment.isoweekday() % 7))):
        moment += timedelta(minutes=1)
    return moment


@pytest.mark.parametrize(("asset", "schedule"), [
    ("prompt_scores", "daily_engagement_schedule"),
    ("prompt_performance_report", "weekly_report_schedule"),
])
def test_a_scheduled_assets_deadline_falls_after_its_schedule_and_within_the_window(tmp_path, asset, schedule):
    """The schedule starts the run; the freshness policy says when its output is late. A deadline
    before the schedule's tick, or a window that does not reach back to it, would flag every run."""
    defs = build_definitions(resources=local_resources(tmp_path))
    policy = defs.resolve_asset_graph().get(dg.AssetKey(asset)).freshness_policy
    assert policy is not None, f"{asset} has no freshness policy"
    tick = _next_tick(defs.get_schedule_def(schedule).cron_schedule, datetime(2026, 12, 7))
    deadline = _next_tick(policy.deadline_cron, tick)
    assert tick < deadline <= tick + timedelta(days=1)
    assert deadline - policy.lower_bound_delta <= tick


def test_aws_resources_build_without_touching_aws(monkeypatch):
    for name in ("AWS_REGION", "HANDMADE_LANDING_BUCKET", "HANDMADE_ARTIFACT_BUCKET",
                 "HANDMADE_OPENSEARCH_URL", "HANDMADE_BEDROCK_MODEL_ID"):
        monkeypatch.setenv(name, "x")
    resources = aws_resources()
    defs = build_definitions(resources=resources)
    assert type(resources["generator"]).__name__ == "BedrockClaudeGenerator"
    assert type(resources["vector_store"]).__name__ == "OpenSearchVectorStore"
    assert defs.get_repository_def().has_job("process_uploads")


def test_unknown_environment_is_refused(monkeypatch):
    monkeypatch.setenv("HANDMADE_ENV", "staging")
    import pytest

    with pytest.raises(ValueError, match="HANDMADE_ENV"):
        build_definitions()


def test_importing_the_package_loads_no_heavy_module():
    # What made imports slow: torch, sentence-transformers, matplotlib, boto3 and the PII name
    # lists must load lazily, not at import. The import time is a figure in
    # benchmarks/pipeline.py, not a timed assertion.
    heavy = ["torch", "sentence_transformers", "matplotlib", "boto3", "dagster_aws", "faker",
             "phonenumbers", "usearch", "polars", "presidio_analyzer", "spacy"]
    code = ("import sys, json; import handmade_assets.definitions; "
            f"print(json.dumps([m for m in {heavy!r} if m in sys.modules]))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout
    assert loaded.strip() == "[]", loaded


def test_loading_the_definitions_raises_no_beta_or_preview_warning(tmp_path):
    """Every `dagster dev` start printed BetaWarnings. The one beta parameter with no stable
    equivalent is silenced where it is built (engagement/partitions.py `trailing_window`); any
    other beta or preview API still shows up here."""
    code = (
        "import json, warnings\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    import dagster as dg, handmade_assets.definitions as d\n"
        "    d.defs().resolve_asset_graph()\n"
        "print(json.dumps([str(w.message) for w in caught\n"
        "                  if issubclass(w.category, (dg.BetaWarning, dg.PreviewWarning))]))"
    )
    import os

    env = {**os.environ, "HANDMADE_DATA_DIR": str(tmp_path), "DAGSTER_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env=env).stdout
    assert out.strip() == "[]", out


def test_the_trailing_window_still_cuts_at_the_first_partition():
    """The silenced parameter is still set: the first day of an experiment maps to that day only."""
    from handmade_assets.engagement.partitions import ENGAGEMENT_START, daily_partitions, trailing_window

    mapping = trailing_window(-13)
    assert mapping.allow_nonexistent_upstream_partitions
    upstream = mapping.get_upstream_mapped_partitions_result_for_partitions(
        daily_partitions.empty_subset().with_partition_keys([ENGAGEMENT_START]),
        daily_partitions, daily_partitions)
    assert list(upstream.partitions_subset.get_partition_keys()) == [ENGAGEMENT_START]


def _dg_check_defs(tmp_path, **environ) -> subprocess.CompletedProcess:
    """`dg check defs` in the project folder, as CI and a developer run it."""
    import os
    from pathlib import Path

    dg_cli = Path(sys.executable).with_name("dg")
    env = {**os.environ, "VIRTUAL_ENV": sys.prefix, "HANDMADE_DATA_DIR": str(tmp_path),
           "DAGSTER_HOME": str(tmp_path), **environ}
    return subprocess.run([str(dg_cli), "check", "defs"], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[1], env=env)


def test_dg_check_defs_loads_the_project(tmp_path):
    result = _dg_check_defs(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All definitions loaded successfully" in result.stdout + result.stderr


def test_dg_check_defs_fails_on_definitions_that_cannot_load(tmp_path):
    result = _dg_check_defs(tmp_path, HANDMADE_ENV="staging")
    assert result.returncode == 1
    assert "HANDMADE_ENV must be one of" in result.stdout + result.stderr

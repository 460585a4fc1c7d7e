"""The code location test_run_healing.py runs through a real dagster-daemon: a small stand-in for
process_uploads (in-process executor, a `generator`-pool step between an upstream and a publish
step). Every step appends its run id to a file under $HEALING_TEST_STATE, so the test can tell
which run executed what; the generator step records its process id (the run worker's, with the
in-process executor) and waits until the test has killed that process.
"""

import os
import time
from pathlib import Path

import dagster as dg


def _state() -> Path:
    return Path(os.environ["HEALING_TEST_STATE"])


def _record(step: str, run_id: str) -> None:
    with (_state() / f"{step}.log").open("a") as log:
        log.write(run_id + "\n")


@dg.asset
def healing_listings(context: dg.AssetExecutionContext) -> list[str]:
    _record("listings", context.run_id)
    return ["a", "b"]


@dg.asset(pool="generator")
def healing_drafts(context: dg.AssetExecutionContext, healing_listings: list[str]) -> list[str]:
    _record("drafts", context.run_id)
    (_state() / f"worker-{context.run_id}.pid").write_text(str(os.getpid()))
    # The first attempt waits here, holding its `generator` slot, until the test kills this
    # process; the test then writes `release`, so the automatic retry goes straight through.
    deadline = time.monotonic() + 600
    while not (_state() / "release").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    return [f"draft {item}" for item in healing_listings]


@dg.asset
def healing_published(context: dg.AssetExecutionContext, healing_drafts: list[str]) -> int:
    _record("published", context.run_id)
    return len(healing_drafts)


healing_job = dg.define_asset_job(
    "healing_job",
    selection=[healing_listings, healing_drafts, healing_published],
    executor_def=dg.in_process_executor,
)

defs = dg.Definitions(
    assets=[healing_listings, healing_drafts, healing_published],
    jobs=[healing_job],
    resources={"io_manager": dg.FilesystemIOManager(base_dir=str(_state() / "io"))},
)

"""Run the whole platform once, end to end, on the embedded default: `python -m handmade_assets_demo.demo`.

Seeds the local landing zone, then runs the production jobs in order against a persistent
Dagster instance (so `dagster dev` shows every run and materialization afterwards): review
mining and indexing, two weeks of engagement with prompt scoring, the landing-zone sensor and
the upload batch it starts (validation, photos, RAG, drafts, gates, publishing), and the weekly
report.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import dagster as dg

from handmade_assets.catalog.sensors import build_landing_zone_sensor
from handmade_assets.definitions import build_definitions, process_uploads_job
from handmade_assets.reporting.assets import report_key
from handmade_assets.resources import data_dir, local_resources
from handmade_assets_demo.seeding import seed_landing_zone
from handmade_assets_demo.traffic_source import LocalTrafficSimulator


@dataclass
class DemoResult:
    batch_id: str
    week_start: str
    report_path: Path
    published_dir: Path
    timings: dict[str, float] = field(default_factory=dict)
    runs_succeeded: bool = True


def report_week(today: date) -> date:
    """Monday of the last complete Monday–Sunday week before `today`."""
    this_monday = today - timedelta(days=today.weekday())
    return this_monday - timedelta(days=7)


def _execute(defs: dg.Definitions, job_name: str, instance: dg.DagsterInstance,
             partition_key: str | None = None) -> None:
    result = defs.resolve_job_def(job_name).execute_in_process(
        instance=instance, partition_key=partition_key, raise_on_error=True,
        # Every event still lands in the instance (and the UI); the terminal shows only trouble.
        run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
    )
    if not result.success:
        raise RuntimeError(f"{job_name} [{partition_key}] failed")


def demo_resources(root: Path) -> dict[str, object]:
    """The embedded default, with simulated shoppers standing in for a storefront's event files."""
    return {**local_resources(root), "engagement_source": LocalTrafficSimulator()}


SENSOR = "landing_zone_sensor"
# The code location as workspace.yaml and pyproject.toml name it: a sensor's stored state is keyed
# on location, repository and sensor name, so the cursor must be stored under the UI's name.
WORKSPACE = """load_from:
  - python_module:
      module_name: handmade_assets.definitions
      attribute: defs
      location_name: handmade_assets
"""


def store_sensor_cursor(instance: dg.DagsterInstance, cursor: str) -> None:
    """Leave the sensor as the daemon leaves it after a tick: running, with this cursor stored,
    so `dagster dev` on this instance finds no new uploads and starts no run.

    Dagster's public way to write a sensor's stored state is its CLI (`dagster sensor cursor`,
    then `start`: setting a cursor on a sensor without stored state stores it stopped)."""
    if instance.root_directory is None:
        raise ValueError("the demo needs a persistent instance (DAGSTER_HOME) to store the cursor in")
    env = {**os.environ, "DAGSTER_HOME": instance.root_directory}
    with tempfile.TemporaryDirectory() as folder:
        workspace = Path(folder) / "workspace.yaml"
        workspace.write_text(WORKSPACE)
        for command in (["cursor", SENSOR, "--set", cursor], ["start", SENSOR]):
            done = subprocess.run(
                [sys.executable, "-m", "dagster", "sensor", *command, "-w", str(workspace)],
                env=env, capture_output=True, text=True)
            if done.returncode:
                raise RuntimeError(f"dagster sensor {command[0]} failed: {done.stderr[-2000:]}")


def run_demo(root: Path, instance: dg.DagsterInstance, *, n_historical: int = 2000,
             days: int = 14, today: date | None = None, fresh: bool = True) -> DemoResult:
    today = today or date.today()
    if fresh and root.exists():
        shutil.rmtree(root)
    resources = demo_resources(root)
    defs = build_definitions(resources=resources)
    timings: dict[str, float] = {}

    def timed(name, fn, *args, **kwargs):
        started = time.perf_counter()
        value = fn(*args, **kwargs)
        timings[name] = round(time.perf_counter() - started, 2)
        return value

    timed("seed landing zone", seed_landing_zone, resources["landing_zone"], n_historical=n_historical)
    timed("reviews + index", _execute, defs, "refresh_index", instance)

    def engagement():
        for offset in range(days, 0, -1):
            _execute(defs, "daily_engagement", instance, (today - timedelta(days=offset)).isoformat())
    timed(f"engagement ({days} days)", engagement)

    def sensor_tick() -> str:
        # Every demo upload is written whole before this one tick; the one missing a photo is
        # meant to be rejected now, not after the grace period a real upload gets.
        sensor = build_landing_zone_sensor(process_uploads_job, grace=timedelta(0))
        with dg.build_sensor_context(instance=instance, resources=resources) as context:
            result = sensor(context)
        for request in result.dynamic_partitions_requests:
            instance.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys))
        store_sensor_cursor(instance, result.cursor)
        (run_request,) = result.run_requests
        return run_request.partition_key
    batch_id = timed("sensor tick", sensor_tick)
    timed("process uploads", _execute, defs, "process_uploads", instance, batch_id)

    week = report_week(today)
    timed("weekly report", _execute, defs, "weekly_report", instance, week.isoformat())
    return DemoResult(
        batch_id=batch_id,
        week_start=week.isoformat(),
        report_path=root / "artifacts" / report_key(week.isoformat()),
        published_dir=root / "artifacts" / "published",
        timings=timings,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--historical", type=int, default=2000, help="historical descriptions to index")
    parser.add_argument("--days", type=int, default=14, help="days of simulated engagement")
    parser.add_argument("--keep", action="store_true", help="keep the existing data folder")
    args = parser.parse_args(argv)

    os.environ.setdefault("DAGSTER_HOME", str(Path(".dagster_home").resolve()))
    home = Path(os.environ["DAGSTER_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists() and Path("dagster.yaml").exists():
        shutil.copy("dagster.yaml", home / "dagster.yaml")
    root = data_dir()
    started = time.perf_counter()
    with dg.DagsterInstance.get() as instance:
        result = run_demo(root, instance, n_historical=args.historical, days=args.days,
                          fresh=not args.keep)
    total = time.perf_counter() - started

    published = sorted(result.published_dir.glob("*/*.json"))
    print("\nhandmade-assets demo finished on the embedded default")
    for step, seconds in result.timings.items():
        print(f"  {step:<28} {seconds:7.2f} s")
    print(f"  {'total':<28} {total:7.2f} s")
    print(f"\nupload batch:            {result.batch_id}")
    print(f"published descriptions:  {result.published_dir}  ({len(published)} files)")
    print(f"weekly report:           {result.report_path}")
    print(f"rejected uploads:        see asset 'rejected_uploads' in the UI")
    print(f"\nopen the UI:             DAGSTER_HOME={home} HANDMADE_DATA_DIR={root} "
          ".venv/bin/dagster dev")


if __name__ == "__main__":
    main()

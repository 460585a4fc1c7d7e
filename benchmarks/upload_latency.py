"""Upload to published description, end to end, with a running `dagster dev`.

    .venv/bin/python benchmarks/upload_latency.py             # 20 uploads
    .venv/bin/python benchmarks/upload_latency.py --quick     # 5 uploads

Seeds a temporary landing zone (synthetic corpus and reviews, no uploads), builds the index with
the `refresh_index` job, starts `dagster dev` on 127.0.0.1 with a temporary DAGSTER_HOME and
HANDMADE_DATA_DIR, then drops uploads into the landing zone one at a time (photos first,
listing.json last, as sellers' clients do) and times each until its JSON exists under
artifacts/published/<locale>/ for every locale. Each upload waits for the previous one, so the
figure is latency, not queueing.

From the Dagster instance it splits each upload's time into: waiting for the sensor (drop to run
created), run launch (created to RUN_START: a new process loads the code location), steps, and
the rest. The model's share is the local composer's (measured by benchmarks/pipeline.py at about
2 ms per draft, 24 drafts per listing). Stops the server at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
LOCALES = ("en", "de", "fr", "es")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seed(root: Path, home: Path, n_historical: int) -> float:
    import dagster as dg

    from handmade_assets.definitions import build_definitions
    from handmade_assets.resources import local_resources
    from handmade_assets_demo.seeding import seed_corpus, seed_reviews

    resources = local_resources(root)
    corpus = seed_corpus(resources["landing_zone"], n_historical, seed=7)
    seed_reviews(resources["landing_zone"], corpus, seed=7)
    started = time.perf_counter()
    with dg.DagsterInstance.from_config(str(home)) as instance:
        result = build_definitions(resources=resources).resolve_job_def("refresh_index") \
            .execute_in_process(instance=instance, raise_on_error=True)
        assert result.success
    return time.perf_counter() - started


def wait_for_server(port: int, server: subprocess.Popen, timeout: float = 180) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if server.poll() is not None:
            raise RuntimeError("dagster dev exited early")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=2):
                return time.perf_counter() - started
        except OSError:
            time.sleep(0.5)
    raise TimeoutError("dagster dev did not answer")


def run_breakdown(home: Path, listing_ids: list[str]) -> dict[str, dict]:
    """Per listing: run created/started/ended times and step durations, from the instance."""
    import dagster as dg

    out = {}
    with dg.DagsterInstance.from_config(str(home)) as instance:
        runs = instance.get_runs(filters=dg.RunsFilter(job_name="process_uploads"))
        records = {r.dagster_run.run_id: r for r in instance.get_run_records(
            filters=dg.RunsFilter(job_name="process_uploads"))}
        for run in runs:
            record = records[run.run_id]
            steps: dict[str, float] = {}
            starts: dict[str, float] = {}
            for entry in instance.all_logs(run.run_id):
                event = entry.dagster_event
                if event is None or not event.step_key:
                    continue
                if event.event_type_value == "STEP_START":
                    starts[event.step_key] = entry.timestamp
                elif event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE"):
                    steps[event.step_key] = entry.timestamp - starts.get(event.step_key, entry.timestamp)
            out[run.tags.get("dagster/partition", run.run_id)] = {
                "created": record.create_timestamp.timestamp(),
                "started": record.start_time,
                "ended": record.end_time,
                "status": run.status.value,
                "steps": steps,
            }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--uploads", type=int, default=None)
    parser.add_argument("--historical", type=int, default=500)
    parser.add_argument("--timeout", type=float, default=300, help="seconds to wait per upload")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders")
    args = parser.parse_args()
    n_uploads = args.uploads or (5 if args.quick else 20)

    from handmade_assets_demo.sample_uploads import PHOTO_NAMES, SAMPLE_DIR, sample_listings, write_upload
    from handmade_assets.services.object_store import LocalObjectStore

    print(f"machine: {machine()}")
    tmp = Path(tempfile.mkdtemp(prefix="upload_latency_"))
    home, root = tmp / "dagster_home", tmp / "data"
    home.mkdir()
    shutil.copy(REPO / "dagster.yaml", home / "dagster.yaml")
    env = {**os.environ, "DAGSTER_HOME": str(home), "HANDMADE_DATA_DIR": str(root),
           "HANDMADE_ENV": "local"}
    os.environ.update({"DAGSTER_HOME": str(home), "HANDMADE_DATA_DIR": str(root)})
    seconds = seed(root, home, args.historical)
    print(f"seeded {args.historical} historical descriptions and built the index in {seconds:.1f} s",
          flush=True)

    port = free_port()
    log = open(tmp / "dagster_dev.log", "w")
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("dagster")), "dev", "-m", "handmade_assets.definitions",
         "-h", "127.0.0.1", "-p", str(port)],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    results = []
    try:
        print(f"dagster dev answered after {wait_for_server(port, server):.1f} s on port {port}",
              flush=True)
        time.sleep(5)  # let the daemon start its sensor loop
        landing = LocalObjectStore(root=str(root / "landing"))
        published = root / "artifacts" / "published"
        templates = sample_listings()
        photos = {name: (SAMPLE_DIR / name).read_bytes() for name in PHOTO_NAMES}
        for i in range(n_uploads):
            document = dict(templates[i % len(templates)])
            document["listing_id"] = f"bench-{int(time.time())}-{i:02d}"
            upload_id = document["listing_id"]
            files = {name: photos[name] for name in document["photos"]}
            dropped = time.time()
            write_upload(landing, upload_id, json.dumps(document, ensure_ascii=False).encode(), files)
            targets = [published / locale / f"{document['listing_id']}.json" for locale in LOCALES]
            while not all(t.exists() for t in targets):
                if time.time() - dropped > args.timeout:
                    break
                time.sleep(0.2)
            done = time.time()
            ok = all(t.exists() for t in targets)
            results.append({"listing_id": document["listing_id"], "dropped": dropped,
                            "published": done if ok else None})
            print(f"upload {i + 1:>2}: {'published' if ok else 'TIMED OUT'} after "
                  f"{done - dropped:6.1f} s", flush=True)
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()

    latencies = [r["published"] - r["dropped"] for r in results if r["published"]]
    print(f"\n{len(latencies)}/{len(results)} uploads published")
    if latencies:
        print(f"upload -> published: p50 {np.median(latencies):.1f} s, p95 "
              f"{np.quantile(latencies, 0.95):.1f} s, max {max(latencies):.1f} s (bar: p95 < 60 s)")
    runs = run_breakdown(home, [r["listing_id"] for r in results])
    # Runs are keyed by batch partition; match each upload to the run created next after its drop.
    ordered = sorted(runs.values(), key=lambda r: r["created"])
    parts = {"sensor wait": [], "run launch": [], "steps": [], "after run": []}
    step_times: dict[str, list[float]] = {}
    for r in results:
        if not r["published"]:
            continue
        run = next((x for x in ordered if x["created"] >= r["dropped"] - 1), None)
        if run is None or run["started"] is None or run["ended"] is None:
            continue
        parts["sensor wait"].append(run["created"] - r["dropped"])
        parts["run launch"].append(run["started"] - run["created"])
        parts["steps"].append(run["ended"] - run["started"])
        parts["after run"].append(r["published"] - run["ended"])
        for step, s in run["steps"].items():
            step_times.setdefault(step, []).append(s)
    print("where the time goes (median s per upload):")
    for name, values in parts.items():
        if values:
            print(f"  {name:<14} {np.median(values):6.1f}  (p95 {np.quantile(values, 0.95):.1f})")
    for step, values in sorted(step_times.items(), key=lambda kv: -np.median(kv[1])):
        print(f"    step {step:<38} {np.median(values):6.2f}")
    print("model time: the local composer, ~2 ms x 24 drafts = ~0.05 s per listing "
          "(benchmarks/pipeline.py); with Bedrock it would be the drafts' generation latency.")
    print(f"machine after: {machine()}")
    if args.keep:
        print(f"kept {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

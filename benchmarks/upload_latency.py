"""Upload to published description, end to end, with a running `dagster dev`, today's code beside
a baseline commit's in one run.

    .venv/bin/python benchmarks/upload_latency.py --json /tmp/upload_latency.json  # 20 uploads each
    .venv/bin/python benchmarks/upload_latency.py --quick      # 5 uploads each, 200 historical
    .venv/bin/python benchmarks/upload_latency.py --baseline none   # this tree only

Seeds one landing zone (synthetic corpus and reviews, no uploads) and builds its index with the
`refresh_index` job, once. Then, for each tree measured (the baseline commit, exported with
`git archive`, and this working tree), it copies that data into a fresh HANDMADE_DATA_DIR, makes
a fresh DAGSTER_HOME holding the tree's own dagster.yaml, starts the tree's `dagster dev` on
127.0.0.1 (PYTHONPATH set to the tree, so its code, not the installed package, runs), drops
uploads into the landing zone one at a time (photos first, listing.json last, as sellers'
clients do) and times each until its JSON exists under artifacts/published/<locale>/ for every
locale. Each upload waits for the previous one, so the figure is latency, not queueing.

From each instance's run records and events it splits an upload's time into: waiting for the
sensor (drop to run created), the run queue (created to the launcher's RUN_STARTING), launch
(RUN_STARTING to RUN_START: a new process loads the code location) and steps (RUN_START to the
published files), with each step's own duration. The
model's share is the local composer's (benchmarks/pipeline.py: ~0.44 ms per draft, 24 drafts per
listing). Stops each server before the next starts.
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
# The code before issue 16's latency work, configured as it was (10 s sensor interval).
BASELINE_COMMIT = "293b3bf"
# Timeline of a run, in the order Dagster writes them (event type values of DagsterEventType).
RUN_EVENTS = {"PIPELINE_STARTING": "starting", "PIPELINE_START": "started",
              "PIPELINE_SUCCESS": "ended", "PIPELINE_FAILURE": "ended"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seed(root: Path, home: Path, n_historical: int) -> float:
    """Corpus, reviews and the index, built by this tree's `refresh_index`; every tree measured
    starts from a copy, so both read the same index."""
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


def export_commit(commit: str, into: Path) -> Path:
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", commit], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


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


def run_timelines(home: Path) -> list[dict]:
    """Every process_uploads run: created time, launcher/worker/end event times, step durations."""
    import dagster as dg

    out = []
    with dg.DagsterInstance.from_config(str(home)) as instance:
        for record in instance.get_run_records(filters=dg.RunsFilter(job_name="process_uploads")):
            run = record.dagster_run
            timeline: dict[str, float] = {"created": record.create_timestamp.timestamp()}
            steps: dict[str, float] = {}
            starts: dict[str, float] = {}
            for entry in instance.all_logs(run.run_id):
                event = entry.dagster_event
                if event is None:
                    continue
                kind = event.event_type_value
                if kind in RUN_EVENTS:
                    timeline.setdefault(RUN_EVENTS[kind], entry.timestamp)
                elif kind == "STEP_START":
                    starts[event.step_key] = entry.timestamp
                elif kind in ("STEP_SUCCESS", "STEP_FAILURE"):
                    steps[event.step_key] = entry.timestamp - starts.get(event.step_key, entry.timestamp)
            out.append({**timeline, "status": run.status.value, "steps": steps})
    return sorted(out, key=lambda r: r["created"])


def breakdown(uploads: list[dict], runs: list[dict]) -> tuple[dict, dict]:
    """Per part and per step, the seconds of each published upload: its run is the first one
    created after its drop (uploads go one at a time)."""
    parts: dict[str, list[float]] = {"sensor wait": [], "run queue": [], "launch": [],
                                     "steps": []}
    step_times: dict[str, list[float]] = {}
    for upload in uploads:
        if upload["published"] is None:
            continue
        run = next((r for r in runs if r["created"] >= upload["dropped"] - 1), None)
        if run is None or not {"starting", "started", "ended"} <= run.keys():
            continue
        parts["sensor wait"].append(run["created"] - upload["dropped"])
        parts["run queue"].append(run["starting"] - run["created"])
        parts["launch"].append(run["started"] - run["starting"])
        # To the files, not to RUN_SUCCESS: the last step's events are written after they land.
        parts["steps"].append(upload["published"] - run["started"])
        for step, seconds in run["steps"].items():
            step_times.setdefault(step, []).append(seconds)
    return parts, step_times


def summary(values: list[float]) -> dict[str, float]:
    return {"p50_s": round(float(np.median(values)), 2),
            "p95_s": round(float(np.quantile(values, 0.95)), 2)} if values else {}


def measure(label: str, tree: Path, seeded: Path, workdir: Path, n_uploads: int,
            timeout: float) -> dict:
    """Start `tree`'s dagster dev on a copy of the seeded data and time `n_uploads` uploads."""
    from handmade_assets.services.object_store import LocalObjectStore
    from handmade_assets_demo.sample_uploads import PHOTO_NAMES, SAMPLE_DIR, sample_listings, write_upload

    home, root = workdir / "dagster_home", workdir / "data"
    home.mkdir(parents=True)
    shutil.copy(tree / "dagster.yaml", home / "dagster.yaml")
    shutil.copytree(seeded, root)
    env = {**os.environ, "DAGSTER_HOME": str(home), "HANDMADE_DATA_DIR": str(root),
           "HANDMADE_ENV": "local", "PYTHONPATH": str(tree)}
    print(f"\n[{label}] {tree}\n[{label}] machine before: {machine()}", flush=True)
    load_before = os.getloadavg()
    port = free_port()
    log = open(workdir / "dagster_dev.log", "w")
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("dagster")), "dev", "-m", "handmade_assets.definitions",
         "-h", "127.0.0.1", "-p", str(port)],
        cwd=tree, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    uploads = []
    try:
        print(f"[{label}] dagster dev answered after {wait_for_server(port, server):.1f} s",
              flush=True)
        time.sleep(5)  # let the daemon start its sensor loop
        landing = LocalObjectStore(root=str(root / "landing"))
        published = root / "artifacts" / "published"
        templates = sample_listings()
        photos = {name: (SAMPLE_DIR / name).read_bytes() for name in PHOTO_NAMES}
        for i in range(n_uploads):
            document = dict(templates[i % len(templates)])
            document["listing_id"] = f"bench-{label}-{int(time.time())}-{i:02d}"
            files = {name: photos[name] for name in document["photos"]}
            dropped = time.time()
            write_upload(landing, document["listing_id"],
                         json.dumps(document, ensure_ascii=False).encode(), files)
            targets = [published / locale / f"{document['listing_id']}.json" for locale in LOCALES]
            while not all(t.exists() for t in targets) and time.time() - dropped < timeout:
                time.sleep(0.05)
            done = time.time()
            ok = all(t.exists() for t in targets)
            uploads.append({"dropped": dropped, "published": done if ok else None})
            print(f"[{label}] upload {i + 1:>2}: {'published' if ok else 'TIMED OUT'} after "
                  f"{done - dropped:6.1f} s", flush=True)
            # Uploads arrive at random moments, not in step with the sensor's ticks.
            time.sleep(float(np.random.default_rng(i).uniform(0, 3)))
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()

    latencies = [u["published"] - u["dropped"] for u in uploads if u["published"]]
    parts, step_times = breakdown(uploads, run_timelines(home))
    return {
        "tree": str(tree), "uploads": len(uploads), "published": len(latencies),
        **summary(latencies), "max_s": round(max(latencies), 2) if latencies else None,
        "parts": {name: summary(values) for name, values in parts.items()},
        "steps": {step: summary(values) for step, values in step_times.items()},
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
    }


def report(label: str, result: dict) -> None:
    print(f"\n[{label}] {result['published']}/{result['uploads']} uploads published; "
          f"p50 {result.get('p50_s')} s, p95 {result.get('p95_s')} s, max {result['max_s']} s")
    print(f"[{label}] where the time goes, s per upload:")
    for name, values in result["parts"].items():
        if values:
            print(f"  {name:<12} p50 {values['p50_s']:6.2f}  p95 {values['p95_s']:6.2f}")
    for step, values in sorted(result["steps"].items(), key=lambda kv: -kv[1]["p50_s"]):
        print(f"    step {step:<36} p50 {values['p50_s']:6.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 uploads each, 200 historical")
    parser.add_argument("--uploads", type=int, default=None, help="uploads per tree (default 20)")
    parser.add_argument("--historical", type=int, default=None)
    parser.add_argument("--baseline", default=BASELINE_COMMIT,
                        help="commit measured beside this tree; 'none' measures this tree only")
    parser.add_argument("--timeout", type=float, default=180, help="seconds to wait per upload")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders")
    args = parser.parse_args()
    n_uploads = args.uploads or (5 if args.quick else 20)
    n_historical = args.historical or (200 if args.quick else 500)

    print(f"machine: {machine()}")
    tmp = Path(tempfile.mkdtemp(prefix="upload_latency_"))
    seeded, seed_home = tmp / "seeded", tmp / "seed_home"
    seed_home.mkdir()
    shutil.copy(REPO / "dagster.yaml", seed_home / "dagster.yaml")
    os.environ.update({"DAGSTER_HOME": str(seed_home), "HANDMADE_DATA_DIR": str(seeded)})
    seconds = seed(seeded, seed_home, n_historical)
    print(f"seeded {n_historical} historical descriptions and built the index in {seconds:.1f} s",
          flush=True)

    trees = {}
    if args.baseline != "none":
        trees["baseline"] = export_commit(args.baseline, tmp / "baseline_tree")
    trees["current"] = REPO
    results = {}
    try:
        for label, tree in trees.items():
            results[label] = measure(label, tree, seeded, tmp / label, n_uploads, args.timeout)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    for label, result in results.items():
        report(label, result)
    current = results["current"]
    print(f"\nupload -> published p95: {current.get('p95_s')} s"
          + (f" (baseline {args.baseline}: {results['baseline'].get('p95_s')} s)"
             if "baseline" in results else "") + "; bar p95 <= 10 s")
    print("model time: the local composer, ~0.44 ms per draft "
          "(benchmarks/pipeline.py); with Bedrock it would be the drafts' generation latency.")
    print(f"machine after: {machine()}")
    if args.keep:
        print(f"kept {tmp}")
    if args.json:
        figures = {
            "p95_s": current.get("p95_s"), "p50_s": current.get("p50_s"),
            "published": current["published"], "uploads": current["uploads"],
            "baseline_commit": args.baseline if "baseline" in results else None,
            "baseline_p95_s": results["baseline"].get("p95_s") if "baseline" in results else None,
            "baseline_p50_s": results["baseline"].get("p50_s") if "baseline" in results else None,
            "historical": n_historical, "runs": results,
        }
        args.json.write_text(json.dumps(figures, indent=2))
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()

"""A run whose worker dies heals by itself on the production instance (deploy/dagster.aws.yaml)
against a real PostgreSQL server: the killed run ends FAILURE, the dagster-daemon retries it
from failure, its `generator` pool slot is given back, and nothing runs or publishes twice.

Everything is Dagster's own machinery, run as in production: a `dagster-daemon run` subprocess
(queued-run coordinator, MONITORING and EVENT_LOG_CONSUMER daemons, the code server it manages,
the DefaultRunLauncher), a run submitted with `dagster job launch`, and the run worker process
killed with SIGKILL mid-step. Only timings are shortened (poll and slot-freeing intervals), and
the pool limit is 1, so the retry can only claim `generator` once the dead run's slot is freed.
Without `free_slots_after_run_end_seconds` the retry stays queued for good ("blocked by global
concurrency limits": the dead run still holds the slot), which is what issue 14 saw.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import pytest
import yaml

from handmade_assets_tests.aws.conftest import stop

HERE = Path(__file__).resolve().parent
DEPLOY_YAML = HERE.parents[1] / "deploy" / "dagster.aws.yaml"
JOB_FILE = HERE / "healing_job.py"
BIN = Path(sys.executable).parent
TIMEOUT = 300  # bound on the whole scenario (it takes about 25 s on two busy cores)


def instance_config() -> dict:
    config = yaml.safe_load(DEPLOY_YAML.read_text())
    # What the deploy file must keep: monitoring on, retries on, slots freed after a run ends.
    assert config["run_monitoring"]["enabled"] is True
    assert config["run_monitoring"]["max_resume_run_attempts"] == 0  # DefaultRunLauncher
    assert config["run_monitoring"]["free_slots_after_run_end_seconds"] > 0
    assert config["run_retries"]["enabled"] is True
    assert config["run_retries"]["max_retries"] >= 1
    # Compute logs go to S3 in production (test_compute_logs.py runs that block on SeaweedFS);
    # here they stay on the local disk, as healing does not depend on where they are.
    config.pop("compute_logs")
    # Shortened for the test only.
    config["run_monitoring"]["poll_interval_seconds"] = 1
    config["run_monitoring"]["free_slots_after_run_end_seconds"] = 1
    config["concurrency"]["pools"]["default_limit"] = 1
    return config


def wait_for(probe, what: str, deadline: float, logs: list[Path]):
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.5)
    tails = "\n".join(f"--- {log}\n{log.read_text()[-4000:]}" for log in logs if log.exists())
    raise AssertionError(f"timed out waiting for {what}\n{tails}")


def lines(path: Path) -> list[str]:
    return path.read_text().split() if path.exists() else []


def test_killed_run_worker_is_failed_retried_and_frees_its_pool_slot(postgres_url, tmp_path,
                                                                        monkeypatch):
    home, state = tmp_path / "dagster_home", tmp_path / "state"
    home.mkdir()
    state.mkdir()
    (home / "dagster.yaml").write_text(yaml.safe_dump(instance_config()))
    workspace = tmp_path / "workspace.yaml"
    workspace.write_text(yaml.safe_dump({"load_from": [{"python_file": {
        "relative_path": str(JOB_FILE), "location_name": "healing",
        "working_directory": str(tmp_path)}}]}))
    env = {**os.environ, "DAGSTER_HOME": str(home), "DAGSTER_POSTGRES_URL": postgres_url,
           "HEALING_TEST_STATE": str(state),
           # The run-retry daemon polls every 5 s by default.
           "DAGSTER_EVENT_LOG_CONSUMER_DAEMON_INTERVAL_SECONDS": "1"}
    for key in ("DAGSTER_HOME", "DAGSTER_POSTGRES_URL"):
        monkeypatch.setenv(key, env[key])

    daemon_log = tmp_path / "daemon.log"
    deadline = time.monotonic() + TIMEOUT
    with daemon_log.open("w") as log, dg.DagsterInstance.get() as instance:
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        daemon = subprocess.Popen([str(BIN / "dagster-daemon"), "run", "-w", str(workspace)],
                                  env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT,
                                  start_new_session=True)
        try:
            launched = subprocess.run(
                [str(BIN / "dagster"), "job", "launch", "-w", str(workspace), "-j", "healing_job"],
                env=env, cwd=tmp_path, capture_output=True, text=True, timeout=180)
            assert launched.returncode == 0, launched.stdout + launched.stderr

            # The daemon dequeues and launches the run; its worker reaches the generator step.
            pid_file = wait_for(lambda: next(state.glob("worker-*.pid"), None),
                                "the run worker to reach the generator step", deadline, [daemon_log])
            run_id = pid_file.stem.removeprefix("worker-")
            worker_pid = int(pid_file.read_text())
            assert instance.get_run_by_id(run_id).status == dg.DagsterRunStatus.STARTED
            claimed = instance.event_log_storage.get_concurrency_info("generator").claimed_slots
            assert [slot.run_id for slot in claimed] == [run_id]

            os.kill(worker_pid, signal.SIGKILL)
            (state / "release").touch()

            # 1. The killed run ends FAILURE; it does not stay STARTED.
            killed = wait_for(
                lambda: (run := instance.get_run_by_id(run_id)).is_finished and run,
                "the killed run to end", deadline, [daemon_log])
            assert killed.status == dg.DagsterRunStatus.FAILURE

            # 2. The daemon launches a retry from failure, which finishes the job.
            def retry():
                runs = [r for r in instance.get_runs() if r.parent_run_id == run_id]
                return runs[0] if runs and runs[0].is_finished else None

            retried = wait_for(retry, "the automatic retry to finish", deadline, [daemon_log])
            assert retried.status == dg.DagsterRunStatus.SUCCESS, retried.status
            assert retried.tags.get("dagster/retry_number") == "1"
            assert instance.get_run_by_id(run_id).tags.get("dagster/auto_retry_run_id") == \
                retried.run_id

            # 3. The dead run's slot was freed (with a limit of 1 the retry could not have run
            # its generator step otherwise) and nothing holds the pool now.
            info = wait_for(
                lambda: (i := instance.event_log_storage.get_concurrency_info("generator"))
                and not i.claimed_slots and not i.pending_steps and i,
                "the generator pool to be empty", deadline, [daemon_log])
            assert info.slot_count == 1

            # 4. From failure: the upstream step ran once, the killed step ran again in the
            # retry, and publishing happened exactly once, in the retry.
            assert lines(state / "listings.log") == [run_id]
            assert lines(state / "drafts.log") == [run_id, retried.run_id]
            assert lines(state / "published.log") == [retried.run_id]

            # Who ended the killed run: the code server saw its child die and reported it; the
            # failure reason is not a step failure, so retry_on_asset_or_op_failure=false retries it.
            messages = [event.message or "" for event in instance.all_logs(run_id)]
            assert any("terminated by signal 9" in message for message in messages), messages[-5:]
            assert killed.tags.get("dagster/failure_reason") != "STEP_FAILURE"
            print(f"\nkilled run {run_id}: {killed.status.value}, reason "
                  f"{killed.tags.get('dagster/failure_reason')}, "
                  f"{[m for m in messages if 'signal 9' in m]}; retry {retried.run_id}: "
                  f"{retried.status.value}")
        finally:
            stop(daemon, grace=30)
            # The daemon's code server and any run worker share its process group.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(daemon.pid, signal.SIGKILL)

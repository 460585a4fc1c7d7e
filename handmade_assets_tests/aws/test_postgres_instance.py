"""The production instance file (deploy/dagster.aws.yaml) against a PostgreSQL server the test
session starts: a materialization's run, events and a schedule's state land in Postgres."""

from pathlib import Path

import dagster as dg
import yaml

DEPLOY_YAML = Path(__file__).resolve().parents[2] / "deploy" / "dagster.aws.yaml"


@dg.asset
def tiny_numbers() -> list[int]:
    return [1, 2, 3]


def test_materialization_with_postgres_run_event_and_schedule_storage(postgres_url, tmp_path,
                                                                      monkeypatch):
    import sqlalchemy as sa

    home = tmp_path / "dagster_home"
    home.mkdir()
    config = yaml.safe_load(DEPLOY_YAML.read_text())
    # Compute logs go to S3 in production: test_compute_logs.py runs the whole file on SeaweedFS.
    config.pop("compute_logs")
    (home / "dagster.yaml").write_text(yaml.safe_dump(config))
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.setenv("DAGSTER_POSTGRES_URL", postgres_url)
    with dg.DagsterInstance.get() as instance:
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        assert type(instance.event_log_storage).__name__ == "PostgresEventLogStorage"
        assert type(instance.schedule_storage).__name__ == "PostgresScheduleStorage"
        result = dg.materialize([tiny_numbers], instance=instance,
                                resources={"io_manager": dg.FilesystemIOManager(
                                    base_dir=str(tmp_path / "io"))})
        assert result.success
        run_id = result.run_id
        event = instance.get_latest_materialization_event(dg.AssetKey("tiny_numbers"))
        assert event is not None and event.run_id == run_id

    # Read back with plain SQL: the rows are in Postgres, not in a SQLite file under DAGSTER_HOME.
    engine = sa.create_engine(postgres_url)
    with engine.connect() as connection:
        status = connection.execute(sa.text("select status from runs where run_id = :r"),
                                    {"r": run_id}).scalar_one()
        events = connection.execute(sa.text("select count(*) from event_logs where run_id = :r"),
                                    {"r": run_id}).scalar_one()
        tables = set(sa.inspect(connection).get_table_names())
    engine.dispose()
    assert status == "SUCCESS" and events > 5
    assert {"runs", "event_logs", "jobs", "job_ticks", "asset_keys"} <= tables
    assert not list(home.glob("**/*.db"))

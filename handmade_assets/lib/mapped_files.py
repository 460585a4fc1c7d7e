"""Read-only memory maps of Arrow files, without the kernel's read-ahead.

A k-NN hit touches one row of a gigabyte file. With the default read-ahead the kernel pulls in
hundreds of kilobytes around every hit, and the page cache fills with rows nobody asked for;
`MADV_RANDOM` makes each hit cost the pages it touches.
"""

from __future__ import annotations

import mmap
from pathlib import Path



def _map(path: Path) -> mmap.mmap:
    with open(path, "rb") as handle:
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    if hasattr(mmap, "MADV_RANDOM"):  # Linux and macOS; elsewhere the default read-ahead stays
        mapped.madvise(mmap.MADV_RANDOM)
    return mapped


def map_arrow(path: Path):
    """A zero-copy `pyarrow.Table` over an Arrow IPC file."""
    import pyarrow as pa

    return pa.ipc.open_file(pa.BufferReader(pa.py_buffer(_map(path)))).read_all()

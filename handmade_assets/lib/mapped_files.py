"""Read-only memory maps of saved arrays and Arrow files, without the kernel's read-ahead.

A k-NN hit touches one row of a gigabyte file. With the default read-ahead the kernel pulls in
hundreds of kilobytes around every hit, and the page cache fills with rows nobody asked for;
`MADV_RANDOM` makes each hit cost the pages it touches.
"""

from __future__ import annotations

import mmap
from pathlib import Path

import numpy as np


def _map(path: Path) -> mmap.mmap:
    with open(path, "rb") as handle:
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    if hasattr(mmap, "MADV_RANDOM"):  # Linux and macOS; elsewhere the default read-ahead stays
        mapped.madvise(mmap.MADV_RANDOM)
    return mapped


def map_npy(path: Path) -> np.ndarray:
    """A read-only view of an `.npy` file's array, paged in as it is read."""
    with open(path, "rb") as handle:
        version = np.lib.format.read_magic(handle)
        read_header = {(1, 0): np.lib.format.read_array_header_1_0,
                       (2, 0): np.lib.format.read_array_header_2_0}[version]
        shape, fortran_order, dtype = read_header(handle)
        offset = handle.tell()
    if fortran_order:
        raise ValueError(f"{path} is in Fortran order; save it C-contiguous")
    count = int(np.prod(shape))
    if count == 0:
        return np.zeros(shape, dtype=dtype)
    return np.frombuffer(_map(path), dtype=dtype, count=count, offset=offset).reshape(shape)


def map_arrow(path: Path):
    """A zero-copy `pyarrow.Table` over an Arrow IPC file."""
    import pyarrow as pa

    return pa.ipc.open_file(pa.BufferReader(pa.py_buffer(_map(path)))).read_all()

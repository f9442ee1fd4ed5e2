"""Frame interop peer for tests/interop_frame.rs (fory_frame with pyfory 1.7.7).

  python frame_peer.py echo   < frames -> the same values re-written with write_frame
  python frame_peer.py double < frames -> every numpy array (and Batch.samples) times 2
  python frame_peer.py emit            -> frames Python writes (the values of `sample()`)

Every array read from a frame must be a view of the frame's memory (no copy): checked against
the frame's address range, for the stream reader and for the in-place reader over an mmap.
"""

import mmap
import os
import sys
import tempfile
from dataclasses import dataclass

import numpy as np
import pyfory

import fory_frame
import fory_ndarray


@dataclass
class Batch:
    id: int
    label: str
    samples: np.ndarray


def make_fory():
    f = fory_ndarray.register(pyfory.Fory(xlang=True, compatible=True))
    f.register_type(Batch, name="demo.Batch")
    return f


def arrays(v):
    if isinstance(v, np.ndarray):
        yield v
    elif isinstance(v, Batch):
        yield v.samples
    elif isinstance(v, (list, tuple)):
        for x in v:
            yield from arrays(x)


def check_views(v, frame):
    lo = np.frombuffer(frame, dtype=np.uint8).ctypes.data
    hi = lo + frame.nbytes
    for a in arrays(v):
        if a.nbytes == 0:
            continue
        assert not a.flags.owndata, "array owns a copy"
        p = a.ctypes.data
        assert lo <= p and p + a.nbytes <= hi, "array is not a view of the frame"
        assert p % 64 == 0, f"array data at {p % 64} past a 64-byte boundary"


def transform(v):
    if isinstance(v, np.ndarray):
        return v * 2
    if isinstance(v, Batch):
        return Batch(v.id, v.label, v.samples * 2)
    if isinstance(v, list):
        return [transform(x) for x in v]
    return v


def sample():
    return [
        np.arange(12, dtype=np.float32).reshape(3, 4),
        Batch(7, "py", np.linspace(0.0, 1.0, 1000)),
        [np.ones(5, np.int64), np.zeros((2, 0), np.uint8)],
        "no buffers",
    ]


def main():
    f = make_fory()
    mode = sys.argv[1]
    out = sys.stdout.buffer
    if mode == "emit":
        for v in sample():
            fory_frame.write_frame(out, f, v)
        out.flush()
        return
    data = sys.stdin.buffer
    # Stream path: one aligned allocation per frame, arrays are views of it.
    values = []
    while True:
        frame = fory_frame.read_frame_bytes(data)
        if frame is None:
            break
        payload, buffers, _ = fory_frame.parse_frame(frame)
        v = f.deserialize(pyfory.serialization.Buffer(payload), buffers=buffers)
        check_views(v, frame)
        values.append(v)
    # In place over an mmap of the same frames.
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "frames.bin")
        with open(path, "wb") as fh:
            for v in values:
                fory_frame.write_frame(fh, f, v)
        with open(path, "rb") as fh:
            mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
            mapped = list(fory_frame.iter_frames(mm, f))
            assert len(mapped) == len(values)
            for v in mapped:
                check_views(v, memoryview(mm))
            del mapped, v
            mm.close()
    for v in values:
        fory_frame.write_frame(out, f, v if mode == "echo" else transform(v))
    out.flush()


if __name__ == "__main__":
    main()

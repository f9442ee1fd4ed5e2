"""N-D array interop cases: pyfory 1.7.7 + python/fory_ndarray.py against fory-rs.

  python ndarray_cases.py emit          -> {case: {"payload", "buffers": [hex], "compatible", "ref",
                                            "policy", "dtype", "shape",
                                            "data": hex of the C-order LE bytes}}
  python ndarray_cases.py check < json  -> reads {case: {"payload", "buffers"}} written by Rust with
                                           the buffers, compares with the case value, checks that
                                           out-of-band arrays are views of the given buffers (no
                                           copy), and writes the value again with the same policy
                                           -> {case: {"ok", "error", "zero_copy", "same_payload",
                                                      "payload", "buffers"}}
"""
import json
import sys
from dataclasses import dataclass
from typing import List

import numpy as np
import pyfory

import fory_ndarray


@dataclass
class NdFrame:
    """The seed's DataFrame as a struct of columns (fory-rs `NdFrame`)."""

    a: np.ndarray
    b: np.ndarray
    c: List[str]


def make_fory(compatible, ref):
    f = fory_ndarray.register(pyfory.Fory(xlang=True, ref=ref, compatible=compatible))
    f.register_type(NdFrame, name="example.NdFrame")
    return f


def in_band(collected):
    def cb(buf):
        return True

    return cb


def all_out(collected):
    def cb(buf):
        collected.append(buf)
        return False

    return cb


def every_other(collected):
    # The seed's selective callback: odd calls in-band, even calls out-of-band.
    counter = [0]

    def cb(buf):
        counter[0] += 1
        if counter[0] % 2 == 0:
            collected.append(buf)
            return False
        return True

    return cb


def no_callback(collected):
    return None


def image_batch():
    return (np.arange(2 * 3 * 4 * 5, dtype=np.float32).reshape(2, 3, 4, 5) / 8).astype(np.float32)


def frame(n=1000):
    return NdFrame(
        a=np.arange(n, dtype=np.float64),
        b=np.arange(n, dtype=np.int64),
        c=["text"] * n,
    )


def frame_to_dict(fr):
    """The frame as the seed's dict of numpy columns (strings as a numpy str array)."""
    return {"a": fr.a, "b": fr.b, "c": np.asarray(fr.c)}


def cases():
    rng = np.random.default_rng(7)
    return {
        # name: (value, callback policy, compatible, ref)
        "f64_2d": (np.arange(6.0).reshape(2, 3), no_callback, True, False),
        "f64_2d_nc": (np.arange(6.0).reshape(2, 3), no_callback, False, False),
        "f32_4d_oob": (image_batch(), all_out, True, False),
        "f32_4d_oob_nc": (image_batch(), all_out, False, False),
        "f16_2d_oob": (np.linspace(-2, 2, 12, dtype=np.float16).reshape(3, 4), all_out, True, False),
        "bool_3d": (rng.integers(0, 2, (2, 3, 4)).astype(np.bool_), no_callback, True, False),
        "bool_3d_oob": (rng.integers(0, 2, (2, 3, 4)).astype(np.bool_), all_out, True, False),
        "i8_2d_oob": (np.arange(-6, 6, dtype=np.int8).reshape(4, 3), all_out, True, False),
        "i16_3d": (np.arange(-12, 12, dtype=np.int16).reshape(2, 3, 4), no_callback, True, False),
        "i32_2d_inband_cb": (np.arange(20, dtype=np.int32).reshape(4, 5) * -3, in_band, True, False),
        "i64_2d_oob": (np.array([[np.iinfo(np.int64).min, -1], [0, np.iinfo(np.int64).max]], dtype=np.int64), all_out, True, False),
        "u8_3d_oob": (np.arange(24, dtype=np.uint8).reshape(2, 3, 4), all_out, True, False),
        "u16_1d_oob": (np.arange(5, dtype=np.uint16) * 1000, all_out, True, False),
        "u32_2d": (np.arange(6, dtype=np.uint32).reshape(3, 2) + 4_000_000_000, no_callback, False, False),
        "u64_2d_oob": (np.array([[0, 2**64 - 1]], dtype=np.uint64), all_out, True, False),
        "transposed_i32": (np.arange(12, dtype=np.int32).reshape(3, 4).T, all_out, True, False),
        "zero_d": (np.array(2.5), all_out, True, False),
        "empty_2d": (np.zeros((0, 3)), all_out, True, False),
        "rank_6_oob": (np.arange(64, dtype=np.float64).reshape(2, 2, 2, 2, 2, 2), all_out, True, True),
        # The seed's numpy case, in xlang: a large 1-D array, out-of-band.
        "seed_numpy": (np.arange(10000, dtype=np.float64), all_out, True, False),
        # The seed's selective callback over two arrays, ref tracking on.
        "seed_selective": ([np.arange(1000, dtype=np.float64), np.arange(2000, dtype=np.float64)], every_other, True, True),
        # The seed's DataFrame as a struct of columns: numeric columns out-of-band, strings in-band.
        "seed_frame": (frame(), all_out, True, False),
        "seed_frame_nc": (frame(), all_out, False, False),
    }


def c_bytes(a):
    return np.ascontiguousarray(a, dtype=a.dtype.newbyteorder("<")).tobytes()


def describe(v):
    if isinstance(v, np.ndarray):
        return {"dtype": v.dtype.name, "shape": list(v.shape), "data": c_bytes(v).hex()}
    return {}


def equal(a, b):
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b))
    if isinstance(a, NdFrame):
        return isinstance(b, NdFrame) and equal(a.a, b.a) and equal(a.b, b.b) and a.c == b.c
    return a == b


def arrays_of(v):
    if isinstance(v, np.ndarray):
        return [v]
    if isinstance(v, list):
        return [x for x in v if isinstance(x, np.ndarray)]
    if isinstance(v, NdFrame):
        return [v.a, v.b]
    return []


def views_of_buffers(value, buffers):
    """Whether every non-empty array that travelled out-of-band is a view of one of the buffers."""
    views = [np.frombuffer(b, dtype=np.uint8) for b in buffers]
    for a in arrays_of(value):
        if a.nbytes == 0:
            continue
        if any(np.shares_memory(a, v) for v in views):
            if a.flags.owndata:
                return False
    # Every buffer is used by some array.
    return all(any(a.nbytes and np.shares_memory(a, v) for a in arrays_of(value)) for v in views if v.nbytes)


def serialize(f, value, policy):
    collected = []
    cb = policy(collected)
    if cb is None:
        payload = f.serialize(value)
    else:
        payload = f.serialize(value, buffer_callback=cb)
    return payload, [bytes(b.getbuffer()) for b in collected]


def main():
    mode = sys.argv[1]
    cs = cases()
    if mode == "emit":
        out = {}
        for name, (v, policy, comp, ref) in cs.items():
            f = make_fory(comp, ref)
            payload, bufs = serialize(f, v, policy)
            back = make_fory(comp, ref).deserialize(payload, buffers=bufs if policy is not no_callback else None)
            assert equal(v, back), (name, v, back)
            case = {
                "payload": payload.hex(),
                "buffers": [b.hex() for b in bufs],
                "compatible": comp,
                "ref": ref,
                "policy": policy.__name__,
            }
            case.update(describe(v))
            out[name] = case
        json.dump(out, sys.stdout)
    elif mode == "check":
        written = json.load(sys.stdin)
        out = {}
        for name, w in written.items():
            v, policy, comp, ref = cs[name]
            res = {"ok": False, "error": "", "zero_copy": False, "same_payload": False, "payload": "", "buffers": []}
            try:
                payload = bytes.fromhex(w["payload"])
                # Buffers as they would arrive: separate, writable memory, passed as memoryviews.
                raw = [bytearray.fromhex(b) for b in w["buffers"]]
                bufs = [memoryview(b) for b in raw]
                f = make_fory(comp, ref)
                back = f.deserialize(payload, buffers=bufs if policy is not no_callback else None)
                res["ok"] = equal(v, back)
                if not res["ok"]:
                    res["error"] = f"read {back!r}, expected {v!r}"
                res["zero_copy"] = views_of_buffers(back, raw) if raw else True
                if name.startswith("seed_frame"):
                    d = frame_to_dict(back)
                    assert set(d) == {"a", "b", "c"} and all(isinstance(x, np.ndarray) for x in d.values())
                    assert d["a"].dtype == np.float64 and d["b"].dtype == np.int64 and d["c"].dtype.kind == "U"
                    res["zero_copy"] = res["zero_copy"] and not d["a"].flags.owndata and not d["b"].flags.owndata
                again, again_bufs = serialize(make_fory(comp, ref), back, policy)
                res["same_payload"] = again == serialize(make_fory(comp, ref), v, policy)[0]
                res["payload"] = again.hex()
                res["buffers"] = [b.hex() for b in again_bufs]
            except Exception as e:  # noqa: BLE001 - reported to the Rust side
                res["error"] = f"{type(e).__name__}: {e}"
            out[name] = res
        json.dump(out, sys.stdout)
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()

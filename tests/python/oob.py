"""Out-of-band interop cases with pyfory 1.7.7's buffer_callback.

  python oob.py emit          -> {case: {"payload": hex, "buffers": [hex...], "compatible", "ref"}}
  python oob.py check < json  -> reads {case: {"payload": hex, "buffers": [hex...]}} written by
                                 Rust, deserializes with the buffers, compares with the case value
                                 -> {case: {"ok", "same_payload", "error"}}
"""
import json
import sys
from dataclasses import dataclass

import numpy as np
import pyfory


@dataclass
class Blob:
    name: str
    data: bytes


@dataclass
class F32Samples:
    label: str
    values: bytes


def make_fory(compatible, ref):
    f = pyfory.Fory(xlang=True, ref=ref, compatible=compatible)
    f.register_type(Blob, name="demo.Blob")
    f.register_type(F32Samples, name="demo.F32Samples")
    return f


def all_out(collected):
    return collected.append


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


def cases():
    ten = [bytes([i]) * (10 + i) for i in range(10)]
    shared = b"shared-bytes" * 4
    return {
        "all_oob": ([b"a" * 100, b"b" * 50], all_out, True, False),
        "root_bytes": (b"\x01\x02" * 500, all_out, True, False),
        "every_other_ref": (ten, every_other, True, True),
        "blob": (Blob("x", b"payload" * 10), all_out, True, False),
        "blob_nc": (Blob("x", b"payload" * 10), all_out, False, False),
        "ref_shared": ([shared, shared], all_out, True, True),
        "f32_samples": (F32Samples("s", np.arange(8, dtype=np.float32).tobytes()), all_out, True, False),
    }


def main():
    mode = sys.argv[1]
    cs = cases()
    if mode == "emit":
        out = {}
        for name, (v, cbf, comp, ref) in cs.items():
            collected = []
            payload = make_fory(comp, ref).serialize(v, buffer_callback=cbf(collected))
            bufs = [bytes(b.getbuffer()) for b in collected]
            # pyfory reads its own output back.
            back = make_fory(comp, ref).deserialize(payload, buffers=bufs)
            assert back == v, (name, back)
            out[name] = {"payload": payload.hex(), "buffers": [b.hex() for b in bufs], "compatible": comp, "ref": ref}
        json.dump(out, sys.stdout)
    elif mode == "check":
        written = json.load(sys.stdin)
        res = {}
        for name, w in written.items():
            v, cbf, comp, ref = cs[name]
            collected = []
            expected = make_fory(comp, ref).serialize(v, buffer_callback=cbf(collected))
            try:
                bufs = [bytes.fromhex(b) for b in w["buffers"]]
                back = make_fory(comp, ref).deserialize(bytes.fromhex(w["payload"]), buffers=bufs)
                ok = back == v
                err = "" if ok else f"python read {back!r:.200}"
                if name == "f32_samples" and ok:
                    arr = np.frombuffer(back.values, dtype=np.float32)
                    ok = arr.tolist() == list(range(8))
            except Exception as e:
                ok, err = False, f"{type(e).__name__}: {e}"
            res[name] = {"ok": ok, "same_payload": expected.hex() == w["payload"], "pyfory_payload": expected.hex(), "error": err}
        json.dump(res, sys.stdout)


if __name__ == "__main__":
    main()

"""Writes the fuzz seed corpora from the interop catalogue pyfory 1.7.7 produces.

    ../.venv/bin/python seed_corpus.py

decode_value / decode_typed seeds are `config byte + payload` (bit 0 compatible, bit 1 ref; for
decode_typed bits 2.. pick the target type); decode_value_oob seeds are
`config, n, n u16 lengths, buffers, payload` (see fuzz_targets/common.rs).
"""
import hashlib
import json
import os
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PY = os.path.join(ROOT, "tests", "python")


def emit(script):
    env = dict(os.environ, PYTHONPATH=PY + ":" + os.path.join(ROOT, "python"))
    out = subprocess.check_output([sys.executable, os.path.join(PY, script), "emit"], env=env)
    return json.loads(out)


def write(target, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def main():
    cat = emit("catalogue.py")
    for case in cat.values():
        payload = bytes.fromhex(case["hex"])
        cfg = (1 if case["compatible"] else 0) | (2 if case["ref"] else 0)
        write("decode_value", bytes([cfg]) + payload)
        # decode_typed: a few plausible targets per payload.
        for sel in (2, 3, 16):
            write("decode_typed", bytes([(sel << 2) | cfg]) + payload)
    # Timestamps, dates, durations and decimals (#19): every payload as a Value, and each root
    # value as the typed targets of its wire type.
    by_type = {0x26: (22, 27, 28, 30), 0x27: (23, 29, 31), 0x25: (25, 26, 29, 31), 0x28: (24, 32, 33, 35)}
    for case in emit("temporal.py").values():
        if "hex" not in case or len(case["hex"]) > 2 * 8192:
            continue
        payload = bytes.fromhex(case["hex"])
        cfg = (1 if case["compatible"] else 0) | (2 if case["ref"] else 0)
        write("decode_value", bytes([cfg]) + payload)
        for sel in by_type.get(payload[2], (16,)):
            write("decode_typed", bytes([(sel << 2) | cfg]) + payload)
    oob = emit("oob.py")
    for case in oob.values():
        payload = bytes.fromhex(case["payload"])
        bufs = [bytes.fromhex(b) for b in case["buffers"]]
        cfg = (1 if case["compatible"] else 0) | (2 if case["ref"] else 0)
        if len(bufs) > 7 or any(len(b) > 0xFFFF for b in bufs):
            continue
        data = bytes([cfg, len(bufs)])
        data += b"".join(struct.pack("<H", len(b)) for b in bufs)
        data += b"".join(bufs) + payload
        write("decode_value_oob", data)
        write("decode_value", bytes([cfg]) + payload)


if __name__ == "__main__":
    main()

"""Union payloads as pyfory 1.7.7 writes them, for tests/interop_union.rs.

``emit``: every case in every mode (compatible x ref x registered by id / name) as hex JSON.
``check``: reads ``{key: hex}`` written by Rust, deserializes each with pyfory in the key's mode,
compares with the case's value and with pyfory's own bytes; prints ``{key: verdict}``.
"""

import json
import sys
from dataclasses import dataclass
from typing import Dict, List, Optional, Union

import pyfory
import fory_union


@dataclass
class Rect:
    w: pyfory.Int32 = 0
    h: pyfory.Int32 = 0


class Shape(fory_union.Union):
    CASES = {0: float, 1: Rect, 2: str, 3: type(None), 4: bytes, 5: pyfory.Int32, 6: list}


@dataclass
class Holder:
    s: Shape = None
    os: Optional[Shape] = None


@dataclass
class Lists:
    l: List[Shape] = None
    d: Dict[str, Shape] = None


@dataclass
class Either:
    """``typing.Union`` fields: pyfory writes them as ``Any`` fields (declared UNKNOWN, the value
    with its type info, no case id), not through the union-class path."""

    u: Union[int, str, Rect] = 0
    ou: Optional[Union[int, str, Rect]] = None


def cases():
    return {
        "circle": Shape(0, 1.5),
        "rect": Shape(1, Rect(3, 4)),
        "label": Shape(2, "hi"),
        "empty": Shape(3, None),
        "blob": Shape(4, b"\x00\x01xyz"),
        "count": Shape(5, -7),
        "tags": Shape(6, ["a", "b"]),
        "list": [Shape(0, 2.5), Shape(2, "x"), Shape(1, Rect(1, 2))],
        "holder": Holder(Shape(1, Rect(3, 4)), Shape(2, "x")),
        "holder_none": Holder(Shape(0, -0.5), None),
        "either_int": Either(5, None),
        "either_str": Either("hi", Rect(1, 2)),
        "either_rect": Either(Rect(3, 4), 7),
        "lists": Lists([Shape(0, 1.5), Shape(2, "x"), Shape(3, None)], {"a": Shape(5, 1), "b": Shape(6, ["q"])}),
    }


def fory(comp, ref, by_name):
    f = pyfory.Fory(xlang=True, compatible=comp, ref=ref)
    if by_name:
        f.register(Rect, name="demo.Rect")
        fory_union.register_union(f, Shape, name="demo.Shape")
        f.register(Holder, name="demo.Holder")
        f.register(Lists, name="demo.Lists")
        f.register(Either, name="demo.Either")
    else:
        f.register(Rect, type_id=100)
        fory_union.register_union(f, Shape, type_id=101)
        f.register(Holder, type_id=102)
        f.register(Lists, type_id=103)
        f.register(Either, type_id=104)
    return f


def modes():
    for comp in (False, True):
        for ref in (False, True):
            for by_name in (False, True):
                yield comp, ref, by_name, f"{int(comp)}{int(ref)}{int(by_name)}"


def emit():
    out = {}
    for comp, ref, by_name, tag in modes():
        f = fory(comp, ref, by_name)
        for name, obj in cases().items():
            out[f"{name}/{tag}"] = f.serialize(obj).hex()
    json.dump(out, sys.stdout)


def check():
    written = json.loads(sys.stdin.read())
    forys = {tag: fory(c, r, n) for c, r, n, tag in modes()}
    objs = cases()
    verdicts = {}
    for key, hx in written.items():
        name, tag = key.split("/")
        f = forys[tag]
        try:
            back = f.deserialize(bytes.fromhex(hx))
            ok = back == objs[name]
            verdicts[key] = {"ok": ok, "same_bytes": f.serialize(objs[name]).hex() == hx,
                             "error": "" if ok else repr(back)}
        except Exception as e:  # noqa: BLE001 - reported to the Rust test
            verdicts[key] = {"ok": False, "same_bytes": False, "error": repr(e)}
    json.dump(verdicts, sys.stdout)


if __name__ == "__main__":
    {"emit": emit, "check": check}[sys.argv[1]]()

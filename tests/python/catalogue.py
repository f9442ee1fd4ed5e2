"""The interop catalogue: values pyfory 1.7.7 serializes, and the check of Rust's bytes.

Usage:
  python catalogue.py emit          -> JSON {case: {"hex": ..., "compatible": .., "ref": ..}}
  python catalogue.py check < json  -> reads {case: hex-written-by-rust}, deserializes each with
                                       pyfory, compares with the catalogue value, and prints JSON
                                       {case: {"ok": bool, "same_bytes": bool, "error": str}}
The Rust side (tests/interop_core.rs) knows the same case names.
"""
import dataclasses
import enum
import json
import sys
from dataclasses import dataclass
from typing import Dict, List, Optional

import numpy as np
import pyfory


@dataclass
class Point:
    x: pyfory.Int32
    y: float
    s: str
    myField: int


@dataclass
class IdPoint:
    x: pyfory.Int32
    y: float


@dataclass
class Inner:
    name: str
    values: List[int]


@dataclass
class Outer:
    inner: Inner
    maybe: Optional[Inner]
    tags: Dict[str, int]
    label: Optional[str]


@dataclass
class LongNs:
    v: int


class Color(enum.Enum):
    RED = 0
    GREEN = 1
    BLUE = 2


@dataclass
class Painted:
    color: Color
    blob: bytes
    ratio: pyfory.Float32
    small: pyfory.Int8
    mid: pyfory.Int16
    fixed: pyfory.FixedInt32
    tagged: pyfory.TaggedInt64
    flag: bool
    names: List[str]


@dataclass
class Tile:
    # Wire order: h, w, a_color | b_title, c_at | d_uri, e_shade | f_mode, g_note | h_ids |
    # i_at, j_tail. The Rust derive writes an enum that starts or ends a run of scalars or
    # strings inside the run, and a struct in that place before or after it.
    w: pyfory.Int32
    h: pyfory.Int32
    a_color: Color
    b_title: str
    c_at: Point
    d_uri: str
    e_shade: Color
    f_mode: Color
    g_note: str
    h_ids: List[int]
    i_at: Point
    j_tail: str


@dataclass
class Roster:
    points: List[Point]
    ids: List[IdPoint]
    none: List[IdPoint]


def make_fory(compatible, ref):
    f = pyfory.Fory(xlang=True, ref=ref, compatible=compatible)
    f.register_type(Point, name="demo.Point")
    f.register_type(IdPoint, type_id=101)
    f.register_type(Inner, name="demo.Inner")
    f.register_type(Outer, name="demo.Outer")
    f.register_type(LongNs, name="com.example.very.long.namespace.LongNs")
    f.register_type(Color, name="demo.Color")
    f.register_type(Painted, type_id=102)
    f.register_type(Roster, name="demo.Roster")
    f.register_type(Tile, type_id=103)
    return f


def cases():
    p = Point(1, 2.5, "hi", -7)
    inner = Inner("in", [1, 2, 3])
    shared = [1, 2]
    c = {
        "none": None,
        "bool": True,
        "int_0": 0,
        "int_1": 1,
        "int_m1": -1,
        "int_m65": -65,
        "int_2p56": 2**56,
        "int_max": 2**63 - 1,
        "int_min": -(2**63),
        "float": 1.5,
        "float_neg": -0.125,
        "str_empty": "",
        "str_ascii": "hello",
        "str_latin1": "caf\u00e9",
        "str_cjk": "\u4e2d\u6587",
        "str_emoji": "\U0001f600x",
        "str_long": "abc" * 400,
        "bytes": b"\x00\x01xy",
        "bytes_empty": b"",
        "list_int": [1, 2, 3],
        "list_empty": [],
        "list_nested": [[1], [2, 3], []],
        "list_mixed": [1, "a", None],
        "list_str": ["a", "b"],
        "dict_mixed": {"a": 1, 2: None},
        "dict_none_key": {None: 1},
        "dict_str_int": {"x": 1, "y": 2},
        "dict_empty": {},
        "set_int": {1, 2, 3},
        "arr_i32": np.array([1, -2, 3], dtype=np.int32),
        "arr_f64": np.array([0.5, -1.0], dtype=np.float64),
        "arr_bool": np.array([True, False], dtype=np.bool_),
        "point": p,
        "point_id": IdPoint(3, 4.5),
        "outer": Outer(inner, None, {"k": 2}, None),
        "outer_full": Outer(inner, Inner("m", []), {}, "lbl"),
        "same_twice": [p, p],
        "two_types": [p, inner, p, inner],
        "long_ns": LongNs(9),
        "painted": Painted(Color.BLUE, b"zz", 0.5, -3, 300, -100000, 2**40, True, ["x", "y"]),
        "enum": Color.GREEN,
        "roster": Roster([p, Point(5, -0.5, "yo", 3)], [IdPoint(1, 1.0)], []),
        "tile": Tile(640, -480, Color.GREEN, "sunset", p, "http://x/y.png", Color.BLUE,
                     Color.GREEN, "note", [7], p, "end"),
        # Strings past the short-string limit: the fields are written one by one.
        "tile_long": Tile(1, 2**20, Color.BLUE, "long " * 20, p, "u", Color.RED,
                          Color.BLUE, "note " * 20, [], p, "tail " * 20),
        # 130 elements: the list length takes two varint bytes.
        "list_long": [f"s{i}" for i in range(130)],
        "roster_long": Roster([], [IdPoint(i, 0.5) for i in range(130)], []),
    }
    configs = {}
    out = {}
    for name, v in c.items():
        out[name] = (v, True, False)
    # Non-compatible mode and ref tracking variants.
    for name in ["point", "point_id", "outer", "outer_full", "same_twice", "two_types", "painted", "long_ns", "roster",
                 "tile", "tile_long"]:
        out[name + "_nc"] = (c[name], False, False)
    out["ref_shared_list"] = ([shared, shared, "s", "s"], True, True)
    out["ref_bytes"] = ([b"ab", b"ab"], True, True)
    out["ref_point"] = ([p, p], True, True)
    out["ref_scalar"] = (5, True, True)
    # Maps with ref tracking: pyfory tracks neither str nor int keys and values (chunk
    # header 0x00), but does track a list value (0x08, a ref flag before it).
    out["ref_dict"] = ({"a": 1}, True, True)
    out["ref_dict_list"] = ({"a": [1, 2], "b": "x", 3: None}, True, True)
    out["ref_dict_schema"] = ({"k": "v", "n": 2.5}, False, True)
    # Lists of nulls only (header SAME_TYPE | HAS_NULL and the NONE type), and mixed lists with
    # ref tracking (every element flagged, 0xFF for the untracked ones); dense arrays are not
    # tracked. (Untyped numpy arrays in a list or dict pyfory 1.7.7 cannot read back itself.)
    out["list_all_null"] = ([None, None], True, False)
    out["list_all_null_ref"] = ([None], True, True)
    out["list_mixed_ref"] = ([1, "a", None], True, True)
    out["list_arrays_ref"] = ([pyfory.Int32Array([1, 2]), pyfory.Int32Array([3])], True, True)
    out["dict_arrays_ref"] = ({"k": pyfory.Int32Array([1])}, True, True)
    # Lists of structs as fields, with ref tracking: every element carries a ref flag.
    out["roster_ref"] = (c["roster"], True, True)
    out["roster_ref_nc"] = (c["roster"], False, True)
    return out


def same(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray) or type(b).__name__.endswith("Array"):
        return list(np.asarray(a).tolist()) == list(np.asarray(b).tolist())
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (a != a and b != b)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if dataclasses.is_dataclass(a) and dataclasses.is_dataclass(b):
        return type(a) is type(b) and all(
            same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a)
        )
    return a == b


def main():
    mode = sys.argv[1]
    cs = cases()
    if mode == "emit":
        res = {}
        for name, (v, comp, ref) in cs.items():
            res[name] = {"hex": make_fory(comp, ref).serialize(v).hex(), "compatible": comp, "ref": ref}
        json.dump(res, sys.stdout)
    elif mode == "check":
        written = json.load(sys.stdin)
        res = {}
        for name, hx in written.items():
            v, comp, ref = cs[name]
            f = make_fory(comp, ref)
            expected = f.serialize(v)
            try:
                back = make_fory(comp, ref).deserialize(bytes.fromhex(hx))
                ok = same(v, back)
                err = "" if ok else f"python read {back!r}, expected {v!r}"
            except Exception as e:  # report, the Rust side asserts
                ok, err = False, f"{type(e).__name__}: {e}"
            res[name] = {"ok": ok, "same_bytes": expected.hex() == hx, "pyfory_hex": expected.hex(), "error": err}
        json.dump(res, sys.stdout)


if __name__ == "__main__":
    main()

"""The random differential tester: pyfory 1.7.7 against fory-rs on random schemas.

From a seed it draws dataclass schemas (every scalar width and integer encoding, strings of
every width class, bytes, Optional, List/Set/Dict of scalars, strings, structs and enums,
structs nested up to three deep, registered by id and by name, dense arrays, snake_case and
camelCase field names, schema evolution in compatible mode, tuple structs with renamed fields
and `small_code` structs on the Rust side, union classes (`fory_union.Union`, by id and by
name) as fields, `Optional` fields, list elements and dict values, and `typing.Union[...]`
fields as `#[fory(untagged)]` enums) and values for them (random and edge values), then:

1. pyfory serializes every value in each configuration (compatible x ref);
2. a generated Rust crate (one per run, under target/difftest/) with the matching derives reads
   pyfory's bytes typed and compares them with the expected values (Rust literals), writes them
   back, reads them as `fory::Value` (with registrations, and in compatible mode without any)
   and writes the Value back;
3. Python checks that Rust's bytes equal pyfory's (wherever the README documents no
   difference: values with non-ASCII strings are compared by pyfory reading them, and each
   such value has an ASCII twin compared byte for byte) and that pyfory reads every payload
   Rust wrote back to a value equal to the original.

Usage (tests/differential.rs runs it with the seed and count of the environment):
  python difftest.py [--seeds 1..20] [--count 200] [--out DIR] [--fory PATH] [--cargo CARGO]
It prints the failures grouped by kind, one line per seed
  difftest: seed S: N schemas, M checks, F failures
and a last line "difftest: total: ..."; the full details go to DIR/report.txt.
"""
import argparse
import dataclasses
import datetime
import decimal
import enum
import math
import os
import random
import re
import struct
import subprocess
import sys
import textwrap
import time
import typing
import zlib
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Set

import pyfory

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "python"))
import fory_union  # noqa: E402 - after the path to python/

# ---------------------------------------------------------------------------------------------
# The schema model
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scalar:
    """A scalar field type: its pyfory annotation, Rust type and `encoding` attribute."""

    py: str
    rust: str
    encoding: Optional[str]  # None for the type's default encoding
    lo: float
    hi: float


def _int(py, rust, bits, signed, encoding=None):
    lo, hi = (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if signed else (0, 2**bits - 1)
    return Scalar(py, rust, encoding, lo, hi)


SCALARS = {
    "bool": Scalar("bool", "bool", None, 0, 1),
    "i8": _int("pyfory.Int8", "i8", 8, True),
    "i16": _int("pyfory.Int16", "i16", 16, True),
    "i32": _int("pyfory.Int32", "i32", 32, True),
    "i32_fixed": _int("pyfory.FixedInt32", "i32", 32, True, "fixed"),
    "i64": _int("int", "i64", 64, True),
    "i64_alias": _int("pyfory.Int64", "i64", 64, True),
    "i64_fixed": _int("pyfory.FixedInt64", "i64", 64, True, "fixed"),
    "i64_tagged": _int("pyfory.TaggedInt64", "i64", 64, True, "tagged"),
    "u8": _int("pyfory.UInt8", "u8", 8, False),
    "u16": _int("pyfory.UInt16", "u16", 16, False),
    "u32": _int("pyfory.UInt32", "u32", 32, False),
    "u32_fixed": _int("pyfory.FixedUInt32", "u32", 32, False, "fixed"),
    "u64": _int("pyfory.UInt64", "u64", 64, False),
    "u64_fixed": _int("pyfory.FixedUInt64", "u64", 64, False, "fixed"),
    "u64_tagged": _int("pyfory.TaggedUInt64", "u64", 64, False, "tagged"),
    "f32": Scalar("pyfory.Float32", "f32", None, 0, 0),
    "f64": Scalar("float", "f64", None, 0, 0),
}
# Inside a container a scalar has its type's default encoding (Rust has no attribute there).
DEFAULT_SCALARS = [k for k, s in SCALARS.items() if s.encoding is None]
HASHABLE_SCALARS = [k for k in DEFAULT_SCALARS if not k.startswith("f")]
# Dense arrays (Rust `Vec<T>` without `list`); pyfory.UInt8Array has no Rust counterpart
# (`Vec<u8>` is BINARY).
ARRAYS = {
    "bool": "BoolArray",
    "i8": "Int8Array",
    "i16": "Int16Array",
    "i32": "Int32Array",
    "i64": "Int64Array",
    "u16": "UInt16Array",
    "u32": "UInt32Array",
    "u64": "UInt64Array",
    "f32": "Float32Array",
    "f64": "Float64Array",
}


# Temporal and decimal types (#19): kind -> (pyfory annotation, Rust type). Rust's
# `fory::Decimal` has no `Ord`, so it is never a set element, map key or hashable struct field.
TEMPORAL = {
    "ts": ("datetime.datetime", "fory::Timestamp"),
    "date": ("datetime.date", "fory::Date"),
    "td": ("datetime.timedelta", "fory::Duration"),
    "dec": ("decimal.Decimal", "fory::Decimal"),
}
HASHABLE_TEMPORAL = ["ts", "date", "td"]
UTC = datetime.timezone.utc
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(eq=False)
class T:
    """A field type. kind: scalar, str, bytes, opt, list, set, map, struct, enum, array, union
    (a registered union class), untagged (a `typing.Union[...]` field), and the temporal kinds
    ts, date, td, dec."""

    kind: str
    scalar: str = ""  # scalar / array element key
    args: tuple = ()  # element types (opt, list, set: 1; map: key, value)
    ref: object = None  # StructDef / EnumDef / UnionDef / UntaggedDef
    ordered: bool = True  # set/map: BTreeSet/BTreeMap in Rust; else Hash* with <= 1 entry


@dataclass(eq=False)
class FieldDef:
    name: str  # the wire (Python attribute) name
    rust: str  # the Rust identifier
    type: T


@dataclass(eq=False)
class StructDef:
    name: str
    reg: tuple  # ("id", n) or ("name", "ns.Type")
    depth: int
    hashable: bool
    fields: List[FieldDef] = field(default_factory=list)
    tuple: bool = False  # a Rust tuple struct whose fields are renamed to the Python names
    small_code: bool = False  # `#[fory(small_code)]`: the plan path only, no straight-line code


@dataclass(eq=False)
class UnionDef:
    """A `fory_union.Union` class (Rust: an enum with data). cases: (case id, T or None for a
    unit case), the Rust variants `C{id}` in this order with `#[fory(id = ..)]`."""

    name: str
    reg: tuple
    depth: int
    cases: list = field(default_factory=list)


@dataclass(eq=False)
class UntaggedDef:
    """A `typing.Union[...]` dataclass field (Rust: an `#[fory(untagged)]` enum, variants
    `V{i}`); every alternative has its own wire type, so both sides pick the same one."""

    name: str
    depth: int
    alts: list = field(default_factory=list)


@dataclass(eq=False)
class EnumDef:
    name: str
    reg: tuple
    variants: int


@dataclass(eq=False)
class Evolution:
    """Compatible mode only: the Rust root has one field more (`rust_extra`) or less."""

    kind: str  # "rust_extra" | "rust_missing"
    field: FieldDef


@dataclass(eq=False)
class Schema:
    seed: int
    index: int
    structs: List[StructDef]  # root first
    enums: List[EnumDef]
    evolution: Optional[Evolution] = None
    unions: List[UnionDef] = field(default_factory=list)
    untagged: List[UntaggedDef] = field(default_factory=list)

    @property
    def root(self):
        return self.structs[0]

    @property
    def module(self):
        return f"s{self.seed}_{self.index}"


# ---------------------------------------------------------------------------------------------
# Drawing schemas
# ---------------------------------------------------------------------------------------------

WORDS = (
    "alpha beta gamma delta count total label title score ratio items tags owner child level "
    "index color shade width height kind mode note blob data key amount price weight depth "
    "origin target status flag value"
).split()
MAX_DEPTH = 2  # the root is depth 0: structs nest three deep


class SchemaDrawer:
    """Draws one schema: the root struct and every struct and enum its fields need."""

    def __init__(self, rng, seed, index):
        self.rng = rng
        self.schema = Schema(seed, index, [], [])
        self.next_id = 100 + rng.randrange(0, 400)

    def draw(self):
        self.new_struct(0, hashable=False)
        if self.rng.random() < 0.3:
            self.schema.evolution = self.draw_evolution()
        return self.schema

    def registration(self, kind, n):
        rng = self.rng
        if rng.random() < 0.5:
            self.next_id += 1
            return ("id", self.next_id)
        ns = rng.choice(["", "dt", "dt.gen", "com.example.difftest_ns", "a_b"])
        base = rng.choice([f"{kind}{n}", f"{kind}_{n}", f"My{kind}{n}X", f"{kind.lower()}{n}"])
        return ("name", f"{ns}.{base}" if ns else base)

    def new_struct(self, depth, hashable):
        s = StructDef(f"S{len(self.schema.structs)}", None, depth, hashable)
        s.reg = self.registration("Node", len(self.schema.structs))
        self.schema.structs.append(s)
        n = self.rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 10, 14]) if depth == 0 else self.rng.randint(0, 5)
        if hashable:
            n = max(n, 1)
        # Below the root, a Rust tuple struct: `S(#[fory(rename = "alpha")] pub i32, ..)`.
        s.tuple = depth > 0 and n > 0 and self.rng.random() < 0.25
        # A quarter of the structs are `small_code`, decided by a hash of the schema and the
        # name rather than by the generator, so that a seed still draws the schemas it did.
        s.small_code = zlib.crc32(f"{self.schema.seed}/{self.schema.index}/{s.name}".encode()) % 4 == 0
        names = set()
        for _ in range(n):
            name, rust = self.field_name(names)
            s.fields.append(FieldDef(name, rust, self.field_type(depth, hashable)))
        return s

    def union_type(self, depth):
        """A union class: one already drawn at this depth or deeper, or a new one whose cases
        hold the generator's other types (structs one level deeper)."""
        reuse = [u for u in self.schema.unions if u.depth >= depth]
        if reuse and self.rng.random() < 0.3:
            return T("union", ref=self.rng.choice(reuse))
        rng = self.rng
        u = UnionDef(f"U{len(self.schema.unions)}", None, depth)
        u.reg = self.registration("Union", len(self.schema.unions))
        self.schema.unions.append(u)
        n = rng.randint(1, 5)
        ids = list(range(n)) if rng.random() < 0.5 else sorted(rng.sample(range(0, 40), n))
        for case_id in ids:
            u.cases.append((case_id, self.case_type(depth)))
        if all(t is None for _, t in u.cases):
            # Only unit variants would be a Rust ENUM: one case holds a value.
            i = rng.randrange(n)
            u.cases[i] = (u.cases[i][0], T("str"))
        return T("union", ref=u)

    def case_type(self, depth):
        """The type of a union case (None: a unit case). pyfory's case table names a Python
        type: a scalar's annotation, str, bytes, `list` (of strings or structs: a list of
        numbers is a dense array in Rust), `dict` (str keys), a dataclass, an enum class, a
        temporal type. Not `List[int]`-style generics (README: pyfory 1.7.7 writes a header no
        other reader can use)."""
        rng = self.rng
        kind = rng.choices(
            ["scalar", "str", "bytes", "list", "dict", "struct", "enum", "temporal", "unit", "union"],
            [30, 12, 6, 8, 4, 12 if depth < MAX_DEPTH else 0, 6, 10, 8, 4 if depth < MAX_DEPTH else 0],
        )[0]
        if kind == "unit":
            return None
        if kind == "union":
            # Another union class as a case (one level deeper).
            return self.union_type(depth + 1)
        if kind == "scalar":
            return T("scalar", rng.choice(DEFAULT_SCALARS))
        if kind == "list":
            inner = rng.choice(["str", "struct"] if depth < MAX_DEPTH else ["str"])
            return T("list", args=(T("str") if inner == "str" else self.struct_type(depth, hashable=False),))
        if kind == "dict":
            value = rng.choice([T("str"), T("scalar", "i64")])
            return T("map", args=(T("str"), value), ordered=True)
        return self.element_type(depth, kind)

    def untagged_type(self, depth):
        """A `typing.Union[...]` field: two to four alternatives of distinct wire types."""
        rng = self.rng
        w = UntaggedDef(f"W{len(self.schema.untagged)}", depth)
        self.schema.untagged.append(w)
        pool = ["i64", "f64", "bool", "str", "bytes", "enum", "ts", "date", "td", "dec"]
        if depth < MAX_DEPTH:
            pool += ["struct", "struct", "union"]
        kinds = rng.sample(pool, rng.randint(2, 4))
        structs = []
        for k in kinds:
            if k in ("i64", "f64", "bool"):
                w.alts.append(T("scalar", k))
            elif k in ("str", "bytes") or k in TEMPORAL:
                w.alts.append(T(k))
            elif k == "enum":
                w.alts.append(self.enum_type())
            elif k == "union":
                w.alts.append(self.union_type(depth + 1))
            else:
                t = self.struct_type(depth, hashable=False)
                if t.ref in structs:
                    continue
                structs.append(t.ref)
                w.alts.append(t)
        # `typing.Union[X]` is plain `X` in Python: keep two alternatives at least (a struct
        # drawn twice counts once).
        for k in ("str", "bytes"):
            if len(w.alts) < 2 and k not in kinds:
                w.alts.append(T(k))
        return T("untagged", ref=w)

    def new_enum(self):
        e = EnumDef(f"E{len(self.schema.enums)}", None, self.rng.randint(1, 5))
        e.reg = self.registration("Enum", len(self.schema.enums))
        self.schema.enums.append(e)
        return e

    def field_name(self, taken):
        """A fresh field name: snake_case, or camelCase (renamed on the Rust side)."""
        rng = self.rng
        while True:
            words = [rng.choice(WORDS) for _ in range(rng.choice([1, 1, 2, 2, 3]))]
            if rng.random() < 0.3:
                words[-1] += str(rng.randint(0, 9))
            rust = "_".join(words)
            if rng.random() < 0.4 and len(words) > 1:
                name = words[0] + "".join(w[0].upper() + w[1:] for w in words[1:])
            else:
                name = rust
            if rust not in taken and name not in taken:
                taken.update([rust, name])
                return name, rust

    def struct_type(self, depth, hashable):
        """A nested struct: a new one, or one already drawn deeper (TypeDef reuse)."""
        reuse = [s for s in self.schema.structs if s.depth > depth and (s.hashable or not hashable)]
        if reuse and self.rng.random() < 0.3:
            return T("struct", ref=self.rng.choice(reuse))
        return T("struct", ref=self.new_struct(depth + 1, hashable))

    def enum_type(self):
        if self.schema.enums and self.rng.random() < 0.4:
            return T("enum", ref=self.rng.choice(self.schema.enums))
        return T("enum", ref=self.new_enum())

    def field_type(self, depth, hashable):
        """A field's declared type (the top level, where attributes apply)."""
        rng = self.rng
        if hashable:
            return self.hashable_type(depth, allow_encoding=True)
        if rng.random() < 0.12:
            return T(rng.choice(list(TEMPORAL)))
        kind = rng.choices(
            ["scalar", "str", "bytes", "opt", "list", "set", "map", "struct", "enum", "array", "union", "untagged"],
            [30, 9, 4, 9, 11, 5, 9, 8 if depth < MAX_DEPTH else 0, 5, 6, 6, 4],
        )[0]
        if kind == "scalar":
            return T("scalar", rng.choice(list(SCALARS)))
        if kind == "untagged":
            return self.untagged_type(depth)
        if kind == "opt":
            inner = rng.choice(["scalar", "str", "bytes", "list", "struct", "enum", "map", "array", "temporal", "union", "untagged"])
            if inner == "untagged":
                return T("opt", args=(self.untagged_type(depth),))
            if inner == "scalar":
                return T("opt", args=(T("scalar", rng.choice(list(SCALARS))),))
            if inner == "list" and rng.random() < 0.5:
                return T("opt", args=(T("list", args=(T("scalar", rng.choice(DEFAULT_SCALARS)),)),))
            return T("opt", args=(self.element_type(depth, inner),))
        if kind == "list" and rng.random() < 0.45:
            # A LIST of scalars: `#[fory(list)]` on the Rust field.
            return T("list", args=(T("scalar", rng.choice(DEFAULT_SCALARS)),))
        return self.element_type(depth, kind)

    def element_type(self, depth, kind=None):
        """A type that may also sit inside a container (no attributes apply there)."""
        rng = self.rng
        if kind is None:
            kind = rng.choices(
                ["scalar", "str", "bytes", "opt", "list", "set", "map", "struct", "enum", "array", "temporal", "union"],
                [25, 18, 4, 8, 6, 3, 5, 12 if depth < MAX_DEPTH else 0, 10, 5, 10, 6],
            )[0]
        if kind == "temporal":
            return T(rng.choice(list(TEMPORAL)))
        if kind == "union":
            return self.union_type(depth)
        if kind == "scalar":
            return T("scalar", rng.choice(DEFAULT_SCALARS))
        if kind in ("str", "bytes"):
            return T(kind)
        if kind == "opt":
            inner = rng.choice(["scalar", "str", "struct", "enum", "temporal", "union"] if depth < MAX_DEPTH else ["scalar", "str", "enum", "temporal", "union"])
            return T("opt", args=(self.element_type(depth, inner),))
        if kind == "list":
            # Inside a container a list of scalars would be a dense array in Rust: non-scalars.
            inner = rng.choice(["str", "struct", "enum", "opt", "bytes", "temporal", "union"] if depth < MAX_DEPTH else ["str", "enum", "opt", "bytes", "temporal", "union"])
            return T("list", args=(self.element_type(depth, inner),))
        if kind == "set":
            return T("set", args=(self.hashable_type(depth, allow_encoding=False),), ordered=rng.random() < 0.7)
        if kind == "map":
            key = rng.choice(["scalar", "str", "str", "enum", "temporal"])
            key_t = self.enum_type() if key == "enum" else (T("str") if key == "str" else T("scalar", rng.choice(HASHABLE_SCALARS)))
            if key == "temporal":
                key_t = T(rng.choice(HASHABLE_TEMPORAL))
            value_kind = rng.choice(["scalar", "str", "struct", "struct", "enum", "opt", "list", "array", "bytes", "temporal", "union"])
            if value_kind == "struct" and depth >= MAX_DEPTH:
                value_kind = "str"
            return T("map", args=(key_t, self.element_type(depth, value_kind)), ordered=rng.random() < 0.7)
        if kind == "struct":
            return self.struct_type(depth, hashable=False)
        if kind == "enum":
            return self.enum_type()
        if kind == "array":
            return T("array", rng.choice(list(ARRAYS)))
        raise ValueError(kind)

    def hashable_type(self, depth, allow_encoding):
        """A type with Hash + Ord in Rust and hash in Python (set elements, frozen fields)."""
        rng = self.rng
        kind = rng.choices(["scalar", "str", "bytes", "enum", "struct", "opt", "temporal"], [35, 25, 5, 15, 10 if depth < MAX_DEPTH else 0, 10, 10])[0]
        if kind == "temporal":
            return T(rng.choice(HASHABLE_TEMPORAL))
        if kind == "scalar":
            pool = [k for k in SCALARS if not k.startswith("f")] if allow_encoding else HASHABLE_SCALARS
            return T("scalar", rng.choice(pool))
        if kind in ("str", "bytes"):
            return T(kind)
        if kind == "enum":
            return self.enum_type()
        if kind == "struct":
            reuse = [s for s in self.schema.structs if s.depth > depth and s.hashable]
            if reuse and rng.random() < 0.3:
                return T("struct", ref=rng.choice(reuse))
            return T("struct", ref=self.new_struct(depth + 1, hashable=True))
        return T("opt", args=(T(rng.choice(["str", "scalar", "scalar"]), rng.choice(HASHABLE_SCALARS)),))

    def draw_evolution(self):
        root = self.schema.root
        simple = [f for f in root.fields if f.type.kind not in ("struct",) and not refers_struct(f.type) and not refers_union(f.type)]
        if simple and self.rng.random() < 0.5:
            return Evolution("rust_missing", self.rng.choice(simple))
        taken = {f.name for f in root.fields} | {f.rust for f in root.fields}
        name, rust = self.field_name(taken)
        while True:
            t = self.field_type(MAX_DEPTH, hashable=False)
            if not refers_struct(t) and not hashes_enum(t) and not refers_union(t):
                return Evolution("rust_extra", FieldDef(name, rust, t))


def refers_struct(t):
    return t.kind == "struct" or any(refers_struct(a) for a in t.args)


def refers_union(t):
    """Union fields stay out of schema evolution (a missing union field has no default on
    either side that the other reads as equal)."""
    return t.kind in ("union", "untagged") or any(refers_union(a) for a in t.args)


def refers_enum(t):
    return t.kind == "enum" or any(refers_enum(a) for a in t.args)


def hashes_enum(t):
    """pyfory 1.7.7 cannot skip a field it lacks whose set elements or map keys are enums
    (TypeError: unhashable type: 'NonExistEnum', pyfory alone): not a field Rust may add."""
    if t.kind in ("set", "map") and refers_enum(t.args[0]):
        return True
    return any(hashes_enum(a) for a in t.args)


# ---------------------------------------------------------------------------------------------
# Python source and classes
# ---------------------------------------------------------------------------------------------


def py_ann(t):
    if t.kind == "scalar":
        return SCALARS[t.scalar].py
    if t.kind in ("str", "bytes"):
        return t.kind
    if t.kind == "opt":
        return f"Optional[{py_ann(t.args[0])}]"
    if t.kind == "list":
        return f"List[{py_ann(t.args[0])}]"
    if t.kind == "set":
        return f"Set[{py_ann(t.args[0])}]"
    if t.kind == "map":
        return f"Dict[{py_ann(t.args[0])}, {py_ann(t.args[1])}]"
    if t.kind in ("struct", "enum", "union"):
        return t.ref.name
    if t.kind == "untagged":
        return f"typing.Union[{', '.join(py_ann(a) for a in t.ref.alts)}]"
    if t.kind == "array":
        return f"pyfory.{ARRAYS[t.scalar]}"
    if t.kind in TEMPORAL:
        return TEMPORAL[t.kind][0]
    raise ValueError(t.kind)


def py_case_type(t):
    """A union case's entry in the case table: a plain Python type (`list`, `dict`), never a
    parameterized generic."""
    if t is None:
        return "type(None)"
    if t.kind == "list":
        return "list"
    if t.kind == "map":
        return "dict"
    return py_ann(t)


def py_union_source(u):
    cases = ", ".join(f"{cid}: {py_case_type(t)}" for cid, t in u.cases)
    return "\n".join([f"class {u.name}(fory_union.Union):", "    __slots__ = ()", f"    CASES = {{{cases}}}"])


def py_struct_source(s, fields=None):
    fields = s.fields if fields is None else fields
    deco = "@dataclass(frozen=True)" if s.hashable else "@dataclass"
    body = [f"    {f.name}: {py_ann(f.type)}" for f in fields] or ["    pass"]
    return "\n".join([deco, f"class {s.name}:"] + body)


def py_enum_source(e):
    return "\n".join([f"class {e.name}(enum.Enum):"] + [f"    V{i} = {i}" for i in range(e.variants)])


def py_source(schema):
    """The whole schema as Python source: enums, then union classes and structs deepest first
    (a union's cases name deeper structs; a struct names unions of its depth or deeper)."""
    parts = [py_enum_source(e) for e in schema.enums]
    defs = [(-u.depth, 0, i, u) for i, u in enumerate(schema.unions)] + [(-s.depth, 1, i, s) for i, s in enumerate(schema.structs)]
    parts += [py_union_source(d) if isinstance(d, UnionDef) else py_struct_source(d) for *_, d in sorted(defs, key=lambda x: x[:3])]
    return "\n\n".join(parts)


def evolved_fields(schema):
    """The Rust root's fields (the Python root's, with the evolution applied)."""
    ev, fields = schema.evolution, list(schema.root.fields)
    if ev is None:
        return fields
    if ev.kind == "rust_missing":
        return [f for f in fields if f is not ev.field]
    return fields + [ev.field]


PYFORY_BUFFER = 1 << 20


class Classes:
    """The schema's classes, and the Rust-shaped root class when the schema evolves."""

    def __init__(self, schema):
        self.ns = {"pyfory": pyfory, "enum": enum, "datetime": datetime, "decimal": decimal, "dataclass": dataclass, "Optional": Optional, "List": List, "Set": Set, "Dict": Dict, "typing": typing, "fory_union": fory_union}
        exec(py_source(schema), self.ns)
        self.rust_root = self.ns[schema.root.name]
        self.instances = {}
        if schema.evolution:
            ns = dict(self.ns)
            exec(py_struct_source(schema.root, evolved_fields(schema)), ns)
            self.rust_root = ns[schema.root.name]

    def __getitem__(self, name):
        return self.ns[name]

    def fory(self, schema, compatible, ref, rust_shape=False):
        key = (compatible, ref, rust_shape)
        if key not in self.instances:
            self.instances[key] = self.new_fory(schema, compatible, ref, rust_shape)
        return self.instances[key]

    def new_fory(self, schema, compatible, ref, rust_shape):
        f = pyfory.Fory(xlang=True, compatible=compatible, ref=ref)
        # pyfory 1.7.7 bug: its fast path for a list of integers (C++
        # `Fory_PyPrimitiveCollectionWriteToBuffer`) stores each varint as an 8-byte word after
        # reserving only the varint's length, so a list that ends within 8 bytes of the
        # buffer's allocation writes past it (valgrind: "Invalid write of size 8"; e.g.
        # `A(pad=b"", xs=[-2**31] * 4)` for `xs: List[pyfory.Int32]` on a fresh Fory). The
        # heap corruption aborted seed 31 at exit. A buffer far larger than any message here
        # keeps every write inside it.
        f.buffer.ensure(PYFORY_BUFFER)
        for u in schema.unions:
            reg = {"type_id": u.reg[1]} if u.reg[0] == "id" else {"name": u.reg[1]}
            fory_union.register_union(f, self.ns[u.name], **reg)
        for d in schema.enums + sorted(schema.structs, key=lambda s: -s.depth):
            cls = self.rust_root if (rust_shape and d is schema.root) else self.ns[d.name]
            if d.reg[0] == "id":
                f.register_type(cls, type_id=d.reg[1])
            else:
                f.register_type(cls, name=d.reg[1])
        return f


# ---------------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------------


class SortedSet(set):
    """A set that pyfory iterates in Rust's `BTreeSet` order (so the bytes can be compared)."""

    def __init__(self, items=(), key=None):
        items = list(items)
        super().__init__(items)
        self.order = sorted(set(items), key=key) if key else list(dict.fromkeys(items))

    def __iter__(self):
        return iter(self.order)


def rust_key(t, v):
    """The sort key of `v` in Rust's derived `Ord` (str: code points = UTF-8 byte order)."""
    if t.kind in ("scalar", "str", "bytes") or t.kind in HASHABLE_TEMPORAL:
        return v
    if t.kind == "enum":
        return v.value
    if t.kind == "opt":
        return (0,) if v is None else (1, rust_key(t.args[0], v))
    if t.kind == "struct":
        return tuple(rust_key(f.type, getattr(v, f.name)) for f in t.ref.fields)
    raise ValueError(t.kind)


def make_set(t, items):
    return SortedSet(items, key=lambda v: rust_key(t.args[0], v))


def make_dict(t, pairs):
    return dict(sorted(dict(pairs).items(), key=lambda kv: rust_key(t.args[0], kv[0])))


def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


STRING_CLASSES = {
    "ascii": [(0x20, 0x7E)],
    "latin1": [(0x20, 0x7E), (0xA0, 0xFF)],
    "bmp": [(0x20, 0x7E), (0x391, 0x3C9), (0x4E00, 0x4E80), (0xE000, 0xE010), (0xFFF0, 0xFFFD)],
    "astral": [(0x20, 0x7E), (0x4E00, 0x4E20), (0x1F600, 0x1F64F), (0x10000, 0x10010), (0x10FFF0, 0x10FFFF)],
}


class ValueDrawer:
    """Draws values of a schema's types; `edge` mode prefers the extremes."""

    def __init__(self, rng, classes, edge):
        self.rng, self.classes, self.edge = rng, classes, edge

    def scalar(self, key):
        rng, s = self.rng, SCALARS[key]
        if key == "bool":
            return rng.random() < 0.5
        if key in ("f32", "f64"):
            edges = [0.0, -0.0, math.nan, math.inf, -math.inf, 1.5, -2.25]
            edges += [3.4028234663852886e38, 1.401298464324817e-45] if key == "f32" else [1.7976931348623157e308, 5e-324]
            x = rng.choice(edges) if self.edge or rng.random() < 0.3 else rng.uniform(-1, 1) * 10 ** rng.randint(-5, 12)
            return f32(x) if key == "f32" else x
        lo, hi = int(s.lo), int(s.hi)
        if self.edge or rng.random() < 0.3:
            return rng.choice([v for v in (0, 1, -1, lo, hi, lo + 1, hi - 1) if lo <= v <= hi])
        bits = rng.randint(1, max(1, hi.bit_length()))
        v = rng.randint(0, 2**bits - 1)
        return max(lo, min(hi, -v if lo < 0 and rng.random() < 0.5 else v))

    def string(self):
        rng = self.rng
        if self.edge or rng.random() < 0.1:
            return rng.choice(["", "a", "\u00e9", "\U0001f600"]) if not self.edge else ""
        ranges = STRING_CLASSES[rng.choice(list(STRING_CLASSES))]
        n = rng.choice([1, 2, 3, 5, 8, 20, 140])
        return "".join(chr(rng.randint(*rng.choice(ranges))) for _ in range(n))

    def length(self, limit=4):
        return 0 if self.edge else self.rng.choice([0, 1, 2, 3, limit])

    def value(self, t):
        rng = self.rng
        if t.kind == "scalar":
            return self.scalar(t.scalar)
        if t.kind == "str":
            return self.string()
        if t.kind == "bytes":
            return bytes(rng.randrange(256) for _ in range(self.length(40)))
        if t.kind == "opt":
            return None if self.edge or rng.random() < 0.3 else self.value(t.args[0])
        if t.kind == "list":
            return [self.value(t.args[0]) for _ in range(self.length())]
        if t.kind == "set":
            n = self.length() if t.ordered else min(1, self.length())
            return make_set(t, [self.value(t.args[0]) for _ in range(n)])
        if t.kind == "map":
            n = self.length() if t.ordered else min(1, self.length())
            return make_dict(t, [(self.value(t.args[0]), self.value(t.args[1])) for _ in range(n)])
        if t.kind == "struct":
            return self.struct(t.ref)
        if t.kind == "enum":
            cls = self.classes[t.ref.name]
            return list(cls)[-1 if self.edge else rng.randrange(t.ref.variants)]
        if t.kind == "array":
            return getattr(pyfory, ARRAYS[t.scalar])([self.scalar(t.scalar) for _ in range(self.length(9))])
        if t.kind in TEMPORAL:
            return self.temporal(t.kind)
        if t.kind == "union":
            case_id, case_t = t.ref.cases[-1 if self.edge else rng.randrange(len(t.ref.cases))]
            return self.classes[t.ref.name](case_id, None if case_t is None else self.value(case_t))
        if t.kind == "untagged":
            return self.value(t.ref.alts[-1 if self.edge else rng.randrange(len(t.ref.alts))])
        raise ValueError(t.kind)

    def temporal(self, kind):
        """A fresh datetime, date, timedelta or Decimal (fresh: pyfory tracks the temporal
        objects, and one object twice would be written as a back-reference)."""
        rng, edge = self.rng, self.edge or self.rng.random() < 0.25
        if kind == "ts":
            if edge:
                micros = rng.choice([0, -1, -62135596800 * 10**6, 253402300799 * 10**6, 1704164645678901])
                v = EPOCH + datetime.timedelta(microseconds=micros)
                return v if pyfory_exact_timestamp(v) else v.replace(microsecond=0)
            # pyfory 1.7.7 converts through a float (README): only values it writes and reads
            # exactly are drawn, else whole seconds (always exact).
            for _ in range(20):
                v = EPOCH + datetime.timedelta(seconds=rng.randint(-62135596800, 253402300799 - 86400), microseconds=rng.randint(0, 999999))
                if pyfory_exact_timestamp(v):
                    return v
            return v.replace(microsecond=0)
        if kind == "date":
            if edge:
                return rng.choice([datetime.date(1, 1, 1), datetime.date(9999, 12, 31), datetime.date(1970, 1, 1), datetime.date(1969, 12, 31)])
            return datetime.date.fromordinal(rng.randint(1, 3652059))
        if kind == "td":
            if edge:
                return rng.choice([datetime.timedelta(0), datetime.timedelta(microseconds=-1), datetime.timedelta(days=10**8), -datetime.timedelta(days=10**8, microseconds=1)])
            return datetime.timedelta(days=rng.randint(-10**6, 10**6), seconds=rng.randint(0, 86399), microseconds=rng.choice([0, rng.randint(0, 999999)]))
        if edge:
            text = rng.choice(["0", "-0.00", "1E+5", "4611686018427387903", "-4611686018427387904", "4611686018427387904", "-" + "9" * 60 + ".5", "1E-10000", "7E+10000"])
            return decimal.Decimal(text)
        digits = "".join(rng.choice("0123456789") for _ in range(rng.choice([1, 3, 9, 18, 19, 25, 40, 120])))
        return decimal.Decimal((rng.randint(0, 1), tuple(int(d) for d in digits), rng.randint(-8, 30)))

    def struct(self, s, fields=None, cls=None):
        fields = s.fields if fields is None else fields
        cls = cls or self.classes[s.name]
        return cls(**{f.name: self.value(f.type) for f in fields})


def pyfory_exact_timestamp(v):
    """Whether pyfory 1.7.7 writes and reads the aware datetime `v` without losing a
    microsecond (it goes through `v.timestamp() * 1e6` and `seconds + nanos / 1e9`)."""
    micros = (v - EPOCH) // datetime.timedelta(microseconds=1)
    if int(v.timestamp() * 1_000_000) != micros:
        return False
    seconds, rem = divmod(micros, 1_000_000)
    return datetime.datetime.fromtimestamp(seconds + (rem * 1000) / 1e9, tz=UTC) == v


def untagged_alt(t, v):
    """The alternative of untagged type `t` that value `v` is (by its exact Python type, as
    pyfory picks the type info it writes)."""
    for a in t.ref.alts:
        if a.kind == "scalar":
            py = {"i64": int, "f64": float, "bool": bool}[a.scalar]
        elif a.kind in ("str", "bytes"):
            py = {"str": str, "bytes": bytes}[a.kind]
        elif a.kind in TEMPORAL:
            py = {"ts": datetime.datetime, "date": datetime.date, "td": datetime.timedelta, "dec": decimal.Decimal}[a.kind]
        else:
            py = None  # a struct, enum or union class: by its name
        if (py is not None and type(v) is py) or (py is None and type(v).__name__ == a.ref.name):
            return a
    raise ValueError(f"{v!r} is no alternative of {t.ref.name}")


def transform_strings(t, v, fn):
    """`v` with every string replaced by fn(string), containers rebuilt in Rust order."""
    if v is None or t.kind in ("scalar", "bytes", "enum", "array") or t.kind in TEMPORAL:
        return v
    if t.kind == "union":
        case_t = dict(t.ref.cases)[v._case_id]
        return type(v)(v._case_id, None if case_t is None else transform_strings(case_t, v._value, fn))
    if t.kind == "untagged":
        return transform_strings(untagged_alt(t, v), v, fn)
    if t.kind == "str":
        return fn(v)
    if t.kind == "opt":
        return transform_strings(t.args[0], v, fn)
    if t.kind == "list":
        return [transform_strings(t.args[0], x, fn) for x in v]
    if t.kind == "set":
        return make_set(t, [transform_strings(t.args[0], x, fn) for x in v])
    if t.kind == "map":
        return make_dict(t, [(transform_strings(t.args[0], k, fn), transform_strings(t.args[1], x, fn)) for k, x in v.items()])
    if t.kind == "struct":
        return type(v)(**{f.name: transform_strings(f.type, getattr(v, f.name), fn) for f in t.ref.fields})
    raise ValueError(t.kind)


def null_struct_lists(t, v):
    """Whether `v` holds a non-empty list or set of nulls only whose declared element type is a
    struct: `fory::Value` keeps no element type for it (README), so written back it names
    NONE where pyfory names the struct."""
    if v is None or t.kind in ("scalar", "bytes", "enum", "array", "str") or t.kind in TEMPORAL:
        return False
    if t.kind == "union":
        case_t = dict(t.ref.cases)[v._case_id]
        return case_t is not None and null_struct_lists(case_t, v._value)
    if t.kind == "untagged":
        return null_struct_lists(untagged_alt(t, v), v)
    if t.kind == "opt":
        return null_struct_lists(t.args[0], v)
    if t.kind in ("list", "set"):
        e = t.args[0]
        e_inner = e.args[0] if e.kind == "opt" else e
        if v and all(x is None for x in v) and e_inner.kind == "struct":
            return True
        return any(null_struct_lists(e, x) for x in v)
    if t.kind == "map":
        return any(null_struct_lists(t.args[0], k) or null_struct_lists(t.args[1], x) for k, x in v.items())
    if t.kind == "struct":
        return any(null_struct_lists(f.type, getattr(v, f.name)) for f in t.ref.fields)
    raise ValueError(t.kind)


def strings_of(t, v):
    out = []
    transform_strings(t, v, lambda s: out.append(s) or s)
    return out


def asciify(s):
    return s.encode("ascii", "backslashreplace").decode("ascii")


def rust_default(t, classes):
    """The Python value equal to Rust's `Default::default()` for a field type."""
    return {
        "scalar": lambda: False if t.scalar == "bool" else (0.0 if t.scalar.startswith("f") else 0),
        "str": lambda: "",
        "bytes": lambda: b"",
        "opt": lambda: None,
        "list": lambda: [],
        "set": lambda: SortedSet(),
        "map": lambda: {},
        "enum": lambda: list(classes[t.ref.name])[0] if t.kind == "enum" else None,
        "array": lambda: getattr(pyfory, ARRAYS[t.scalar])([]) if t.kind == "array" else None,
        "ts": lambda: EPOCH,
        "date": lambda: datetime.date(1970, 1, 1),
        "td": lambda: datetime.timedelta(0),
        "dec": lambda: decimal.Decimal(0),
    }[t.kind]()


def pyfory_missing_default(t, classes):
    """What pyfory 1.7.7 fills in for a field the payload lacks (struct.py
    resolve_missing_field_default): None for Optional, arrays and structs."""
    if t.kind in ("opt", "array", "struct") or t.kind in TEMPORAL:
        return None
    return rust_default(t, classes)


# ---------------------------------------------------------------------------------------------
# Rust source
# ---------------------------------------------------------------------------------------------


def rust_type(t):
    if t.kind == "scalar":
        return SCALARS[t.scalar].rust
    if t.kind == "str":
        return "String"
    if t.kind == "bytes":
        return "Vec<u8>"
    if t.kind == "opt":
        return f"Option<{rust_type(t.args[0])}>"
    if t.kind == "list":
        return f"Vec<{rust_type(t.args[0])}>"
    if t.kind == "set":
        return f"{'BTreeSet' if t.ordered else 'HashSet'}<{rust_type(t.args[0])}>"
    if t.kind == "map":
        return f"{'BTreeMap' if t.ordered else 'HashMap'}<{rust_type(t.args[0])}, {rust_type(t.args[1])}>"
    if t.kind in ("struct", "enum", "union", "untagged"):
        return t.ref.name
    if t.kind == "array":
        return f"Vec<{SCALARS[t.scalar].rust}>"
    if t.kind in TEMPORAL:
        return TEMPORAL[t.kind][1]
    raise ValueError(t.kind)


def rust_field_attrs(f, tuple_field=False):
    attrs = []
    if f.rust != f.name or tuple_field:
        attrs.append(f'rename = "{f.name}"')
    t = f.type.args[0] if f.type.kind == "opt" else f.type
    if t.kind == "scalar" and SCALARS[t.scalar].encoding:
        attrs.append(f'encoding = "{SCALARS[t.scalar].encoding}"')
    if t.kind == "list" and t.args[0].kind == "scalar":
        attrs.append("list")
    if tuple_field:
        return f"#[fory({', '.join(attrs)})] " if attrs else ""
    return f"    #[fory({', '.join(attrs)})]\n" if attrs else ""


def rust_registration(reg):
    return f"#[fory(id = {reg[1]})]" if reg[0] == "id" else f'#[fory(name = "{reg[1]}")]'


def rust_struct_source(s, fields=None):
    fields = s.fields if fields is None else fields
    reg = rust_registration(s.reg)
    if s.small_code:
        reg = reg[: -len(")]")] + ", small_code)]"
    derives = "ForySerialize, ForyDeserialize, Debug, Default"
    if s.hashable:
        derives += ", PartialEq, Eq, Hash, PartialOrd, Ord"
    if s.tuple:
        body = "".join(f"    {rust_field_attrs(f, tuple_field=True)}pub {rust_type(f.type)},\n" for f in fields)
        return f"#[derive({derives})]\n{reg}\npub struct {s.name}(\n{body});"
    body = "".join(f"{rust_field_attrs(f)}    pub {f.rust}: {rust_type(f.type)},\n" for f in fields)
    return f"#[derive({derives})]\n{reg}\npub struct {s.name} {{\n{body}}}"


def rust_union_source(u):
    """The union's Rust enum (`C{id}` variants with their case ids), its `Default` (the first
    case) and `Same`."""
    variants = "".join(
        f"    #[fory(id = {cid})]\n    C{cid}{'' if t is None else f'({rust_type(t)})'},\n" for cid, t in u.cases
    )
    cid, t = u.cases[0]
    default = f"{u.name}::C{cid}" + ("" if t is None else "(Default::default())")
    arms = "".join(
        f"            ({u.name}::C{cid}, {u.name}::C{cid}) => true,\n" if t is None else f"            ({u.name}::C{cid}(a), {u.name}::C{cid}(b)) => a.same(b),\n"
        for cid, t in u.cases
    )
    return (
        f"#[derive(ForySerialize, ForyDeserialize, Debug)]\n{rust_registration(u.reg)}\npub enum {u.name} {{\n{variants}}}\n"
        f"impl Default for {u.name} {{\n    fn default() -> Self {{\n        {default}\n    }}\n}}\n"
        f"impl Same for {u.name} {{\n    fn same(&self, o: &Self) -> bool {{\n        match (self, o) {{\n{arms}            _ => false,\n        }}\n    }}\n}}"
    )


def rust_untagged_source(w):
    variants = "".join(f"    V{i}({rust_type(a)}),\n" for i, a in enumerate(w.alts))
    arms = "".join(f"            ({w.name}::V{i}(a), {w.name}::V{i}(b)) => a.same(b),\n" for i in range(len(w.alts)))
    return (
        f"#[derive(ForySerialize, ForyDeserialize, Debug)]\n#[fory(untagged)]\npub enum {w.name} {{\n{variants}}}\n"
        f"impl Default for {w.name} {{\n    fn default() -> Self {{\n        {w.name}::V0(Default::default())\n    }}\n}}\n"
        f"impl Same for {w.name} {{\n    fn same(&self, o: &Self) -> bool {{\n        match (self, o) {{\n{arms}            _ => false,\n        }}\n    }}\n}}"
    )


def rust_enum_source(e):
    variants = "".join(f"    {'#[default] ' if i == 0 else ''}V{i},\n" for i in range(e.variants))
    return (
        "#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]\n"
        f"{rust_registration(e.reg)}\npub enum {e.name} {{\n{variants}}}"
    )


def rust_source(schema):
    """The schema's Rust types (the root with the evolution applied)."""
    parts = [rust_enum_source(e) for e in schema.enums]
    parts += [rust_union_source(u) for u in schema.unions]
    parts += [rust_untagged_source(w) for w in schema.untagged]
    for s in sorted(schema.structs, key=lambda s: -s.depth):
        parts.append(rust_struct_source(s, evolved_fields(schema) if s is schema.root else None))
    return "\n\n".join(parts)


def rust_str(s):
    out = []
    for ch in s:
        if 0x20 <= ord(ch) < 0x7F and ch not in '"\\':
            out.append(ch)
        else:
            out.append(f"\\u{{{ord(ch):x}}}")
    return f'String::from("{"".join(out)}")'


def rust_scalar(key, v):
    rust = SCALARS[key].rust
    if rust == "bool":
        return "true" if v else "false"
    if rust == "f64":
        return f"f64::from_bits(0x{struct.unpack('<Q', struct.pack('<d', v))[0]:016x})"
    if rust == "f32":
        return f"f32::from_bits(0x{struct.unpack('<I', struct.pack('<f', v))[0]:08x})"
    if v == SCALARS[key].lo and v < 0:
        return f"{rust}::MIN"
    return f"{v}{rust}"


def rust_value(t, v):
    """`v` as a Rust expression of type rust_type(t)."""
    if t.kind == "scalar":
        return rust_scalar(t.scalar, v)
    if t.kind == "str":
        return rust_str(v)
    if t.kind == "bytes":
        return f"vec![{', '.join(f'{b}u8' for b in v)}]" if v else "Vec::new()"
    if t.kind == "opt":
        return "None" if v is None else f"Some({rust_value(t.args[0], v)})"
    if t.kind == "list":
        return f"vec![{', '.join(rust_value(t.args[0], x) for x in v)}]" if v else "Vec::new()"
    if t.kind == "array":
        return f"vec![{', '.join(rust_scalar(t.scalar, x) for x in v)}]" if len(v) else "Vec::new()"
    if t.kind == "set":
        return f"{rust_type(t).split('<')[0]}::from([{', '.join(rust_value(t.args[0], x) for x in v)}])"
    if t.kind == "map":
        pairs = ", ".join(f"({rust_value(t.args[0], k)}, {rust_value(t.args[1], x)})" for k, x in v.items())
        return f"{rust_type(t).split('<')[0]}::from([{pairs}])"
    if t.kind == "enum":
        return f"{t.ref.name}::V{v.value}"
    if t.kind == "struct":
        return rust_struct_value(t.ref, v, t.ref.fields)
    if t.kind in TEMPORAL:
        return rust_temporal(t.kind, v)
    if t.kind == "union":
        case_t = dict(t.ref.cases)[v._case_id]
        return f"{t.ref.name}::C{v._case_id}" + ("" if case_t is None else f"({rust_value(case_t, v._value)})")
    if t.kind == "untagged":
        alt = untagged_alt(t, v)
        return f"{t.ref.name}::V{t.ref.alts.index(alt)}({rust_value(alt, v)})"
    raise ValueError(t.kind)


def rust_temporal(kind, v):
    """A datetime, date, timedelta or Decimal as the Rust wire type's literal."""
    if kind == "ts":
        seconds, micros = divmod((v - EPOCH) // datetime.timedelta(microseconds=1), 1_000_000)
        return f"fory::Timestamp {{ seconds: {seconds}i64, nanos: {micros * 1000} }}"
    if kind == "date":
        return f"fory::Date {{ days: {(v - datetime.date(1970, 1, 1)).days}i64 }}"
    if kind == "td":
        seconds, micros = divmod(v // datetime.timedelta(microseconds=1), 1_000_000)
        return f"fory::Duration {{ seconds: {seconds}i64, nanos: {micros * 1000} }}"
    sign, digits, exponent = v.as_tuple()
    magnitude = int("".join(map(str, digits)))
    le = magnitude.to_bytes((magnitude.bit_length() + 7) // 8, "little")
    return f"fory::Decimal::from_le_bytes({'true' if sign else 'false'}, &[{', '.join(str(b) for b in le)}], {-exponent})"


def rust_struct_value(s, v, fields):
    if s.tuple:
        return f"{s.name}({' '.join(f'{rust_value(f.type, getattr(v, f.name))},' for f in fields)})"
    body = " ".join(f"{f.rust}: {rust_value(f.type, getattr(v, f.name))}," for f in fields)
    return f"{s.name} {{ {body} }}"


def rust_same_impl(s, fields):
    members = [str(i) for i in range(len(fields))] if s.tuple else [f.rust for f in fields]
    checks = " && ".join(f"self.{m}.same(&o.{m})" for m in members) or "let _ = o; true"
    return f"impl Same for {s.name} {{\n    fn same(&self, o: &Self) -> bool {{\n        {checks}\n    }}\n}}"


def rust_module(case_set):
    """One schema's module: its types, `Same`, registration, expected and written values."""
    schema = case_set.schema
    root_fields = evolved_fields(schema)
    items = [rust_source(schema)]
    for e in schema.enums:
        items.append(f"impl Same for {e.name} {{\n    fn same(&self, o: &Self) -> bool {{\n        self == o\n    }}\n}}")
    for s in schema.structs:
        items.append(rust_same_impl(s, root_fields if s is schema.root else s.fields))
    regs = "".join(f"    f.register::<{d.name}>().unwrap();\n" for d in schema.enums + schema.unions + sorted(schema.structs, key=lambda s: -s.depth))
    items.append(f"pub fn register(f: &mut Fory) {{\n{regs}}}")
    values_fns = [("expected", case_set.rust_read)]
    if case_set.rust_written is case_set.rust_read:
        items.append(f"pub fn written(k: usize) -> {schema.root.name} {{\n    expected(k)\n}}")
    else:
        values_fns.append(("written", case_set.rust_written))
    for fn, values in values_fns:
        arms = "".join(f"        {k} => {rust_struct_value(schema.root, v, root_fields)},\n" for k, v in enumerate(values))
        items.append(f"pub fn {fn}(k: usize) -> {schema.root.name} {{\n    match k {{\n{arms}        _ => unreachable!(),\n    }}\n}}")
    items.append(
        "pub fn run(k: usize, c: bool, r: bool, bytes: &[u8]) -> Vec<(&'static str, String)> {\n"
        "    crate::check(register, expected(k), written(k), c, r, bytes)\n}"
    )
    body = textwrap.indent("\n\n".join(items), "    ")
    return f"#[rustfmt::skip]\npub mod {schema.module} {{\n    use super::*;\n\n{body}\n}}\n"


RUST_PRELUDE = r"""//! Generated by tests/python/difftest.py: do not edit.
#![allow(unused_imports, dead_code, clippy::all)]
use fory::{Fory, ForyDeserialize, ForySerialize, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Debug;
use std::hash::Hash;
use std::io::{Read, Write};

/// Equality with NaN equal to NaN and -0.0 unequal to 0.0 (bit equality of floats).
pub trait Same {
    fn same(&self, o: &Self) -> bool;
}
macro_rules! same_eq {
    ($($t:ty),*) => { $(impl Same for $t { fn same(&self, o: &Self) -> bool { self == o } })* };
}
same_eq!(bool, i8, i16, i32, i64, u8, u16, u32, u64, String);
same_eq!(fory::Timestamp, fory::Date, fory::Duration, fory::Decimal);
impl Same for f32 {
    fn same(&self, o: &Self) -> bool { self.to_bits() == o.to_bits() || (self.is_nan() && o.is_nan()) }
}
impl Same for f64 {
    fn same(&self, o: &Self) -> bool { self.to_bits() == o.to_bits() || (self.is_nan() && o.is_nan()) }
}
impl<T: Same> Same for Option<T> {
    fn same(&self, o: &Self) -> bool {
        match (self, o) { (Some(a), Some(b)) => a.same(b), (None, None) => true, _ => false }
    }
}
impl<T: Same> Same for Vec<T> {
    fn same(&self, o: &Self) -> bool { self.len() == o.len() && self.iter().zip(o).all(|(a, b)| a.same(b)) }
}
impl<K: Eq + Hash, V: Same> Same for HashMap<K, V> {
    fn same(&self, o: &Self) -> bool { self.len() == o.len() && self.iter().all(|(k, v)| o.get(k).is_some_and(|w| v.same(w))) }
}
impl<K: Ord, V: Same> Same for BTreeMap<K, V> {
    fn same(&self, o: &Self) -> bool { self.len() == o.len() && self.iter().zip(o).all(|(a, b)| a.0 == b.0 && a.1.same(b.1)) }
}
impl<T: Eq + Hash> Same for HashSet<T> {
    fn same(&self, o: &Self) -> bool { self == o }
}
impl<T: Ord> Same for BTreeSet<T> {
    fn same(&self, o: &Self) -> bool { self == o }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn clip(s: String) -> String {
    let s = s.replace(['\n', '\t'], " ");
    if s.len() > 600 { format!("{}...", &s[..s.char_indices().nth(600).map_or(s.len(), |c| c.0)]) } else { s }
}

fn written<E: std::fmt::Display>(r: Result<Vec<u8>, E>) -> String {
    match r { Ok(b) => format!("hex {}", hex(&b)), Err(e) => clip(format!("err {e}")) }
}

/// Reads pyfory's bytes typed and as `Value` (with and, in compatible mode, without
/// registrations) and writes each back.
pub fn check<T>(reg: fn(&mut Fory), want: T, out: T, c: bool, r: bool, bytes: &[u8]) -> Vec<(&'static str, String)>
where
    T: fory::Serialize + for<'de> fory::Deserialize<'de> + Same + Debug,
{
    let mut f = Fory::builder().compatible(c).ref_tracking(r).build();
    reg(&mut f);
    let read = match f.deserialize::<T>(bytes) {
        Ok(got) if got.same(&want) => "ok".to_string(),
        Ok(got) => clip(format!("err got {got:?} want {want:?}")),
        Err(e) => clip(format!("err {e}")),
    };
    let mut res = vec![("read", read), ("write", written(f.serialize(&out)))];
    res.push(("value", match f.deserialize::<Value>(bytes) {
        Ok(v) => written(f.serialize(&v)),
        Err(e) => clip(format!("err read: {e}")),
    }));
    if c {
        let g = Fory::builder().compatible(true).ref_tracking(r).build();
        res.push(("value_noreg", match g.deserialize::<Value>(bytes) {
            Ok(v) => written(g.serialize(&v)),
            Err(e) => clip(format!("err read: {e}")),
        }));
    }
    res
}

fn panic_message(p: Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default()
}
"""

RUST_MAIN = r"""
/// stdin: `case module k compatible ref hex` lines; stdout: `case kind result` lines.
fn main() {
    std::panic::set_hook(Box::new(|_| {}));
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).unwrap();
    let mut stdout = std::io::stdout().lock();
    for line in input.lines() {
        let p: Vec<&str> = line.split(' ').collect();
        let (m, k): (usize, usize) = (p[1].parse().unwrap(), p[2].parse().unwrap());
        let (c, r) = (p[3] == "1", p[4] == "1");
        let bytes: Vec<u8> = (0..p[5].len()).step_by(2).map(|i| u8::from_str_radix(&p[5][i..i + 2], 16).unwrap()).collect();
        let res = std::panic::catch_unwind(|| run(m, k, c, r, &bytes))
            .unwrap_or_else(|e| vec![("panic", clip(format!("err panic: {}", panic_message(e))))]);
        for (kind, result) in res {
            writeln!(stdout, "{}\t{kind}\t{result}", p[0]).unwrap();
        }
    }
}
"""


def rust_crate(case_sets, fory_path):
    """(Cargo.toml, src/main.rs) for all schemas of the run."""
    cargo = textwrap.dedent(
        f"""\
        [package]
        name = "fory-difftest-generated"
        version = "0.0.0"
        edition = "2021"
        publish = false

        [dependencies]
        fory = {{ path = "{fory_path}" }}

        [workspace]

        [profile.dev]
        debug = false
        incremental = false
        """
    )
    arms = "".join(f"        {i} => {cs.schema.module}::run(k, c, r, bytes),\n" for i, cs in enumerate(case_sets))
    run = f"\nfn run(m: usize, k: usize, c: bool, r: bool, bytes: &[u8]) -> Vec<(&'static str, String)> {{\n    match m {{\n{arms}        _ => unreachable!(),\n    }}\n}}\n"
    main = RUST_PRELUDE + run + RUST_MAIN + "\n" + "\n".join(rust_module(cs) for cs in case_sets)
    return cargo, main


# ---------------------------------------------------------------------------------------------
# Cases: the values of a schema, what Rust reads and writes, pyfory's bytes
# ---------------------------------------------------------------------------------------------

CONFIGS = [(False, False), (False, True), (True, False), (True, True)]


@dataclass(eq=False)
class CaseSet:
    """A schema with its values: `py` (Python's root instances), `rust_read` (what Rust's
    typed read must give), `rust_written` (what Rust writes), `py_back` (what pyfory must read
    from Rust's typed bytes), and `rust_shaped` (the Rust root as a Python instance, for the
    expected bytes of Rust's typed write)."""

    schema: Schema
    classes: Classes
    py: list
    rust_read: list
    rust_written: list
    py_back: list
    rust_shaped: list

    def configs(self):
        return [c for c in CONFIGS if c[0]] if self.schema.evolution else CONFIGS


def draw_case_set(rng, seed, index):
    schema = SchemaDrawer(rng, seed, index).draw()
    classes = Classes(schema)
    root = schema.root
    root_t = T("struct", ref=root)
    py = [ValueDrawer(rng, classes, edge=False).struct(root), ValueDrawer(rng, classes, edge=True).struct(root)]
    # Every value with non-ASCII strings has an ASCII twin, whose bytes are compared exactly.
    for v in list(py):
        if any(not s.isascii() for s in strings_of(root_t, v)):
            py.append(transform_strings(root_t, v, asciify))
    ev = schema.evolution
    if ev is None:
        return CaseSet(schema, classes, py, py, py, py, py)
    cs = CaseSet(schema, classes, py, [], [], [], [])
    for v in py:
        fields = {f.name: getattr(v, f.name) for f in root.fields}
        if ev.kind == "rust_missing":
            del fields[ev.field.name]
            shaped = classes.rust_root(**fields)
            cs.rust_read.append(shaped), cs.rust_written.append(shaped), cs.rust_shaped.append(shaped)
            cs.py_back.append(dataclasses.replace(v, **{ev.field.name: pyfory_missing_default(ev.field.type, classes)}))
        else:
            read = classes.rust_root(**fields, **{ev.field.name: rust_default(ev.field.type, classes)})
            extra = transform_strings(ev.field.type, ValueDrawer(rng, classes, False).value(ev.field.type), asciify)
            shaped = classes.rust_root(**fields, **{ev.field.name: extra})
            cs.rust_read.append(read), cs.rust_written.append(shaped), cs.rust_shaped.append(shaped)
            cs.py_back.append(v)
    return cs


def draw_run(seed, count):
    rng = random.Random(seed)
    return [draw_case_set(rng, seed, i) for i in range(count)]


def parse_seeds(text):
    seeds = []
    for part in text.split(","):
        if ".." in part:
            a, b = part.split("..")
            seeds.extend(range(int(a), int(b) + 1))
        elif part:
            seeds.append(int(part))
    return seeds


# ---------------------------------------------------------------------------------------------
# Checking Rust's results
# ---------------------------------------------------------------------------------------------


def same(a, b):
    """Deep equality: NaN equals NaN, -0.0 differs from 0.0, arrays by elements."""
    if isinstance(a, float) or isinstance(b, float):
        if not isinstance(a, (int, float)) or not isinstance(b, (int, float)):
            return False
        return struct.pack("<d", a) == struct.pack("<d", b) or (math.isnan(a) and math.isnan(b))
    if isinstance(a, decimal.Decimal) or isinstance(b, decimal.Decimal):
        # The digits and the scale (1.5 and 1.50 differ); zero has no sign on the wire.
        if not isinstance(a, decimal.Decimal) or not isinstance(b, decimal.Decimal):
            return False
        (sa, da, ea), (sb, db, eb) = a.as_tuple(), b.as_tuple()
        return da == db and ea == eb and (sa == sb or a.is_zero())
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        return type(a) is type(b) and all(same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    if isinstance(a, fory_union.Union):
        return type(a) is type(b) and a._case_id == b._case_id and same(a._value, b._value)
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (set, frozenset)):
        return isinstance(b, (set, frozenset)) and set(a) == set(b)
    if isinstance(a, (list, tuple)) or type(a).__name__.endswith("Array"):
        if not (isinstance(b, (list, tuple)) or type(b).__name__.endswith("Array")):
            return False
        a, b = list(a), list(b)
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


@dataclass
class Failure:
    category: str  # e.g. "rust typed read", "rust typed write: bytes"
    detail: str
    case: str
    cs: object
    config: tuple
    k: int
    pyfory_hex: str = ""
    rust_hex: str = ""

    def offset(self):
        a, b = bytes.fromhex(self.pyfory_hex), bytes.fromhex(self.rust_hex)
        return next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))

    def signature(self):
        """Failures with the same known-bug shapes, category, mode and message form a group."""
        detail = re.sub(r"\([^)]*\)|<[^>]*>|\bS\d+\b", "#", self.detail)
        detail = re.sub(r"-?\d+|0x[0-9a-f]+|\"[^\"]*\"", "#", detail)[:160]
        mode = "compatible" if self.config[0] else "schema-consistent"
        if "bytes differ" in self.category:
            a, b, i = bytes.fromhex(self.pyfory_hex), bytes.fromhex(self.rust_hex), self.offset()
            detail = f"at the first difference pyfory has {a[i:i + 1].hex() or 'the end'}, rust {b[i:i + 1].hex() or 'the end'}"
        return self.category, mode, detail

    def describe(self):
        s = self.cs.schema
        lines = [
            f"case {self.case}: seed {s.seed}, schema {s.index}, value {self.k}, compatible={self.config[0]}, ref={self.config[1]}"
            + (f", evolution {s.evolution.kind} `{s.evolution.field.name}`" if s.evolution else ""),
            f"  {self.category}: {self.detail}",
        ]
        if self.rust_hex or self.pyfory_hex:
            lines.append(f"  pyfory: {self.pyfory_hex}")
            lines.append(f"  rust:   {self.rust_hex}")
            if self.rust_hex and self.pyfory_hex:
                lines.append(f"  first difference at byte {self.offset()}")
        lines.append(f"  value: {self.cs.py[self.k]!r}"[:2000])
        lines.append("  python:\n" + textwrap.indent(py_source(s), "    "))
        lines.append("  rust:\n" + textwrap.indent(rust_source(s), "    "))
        return "\n".join(lines)


def shares_objects(v, seen=None):
    """Whether `v` holds one object twice (CPython shares b"" and 1-byte bytes): pyfory's
    ref tracking writes the second as a back-reference."""
    seen = set() if seen is None else seen
    if v is None or isinstance(v, (bool, int, float, str, enum.Enum)):
        return False
    if id(v) in seen:
        return True
    seen.add(id(v))
    if isinstance(v, dict):
        children = [x for kv in v.items() for x in kv]
    elif isinstance(v, (list, set)):
        children = list(v)
    elif dataclasses.is_dataclass(v):
        children = [getattr(v, f.name) for f in dataclasses.fields(v)]
    elif isinstance(v, fory_union.Union):
        children = [v._value]
    else:
        children = []
    return any(shares_objects(c, seen) for c in children)


class Checker:
    """pyfory's payloads for every case, and the verdict on Rust's results."""

    def __init__(self, case_sets):
        self.case_sets = case_sets
        self.cases = {}  # case id -> (case set, config, k, pyfory bytes, expected bytes of Rust's typed write)
        self.failures = []
        self.checks = {}  # seed -> number of checks

    def count(self, cs):
        self.checks[cs.schema.seed] = self.checks.get(cs.schema.seed, 0) + 1

    def payloads(self):
        lines = []
        for m, cs in enumerate(self.case_sets):
            for config in cs.configs():
                f = cs.classes.fory(cs.schema, *config)
                g = cs.classes.fory(cs.schema, *config, rust_shape=True) if cs.schema.evolution else f
                for k, v in enumerate(cs.py):
                    case = f"{cs.schema.seed}:{cs.schema.index}:{k}:{int(config[0])}{int(config[1])}"
                    data = f.serialize(v)
                    self.cases[case] = (cs, config, k, data, g.serialize(cs.rust_shaped[k]))
                    lines.append(f"{case} {m} {k} {int(config[0])} {int(config[1])} {data.hex()}")
        return "\n".join(lines) + "\n"

    def fail(self, category, detail, case, pyfory_hex="", rust_hex=""):
        cs, config, k, _, _ = self.cases[case]
        self.failures.append(Failure(category, detail, case, cs, config, k, pyfory_hex, rust_hex))

    def check(self, output):
        seen = set()
        for line in output.splitlines():
            case, kind, result = line.split("\t", 2)
            seen.add(case)
            cs, config, k, data, expected_typed = self.cases[case]
            self.count(cs)
            if kind == "panic":
                self.fail("rust panic", result[4:], case)
            elif kind == "read":
                if result != "ok":
                    self.fail("py->rust typed read", result[4:], case, data.hex())
            elif result.startswith("err"):
                self.fail(f"rust {kind}", result[4:], case, data.hex())
            else:
                written = bytes.fromhex(result[4:])
                want, back = (expected_typed, cs.py_back[k]) if kind == "write" else (data, cs.py[k])
                self.check_written(case, kind, cs, config, k, written, want, back)
        for case in self.cases.keys() - seen:
            self.fail("rust: no result", "the case produced no output", case)

    def check_written(self, case, kind, cs, config, k, written, want, back):
        label = {"write": "typed write", "value": "Value write", "value_noreg": "Value (unregistered) write"}[kind]
        ascii_only = all(s.isascii() for s in strings_of(T("struct", ref=cs.schema.root), cs.py[k]))
        if kind == "write" and cs.schema.evolution:
            shaped = cs.rust_shaped[k]
            ascii_only = ascii_only and all(s.isascii() for f in evolved_fields(cs.schema) for s in strings_of(f.type, getattr(shaped, f.name)))
        # README: `Value` and Rust types without identity (`Vec<u8>` for the `bytes` CPython
        # shares) have no object identity, so an object pyfory wrote once and referenced again
        # (with ref=True) is written twice: compared by pyfory reading it.
        shared = shares_objects(cs.py[k]) or shares_objects(back)
        if kind == "write" and cs.schema.evolution:
            shared = shared or shares_objects(cs.rust_shaped[k])
        documented = config[1] and shared
        # README: a `Value` list of nulls only keeps no element type (compatible mode names
        # the struct's TypeDef there): compared by pyfory reading it.
        root = T("struct", ref=cs.schema.root)
        documented = documented or (kind != "write" and config[0] and null_struct_lists(root, cs.py[k]))
        if ascii_only and not documented and written != want:
            self.fail(f"rust {label}: bytes differ", f"{len(written)} bytes, pyfory {len(want)}", case, want.hex(), written.hex())
        self.count(cs)
        try:
            got = cs.classes.fory(cs.schema, *config).deserialize(written)
        except Exception as e:  # noqa: BLE001 - any pyfory error is the finding
            cs.classes.instances.pop((*config, False), None)  # a fresh instance for the next read
            self.fail(f"rust {label}: pyfory cannot read", f"{type(e).__name__}: {e}"[:400], case, want.hex(), written.hex())
            return
        if not same(back, got):
            self.fail(f"rust {label}: pyfory reads another value", f"got {got!r}"[:600], case, want.hex(), written.hex())


def report(failures, out, limit=None):
    """The failures grouped by kind, mode and message; with `limit`, the first `limit` case
    ids and the smallest case of each group, else every case in full."""
    groups = {}
    for f in failures:
        groups.setdefault(f.signature(), []).append(f)
    for (category, mode, sig), fs in sorted(groups.items(), key=lambda g: (-len(g[1]), g[0])):
        fs.sort(key=lambda f: (len(py_source(f.cs.schema)), f.case))
        out.write(f"\n=== {len(fs)} x {category} ({mode}): {sig}\n")
        out.write(f"cases: {' '.join(f.case for f in fs[:limit or len(fs)])}{' ...' if limit and len(fs) > limit else ''}\n")
        for f in fs[: 1 if limit else len(fs)]:
            out.write(("smallest: " if limit else "") + f.describe() + "\n")


# ---------------------------------------------------------------------------------------------
# The run: generate, build, execute, check
# ---------------------------------------------------------------------------------------------


def build(out_dir, case_sets, fory_path, cargo):
    crate = os.path.join(out_dir, "crate")
    os.makedirs(os.path.join(crate, "src"), exist_ok=True)
    toml, main = rust_crate(case_sets, fory_path)
    for path, text in (("Cargo.toml", toml), ("src/main.rs", main)):
        path = os.path.join(crate, path)
        if not os.path.exists(path) or open(path).read() != text:
            with open(path, "w") as fh:
                fh.write(text)
    # The workspace's lock file: the same dependency versions, already downloaded.
    lock = os.path.join(ROOT, "Cargo.lock")
    if os.path.exists(lock):
        with open(lock) as src, open(os.path.join(crate, "Cargo.lock"), "w") as dst:
            dst.write(src.read())
    # Not the variables cargo sets for the test that runs us; its own target dir.
    own = ("CARGO_PKG_", "CARGO_MANIFEST_", "CARGO_CRATE_", "CARGO_BIN_", "CARGO_PRIMARY_", "CARGO_TARGET_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(own)}
    env["CARGO_TARGET_DIR"] = os.path.join(out_dir, "target")
    proc = subprocess.run(
        [cargo, "build", "--quiet", "--manifest-path", os.path.join(crate, "Cargo.toml")],
        env=env,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        sys.stdout.write(f"difftest: the generated crate does not build ({crate}/src/main.rs):\n{proc.stderr[-20000:]}\n")
        sys.stdout.write("difftest: total: build failed, 1 failures\n")
        sys.exit(0)
    return os.path.join(out_dir, "target", "debug", "fory-difftest-generated")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", default=os.environ.get("FORY_DIFFTEST_SEEDS") or os.environ.get("FORY_DIFFTEST_SEED") or "1")
    ap.add_argument("--count", type=int, default=int(os.environ.get("FORY_DIFFTEST_COUNT") or 200))
    ap.add_argument("--out", default=os.path.join(ROOT, "target", "difftest"))
    ap.add_argument("--fory", default=os.path.join(ROOT, "fory"))
    ap.add_argument("--cargo", default=os.environ.get("CARGO", "cargo"))
    ap.add_argument("--python-only", action="store_true", help="draw the schemas and pyfory's payloads only (no Rust)")
    args = ap.parse_args()
    if args.python_only:
        for seed in parse_seeds(args.seeds):
            checker = Checker(draw_run(seed, args.count))
            print(f"difftest: seed {seed}: {checker.payloads().count(chr(10))} pyfory payloads")
        return
    os.makedirs(args.out, exist_ok=True)
    failures, lines, timing = [], [], [0.0, 0.0, 0.0]
    schemas = configs = checks = small_code = 0
    seeds = parse_seeds(args.seeds)
    # One crate per seed: a run of many seeds stays within a 200-schema crate's memory.
    for seed in seeds:
        t0 = time.time()
        case_sets = draw_run(seed, args.count)
        checker = Checker(case_sets)
        stdin = checker.payloads()
        t1 = time.time()
        binary = build(args.out, case_sets, os.path.abspath(args.fory), args.cargo)
        t2 = time.time()
        proc = subprocess.run([binary], input=stdin, capture_output=True, text=True)
        if proc.returncode != 0:
            sys.stdout.write(f"difftest: the generated binary failed:\n{proc.stderr[-5000:]}\n")
        checker.check(proc.stdout)
        for i, t in enumerate((t1 - t0, t2 - t1, time.time() - t2)):
            timing[i] += t
        failures += checker.failures
        schemas, configs = schemas + len(case_sets), configs + sum(len(cs.configs()) for cs in case_sets)
        small_code += sum(s.small_code for cs in case_sets for s in cs.schema.structs)
        checks += sum(checker.checks.values())
        line = f"difftest: seed {seed}: {len(case_sets)} schemas, {sum(checker.checks.values())} checks, {len(checker.failures)} failures"
        lines.append(line)
        if len(seeds) > 1:
            print(line, file=sys.stderr, flush=True)
    with open(os.path.join(args.out, "report.txt"), "w") as fh:
        report(failures, fh)
    report(failures, sys.stdout, limit=12)
    print("\n".join(lines))
    print(
        f"difftest: timing: python {timing[0]:.1f}s, build {timing[1]:.1f}s, run+check {timing[2]:.1f}s; "
        f"details in {os.path.join(args.out, 'report.txt')}"
    )
    print(
        f"difftest: total: {len(seeds)} seeds, {schemas} schemas ({small_code} small_code structs), "
        f"{configs} schema configurations, {checks} checks, {len(failures)} failures"
    )

if __name__ == "__main__":
    main()

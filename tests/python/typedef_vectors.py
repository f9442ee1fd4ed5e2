"""Emit meta-string, TypeDef, field-order and schema-hash vectors computed by pyfory itself.

Run by fory/tests/type_def_pyfory.rs. Output is line oriented (no JSON dependency on the Rust
side); names are hex-encoded UTF-8 so any character survives. Field types are written as
`tid,nullable,ref` followed by `[elem]` or `[key|value]` for LIST/SET/MAP.

The Rust test rebuilds every TypeDef from the declared field types, sorts and encodes it with
its own code, and compares against the bytes below. Nothing here comes from the Rust encoder.
"""

import dataclasses
import enum
import sys
from typing import Dict, List, Optional, Set

import pyfory
from pyfory.lib.mmh3 import hash_buffer
from pyfory.meta.metastring import Encoding, MetaStringEncoder
from pyfory.meta.typedef import FIELD_NAME_ENCODINGS, NAMESPACE_ENCODINGS, TYPE_NAME_ENCODINGS
from pyfory.meta.typedef_encoder import encode_typedef
from pyfory.field import extract_field_meta
from pyfory.struct import _to_snake_case

out = []


def emit(*tokens):
    out.append(" ".join(str(t) for t in tokens))


def hx(s: str) -> str:
    return s.encode("utf-8").hex() or "-"


# ---------------------------------------------------------------- murmur3
for data in [b"", b"a", b"ab", b"hello", bytes(range(15)), bytes(range(16)), bytes(range(17)), bytes(range(40)),
             b"b,41,0,0;s,21,0,0;x,5,0,0;y,20,0,0;", "名字".encode()]:
    emit("mmh3", data.hex() or "-", hash_buffer(data, 47)[0] & 0xFFFFFFFFFFFFFFFF)
for n in range(0, 64):
    data = bytes((i * 7 + 3) & 0xFF for i in range(n))
    emit("mmh3", data.hex() or "-", hash_buffer(data, 47)[0] & 0xFFFFFFFFFFFFFFFF)

# ---------------------------------------------------------------- meta strings
NAMES = [
    "", "demo", "Demo", "com.example.very.long.namespace", "com.example", "a.b_c", "a$b",
    "Point", "MyType", "ABC", "a_b$c", "X", "x", "myField", "some_long_field_name", "field1", "f0",
    "abcDefGhi", "aBCDEFG", "HTTPServer", "__private", "name_2_x", "UPPER_CASE", "a" * 40,
    "名字", "café", "naïveField", "hello world", "a-b", "a|b", "$", "_", ".", "A1", "lower",
    "camelCaseNameThatIsRatherLongIndeed",
]
NS_ENC = MetaStringEncoder(".", "_")
NAME_ENC = MetaStringEncoder("$", "_")


def meta(ctx, encoder, name, allowed):
    try:
        if ctx == "field":
            enc = encoder.compute_encoding(name, allowed)
            ms = encoder.encode_with_encoding(name, enc)
        else:
            ms = encoder.encode(name, allowed)
        if allowed is not None and name and ms.encoding not in allowed:
            raise ValueError("encoding outside the allowed list")
        emit("meta", ctx, hx(name), ms.encoding.value, ms.encoded_data.hex() or "-")
    except Exception:  # pyfory cannot encode this name in this context
        emit("meta", ctx, hx(name), -1, "-")


for name in NAMES:
    meta("ns_stream", NS_ENC, name, None)
    meta("tn_stream", NAME_ENC, name, None)
    meta("ns_td", NS_ENC, name, NAMESPACE_ENCODINGS)
    meta("tn_td", NAME_ENC, name, TYPE_NAME_ENCODINGS)
    if name:
        meta("field", NAME_ENC, name, FIELD_NAME_ENCODINGS)

# ---------------------------------------------------------------- snake case
for name in ["myField", "x", "HTTPServer", "a1B", "already_snake", "Trailing_", "ABC", "getHTTPResponseCode",
             "some_long_field_name", "camelCase2Name", "X1Y2", "a__b", "_lead", "UPPER_CASE", "naïveField", "ÉtéVoilà"]:
    emit("snake", hx(name), hx(_to_snake_case(name)))


# ---------------------------------------------------------------- structs
@dataclasses.dataclass
class Inner:
    a: pyfory.Int32 = 0


class Color(enum.Enum):
    RED = 0
    GREEN = 1


@dataclasses.dataclass
class Point:
    x: pyfory.Int32 = 0
    y: float = 0.0
    s: str = ""
    b: bytes = b""


@dataclasses.dataclass
class AllTypes:
    i: int = 0
    i32: pyfory.Int32 = 0
    fi32: pyfory.FixedInt32 = 0
    ti64: pyfory.TaggedInt64 = 0
    i8: pyfory.Int8 = 0
    i16: pyfory.Int16 = 0
    u8: pyfory.UInt8 = 0
    u16: pyfory.UInt16 = 0
    u32: pyfory.UInt32 = 0
    fu32: pyfory.FixedUInt32 = 0
    u64: pyfory.UInt64 = 0
    tu64: pyfory.TaggedUInt64 = 0
    fi64: pyfory.FixedInt64 = 0
    f: float = 0.0
    f32: pyfory.Float32 = 0.0
    flag: bool = False
    s: str = ""
    by: bytes = b""
    li: List[int] = None
    ls: List[str] = None
    lo: List[Optional[str]] = None
    nested: List[List[int]] = None
    dsi: Dict[str, int] = None
    ss: Set[str] = None
    os: Optional[str] = None
    oi: Optional[int] = None
    of32: Optional[pyfory.Float32] = None
    ob: Optional[bool] = None
    inner: Inner = None
    oinner: Optional[Inner] = None
    inners: List[Inner] = None
    dinner: Dict[str, Inner] = None
    color: Color = None
    arr: pyfory.Int32Array = None
    farr: pyfory.Float64Array = None
    myField: str = ""
    someCamelName: int = 0


@dataclasses.dataclass
class Tagged:
    a: int = pyfory.field(id=0, default=0)
    b: Optional[str] = pyfory.field(id=20, nullable=True, default=None)
    c: pyfory.Int32 = pyfory.field(id=5, default=0)
    d: str = pyfory.field(id=14, default="")
    e: str = pyfory.field(id=15, default="")
    zName: str = ""
    aName: pyfory.Int32 = 0


Wide = dataclasses.make_dataclass(
    "Wide",
    [(f"f{i}", [int, str, pyfory.Int32, float][i % 4], dataclasses.field(default=None)) for i in range(40)],
)


@dataclasses.dataclass
class Empty:
    pass


@dataclasses.dataclass
class RefHolder:
    a: Optional[Inner] = pyfory.field(ref=True, nullable=True, default=None)
    l: List[Inner] = pyfory.field(ref=True, default=None)
    n: int = 0


@dataclasses.dataclass
class LongName:
    some_long_field_name_that_goes_on_and_on_for_more_than_fifteen_bytes: int = 0


def sample(cls):
    """An instance whose every field holds a value its declared type accepts."""
    if cls is AllTypes:
        return AllTypes(
            li=[1], ls=["a"], lo=["a", None], nested=[[1]], dsi={"k": 1}, ss={"a"}, inner=Inner(1),
            inners=[Inner(2)], dinner={"k": Inner(3)}, color=Color.GREEN,
            arr=pyfory.Int32Array([1, 2]), farr=pyfory.Float64Array([1.5]),
        )
    if cls is Wide:
        return Wide(**{f"f{i}": [1, "s", 2, 1.5][i % 4] for i in range(40)})
    if cls is RefHolder:
        inner = Inner(7)
        return RefHolder(a=inner, l=[inner, inner])
    return cls()


def ftype(t):
    s = f"{t.type_id},{int(t.is_nullable)},{int(t.is_tracking_ref)}"
    if hasattr(t, "element_type"):
        s += f"[{ftype(t.element_type)}]"
    elif hasattr(t, "key_type"):
        s += f"[{ftype(t.key_type)}|{ftype(t.value_type)}]"
    return s


def fid(fi):
    return f"#{fi.tag_id}" if fi.tag_id >= 0 else hx(fi.name)


def schema_hash(fory, cls):
    """The int32 hash a compatible=False message carries (serializers are built lazily)."""
    ser = fory.type_resolver.get_type_info(cls).serializer
    if not hasattr(ser, "_hash"):
        fory.serialize(sample(cls))
        ser = fory.type_resolver.get_type_info(cls).serializer
    return ser._hash


def register_all(f, by_id):
    f.register_type(Inner, name="demo.Inner")
    f.register_type(Color, name="demo.Color")
    for i, (cls, name) in enumerate(STRUCTS):
        if by_id:
            f.register_type(cls, type_id=200 + i)
        else:
            f.register_type(cls, name=name)


STRUCTS = [
    (Point, "demo.Point"),
    (AllTypes, "com.example.very.long.namespace.MyType"),
    (Tagged, "ABC"),
    (Wide, "wide.a_b$c"),
    (Empty, "demo.Empty"),
    (RefHolder, "demo.RefHolder"),
    (LongName, ("n" * 70) + "." + ("LongTypeName" * 6)),
]

for by_id in (False, True):
    for ref in (False, True):
        comp = pyfory.Fory(xlang=True, compatible=True, ref=ref)
        noncomp = pyfory.Fory(xlang=True, compatible=False, ref=ref)
        register_all(comp, by_id)
        register_all(noncomp, by_id)
        for i, (cls, name) in enumerate(STRUCTS):
            if ref and cls is not RefHolder:
                continue
            label = f"{cls.__name__}{'_id' if by_id else ''}{'_ref' if ref else ''}"
            if by_id:
                ident = f"id:{200 + i}"
            else:
                ns, _, tn = name.rpartition(".")
                ident = f"name:{hx(ns)}:{hx(tn)}"
            td = encode_typedef(comp.type_resolver, cls)
            emit("struct", label, ident)
            by_name = {fi.name: fi for fi in td.fields}
            for dc_field in dataclasses.fields(cls):
                # The schema hash uses the declared `pyfory.field(ref=...)`, not ref && Fory(ref).
                meta = extract_field_meta(dc_field)
                declared_ref = int(bool(meta is not None and meta.ref))
                fi = by_name[dc_field.name]
                emit("decl", fid(fi), ftype(fi.field_type), declared_ref)
            emit("order", *[fid(fi) for fi in td.fields] or ["-"])
            emit("typedef", td.encoded.hex())
            # The same bytes must be what a real compatible message carries.
            payload = comp.serialize(sample(cls))
            assert td.encoded in payload, label
            emit("hash", schema_hash(noncomp, cls))
            emit("end")

# A named enum in compatible mode is shared as a non-struct TypeDef right after `01 ff 1a 00`.
f = pyfory.Fory(xlang=True, compatible=True)
f.register_type(Color, name="demo.Color")
payload = f.serialize(Color.GREEN)
assert payload[:4] == bytes([0x01, 0xFF, 0x1A, 0x00]), payload.hex()
emit("enum_typedef", hx("demo"), hx("Color"), payload.hex())


# ---------------------------------------------------------------- stream meta strings
# Root payload `01 ff 1d` + namespace + type name + int32 hash, then each Inner field as
# `1d` + namespace + type name + hash + varint32 value. pyfory dedups by object identity: equal
# non-empty names share one entry, but each type's empty namespace is a fresh entry.
@dataclasses.dataclass
class Outer:
    a: Inner = None
    b: Inner = None


for ns in ["demo", "com.example.very.long.namespace", ""]:
    f = pyfory.Fory(xlang=True, compatible=False)
    prefix = f"{ns}." if ns else ""
    f.register_type(Inner, name=prefix + "Inner")
    f.register_type(Outer, name=prefix + "Outer")
    payload = f.serialize(Outer(Inner(1), Inner(2)))
    emit("stream", hx(ns), schema_hash(f, Outer), schema_hash(f, Inner), payload.hex())

sys.stdout.write("\n".join(out) + "\n")

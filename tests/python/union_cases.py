"""Union payloads as pyfory 1.7.7 writes them, for tests/interop_union.rs.

``emit``: every case in every mode (compatible x ref x registered by id / name) as hex JSON.
``check``: reads ``{key: hex}`` written by Rust, deserializes each with pyfory in the key's mode,
compares with the case's value and with pyfory's own bytes; prints ``{key: verdict}``.
"""

import datetime
import decimal
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


class When(fory_union.Union):
    """Cases of the #19 types: TIMESTAMP, DATE, DURATION, DECIMAL."""

    CASES = {0: datetime.datetime, 1: datetime.date, 2: datetime.timedelta, 3: decimal.Decimal, 4: type(None)}


@dataclass
class Dated:
    w: When = None
    ow: Optional[When] = None
    l: List[When] = None
    d: Dict[str, When] = None


@dataclass
class NoneList:
    """Lists and dict values of ``Optional[Shape]``: all ``None`` (pyfory writes the declared
    element header, no element type) and mixed."""

    l: List[Optional[Shape]] = None
    d: Dict[str, Optional[Shape]] = None


UTC = datetime.timezone.utc


def ts():
    # Fresh objects each time: pyfory tracks datetimes, a shared one is a back-reference.
    return datetime.datetime(2024, 1, 2, 3, 4, 5, 500000, tzinfo=UTC)


def when_cases():
    return {
        "when_ts": When(0, ts()),
        "when_date": When(1, datetime.date(1969, 12, 31)),
        "when_td": When(2, datetime.timedelta(days=-3, seconds=7, microseconds=250)),
        "when_dec": When(3, decimal.Decimal("-12345.678")),
        "when_none": When(4, None),
        "dated": Dated(
            When(3, decimal.Decimal("1E+5")),
            When(0, datetime.datetime(1900, 1, 1, tzinfo=UTC)),
            [When(1, datetime.date(2000, 2, 29)), When(2, datetime.timedelta(0)), When(0, ts()), When(4, None)],
            {"a": When(3, decimal.Decimal("0.001")), "b": When(1, datetime.date(1, 1, 1))},
        ),
        "dated_none": Dated(When(2, datetime.timedelta(days=10**8)), None, [], {}),
    }


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
        "nones": NoneList([None, None], {"a": None}),
        "nones_one": NoneList([None], {}),
        "nones_mixed": NoneList([None, Shape(1, Rect(1, 2)), None], {"a": None, "b": Shape(2, "x")}),
        **when_cases(),
    }


def fory(comp, ref, by_name):
    f = pyfory.Fory(xlang=True, compatible=comp, ref=ref)
    if by_name:
        f.register(Rect, name="demo.Rect")
        fory_union.register_union(f, Shape, name="demo.Shape")
        f.register(Holder, name="demo.Holder")
        f.register(Lists, name="demo.Lists")
        f.register(Either, name="demo.Either")
        f.register(NoneList, name="demo.NoneList")
        fory_union.register_union(f, When, name="demo.When")
        f.register(Dated, name="demo.Dated")
    else:
        f.register(Rect, type_id=100)
        fory_union.register_union(f, Shape, type_id=101)
        f.register(Holder, type_id=102)
        f.register(Lists, type_id=103)
        f.register(Either, type_id=104)
        f.register(NoneList, type_id=105)
        fory_union.register_union(f, When, type_id=106)
        f.register(Dated, type_id=107)
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

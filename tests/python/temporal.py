"""Timestamps, dates, durations and decimals as pyfory 1.7.7 writes them (tests/interop_temporal.rs).

Usage:
  python temporal.py emit          -> JSON {case: {"hex": .., "compatible": .., "ref": ..}}
                                      or {case: {"error": "ValueError: ..."}} for values pyfory
                                      refuses to write
  python temporal.py check < json  -> reads {case: hex written by Rust}, deserializes each with
                                      pyfory, compares with the case's value, prints JSON
                                      {case: {"ok": bool, "same_bytes": bool, "error": str, "got": repr}}
"""
import datetime as dt
import decimal
import json
import os
import sys
import time
from dataclasses import dataclass
from typing import Dict, List, Optional, Set

import pyfory

sys.set_int_max_str_digits(0)
decimal.getcontext().prec = 100000
decimal.getcontext().Emax = decimal.MAX_EMAX
decimal.getcontext().Emin = decimal.MIN_EMIN

UTC = dt.timezone.utc
D = decimal.Decimal


@dataclass
class Rec:
    at: dt.datetime
    day: dt.date
    span: dt.timedelta
    price: decimal.Decimal
    o_at: Optional[dt.datetime]
    o_day: Optional[dt.date]
    o_span: Optional[dt.timedelta]
    o_price: Optional[decimal.Decimal]
    stamps: List[dt.datetime]
    prices: Dict[dt.date, decimal.Decimal]
    days: Set[dt.date]
    spans: Dict[str, dt.timedelta]
    tags: Dict[decimal.Decimal, str]


@dataclass
class StdRec:
    at: dt.datetime
    span: dt.timedelta


def rec(n):
    """A record; `n` varies the Optional fields (None when 0)."""
    return Rec(
        at=dt.datetime(2024, 1, 2, 3, 4, 5, 678901, tzinfo=UTC),
        day=dt.date(1969, 7, 20),
        span=dt.timedelta(days=-1, seconds=5, microseconds=7),
        price=D("-1234.5678"),
        o_at=dt.datetime(1900, 1, 1, tzinfo=UTC) if n else None,
        o_day=dt.date(9999, 12, 31) if n else None,
        o_span=dt.timedelta(microseconds=-1) if n else None,
        o_price=D("1E+5") if n else None,
        stamps=[dt.datetime(1970, 1, 1, tzinfo=UTC), dt.datetime(2038, 1, 19, 3, 14, 8, tzinfo=UTC)],
        prices={dt.date(2020, 2, 29): D("0.01"), dt.date(2021, 3, 1): D("123456789012345678901234567890")},
        days={dt.date(1, 1, 1)},
        spans={"a": dt.timedelta(0), "b": dt.timedelta(days=106751, seconds=3600)},
        tags={D("-0.5"): "half"},
    )


def root_cases():
    """Values written at the root of a message, each with its own Fory."""
    c = {}
    c["ts_utc"] = dt.datetime(2024, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
    c["ts_offset"] = dt.datetime(2024, 1, 2, 3, 4, 5, 678901, tzinfo=dt.timezone(dt.timedelta(hours=5)))
    c["ts_pre_epoch"] = dt.datetime(1969, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
    c["ts_year1"] = dt.datetime(1, 1, 1, tzinfo=UTC)
    c["ts_far"] = dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
    c["ts_epoch"] = dt.datetime(1970, 1, 1, tzinfo=UTC)
    c["date_epoch"] = dt.date(1970, 1, 1)
    c["date_pre_epoch"] = dt.date(1969, 12, 31)
    c["date_year1"] = dt.date(1, 1, 1)
    c["date_far"] = dt.date(9999, 12, 31)
    c["date_leap"] = dt.date(2024, 2, 29)
    c["td_zero"] = dt.timedelta(0)
    c["td_minus_1us"] = dt.timedelta(microseconds=-1)
    c["td_neg"] = dt.timedelta(days=-1, seconds=5, microseconds=7)
    c["td_pos"] = dt.timedelta(days=3, seconds=7, microseconds=123456)
    c["td_max"] = dt.timedelta(days=106751, seconds=86399, microseconds=999999)
    c["td_min"] = -dt.timedelta(days=106751, seconds=86399, microseconds=999999)
    c["td_big"] = dt.timedelta(days=10**7)
    for name, text in [
        ("dec_zero", "0"),
        ("dec_zero_scaled", "0.00"),
        ("dec_neg_zero", "-0"),
        ("dec_small", "1.5"),
        ("dec_small_neg", "-1.5"),
        ("dec_neg_scale", "1E+5"),
        ("dec_neg_scale_big", "-7E+10000"),
        ("dec_scale_max", "1E-10000"),
        ("dec_small_max", "4611686018427387903"),
        ("dec_small_min", "-4611686018427387904"),
        ("dec_big_first", "4611686018427387904"),
        ("dec_big_first_neg", "-4611686018427387905"),
        ("dec_i64_min", "-9223372036854775808"),
        ("dec_u64_max", "18446744073709551615"),
        ("dec_i128_max", str(2**127 - 1)),
        ("dec_huge", "123456789012345678901234567890.12345"),
        ("dec_huge_neg", "-" + "9" * 200 + ".5"),
        ("dec_max_magnitude", str(2 ** (8 * 10000) - 1)),
    ]:
        c[name] = D(text)
    return c


REFUSED = {
    "dec_nan": D("NaN"),
    "dec_snan": D("sNaN"),
    "dec_inf": D("Infinity"),
    "dec_neg_inf": D("-Infinity"),
    "dec_scale_past": D("1E-10001"),
    "dec_magnitude_past": D(2 ** (8 * 10000)),
    "td_past_int64_micros": dt.timedelta(days=999999999),
}


def make(comp, ref):
    f = pyfory.Fory(xlang=True, compatible=comp, ref=ref)
    f.register_type(Rec, name="t.Rec")
    f.register_type(StdRec, name="t.StdRec")
    return f


def cases():
    """name -> (value, compatible, ref)"""
    out = {}
    for name, v in root_cases().items():
        out[name] = (v, True, False)
    out["list_mixed"] = ([dt.date(2000, 1, 1), dt.timedelta(seconds=1), D("2.5"), dt.datetime(2000, 1, 1, tzinfo=UTC)], True, False)
    out["list_mixed_ref"] = ([dt.date(2000, 1, 1), dt.timedelta(seconds=1), D("2.5"), dt.datetime(2000, 1, 1, tzinfo=UTC)], True, True)
    out["list_dates"] = ([dt.date(2000, 1, 1), dt.date(1900, 5, 6)], True, False)
    out["list_dates_ref"] = ([dt.date(2000, 1, 1), dt.date(1900, 5, 6)], True, True)
    out["list_decimals_ref"] = ([D("1"), D("-2.25")], True, True)
    # The naive datetimes (emitted by naive_cases) as pyfory reads them back: aware, UTC.
    out["naive_utc"] = (dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC), True, False)
    out["naive_asia_tokyo"] = (dt.datetime(2024, 1, 1, 18, 4, 5, tzinfo=UTC), True, False)
    # pyfory 1.7.7 writes this one a microsecond early (int(timestamp() * 1e6) of a float):
    # Rust reads what it wrote (.894038); the value Rust writes exactly (rs_) reads as .894039.
    out["ts_float_loss"] = (dt.datetime(2004, 6, 10, 8, 12, 18, 894039, tzinfo=UTC), True, False)
    out["rs_ts_exact"] = (dt.datetime(2004, 6, 10, 8, 12, 18, 894039, tzinfo=UTC), True, False)
    # Written by Rust only (check): nanoseconds that are not whole microseconds, as Python
    # reads them (a timestamp rounds to the nearest microsecond, a duration truncates).
    out["rs_ts_nanos"] = (dt.datetime(2024, 1, 2, 3, 4, 5, 123457, tzinfo=UTC), True, False)
    out["rs_td_nanos"] = (dt.timedelta(seconds=1, microseconds=123456), True, False)
    out["rs_td_neg_nanos"] = (dt.timedelta(seconds=-2, microseconds=876543), True, False)
    for comp in (False, True):
        for ref in (False, True):
            out[f"rec/{int(comp)}{int(ref)}"] = (rec(1), comp, ref)
            out[f"rec_none/{int(comp)}{int(ref)}"] = (rec(0), comp, ref)
            out[f"std/{int(comp)}{int(ref)}"] = (
                StdRec(dt.datetime(2024, 1, 2, 3, 4, 5, 678901, tzinfo=UTC), dt.timedelta(seconds=90, microseconds=5)),
                comp,
                ref,
            )
    return out


def naive_cases():
    """A naive datetime is local time to pyfory (datetime.timestamp()); UTC and Tokyo."""
    out = {}
    for tz in ("UTC", "Asia/Tokyo"):
        os.environ["TZ"] = tz
        time.tzset()
        f = make(True, False)
        out["naive_" + tz.replace("/", "_").lower()] = f.serialize(dt.datetime(2024, 1, 2, 3, 4, 5)).hex()
    os.environ["TZ"] = "UTC"
    time.tzset()
    return out


def same(a, b):
    return type(a) is type(b) and a == b and (not isinstance(a, D) or a.as_tuple() == b.as_tuple()) or (
        isinstance(a, list) and isinstance(b, list) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    )


def main():
    os.environ["TZ"] = "UTC"
    time.tzset()
    if sys.argv[1] == "emit":
        out = {}
        for name, (v, comp, ref) in cases().items():
            out[name] = {"hex": make(comp, ref).serialize(v).hex(), "compatible": comp, "ref": ref}
        for name, hx in naive_cases().items():
            out[name] = {"hex": hx, "compatible": True, "ref": False}
        for name, v in REFUSED.items():
            try:
                make(True, False).serialize(v)
                out[name] = {"error": ""}
            except Exception as e:  # noqa: BLE001 - the type is the verdict
                out[name] = {"error": f"{type(e).__name__}: {e}"}
        json.dump(out, sys.stdout)
        return
    written = json.loads(sys.stdin.read())
    all_cases = cases()
    verdicts = {}
    for name, hx in written.items():
        base = name.split("@")[0]
        v, comp, ref = all_cases[base]
        f = make(comp, ref)
        # pyfory itself reads Decimal('-0') back as Decimal('0') (zero has no sign on the wire).
        expect = D("0") if base == "dec_neg_zero" else v
        if base == "ts_float_loss":
            expect = v.replace(microsecond=894038)
        try:
            got = f.deserialize(bytes.fromhex(hx))
            ok = same(got, expect)
            if not ok and isinstance(v, Rec):
                ok = got == v and got.price.as_tuple() == v.price.as_tuple()
            verdicts[name] = {
                "ok": ok,
                "same_bytes": f.serialize(v).hex() == hx,
                "error": "",
                "got": repr(got)[:300],
            }
        except Exception as e:  # noqa: BLE001
            verdicts[name] = {"ok": False, "same_bytes": False, "error": f"{type(e).__name__}: {e}", "got": ""}
    json.dump(verdicts, sys.stdout)


if __name__ == "__main__":
    main()

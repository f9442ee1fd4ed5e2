//! The `time` crate's types (feature `time`), with no wrapper:
//!
//! | time | wire | Python |
//! |---|---|---|
//! | `OffsetDateTime` | TIMESTAMP: the UTC instant; read back with offset UTC | `datetime` (aware, UTC) |
//! | `PrimitiveDateTime` | TIMESTAMP, taken as UTC (as pyfory reads every timestamp) | `datetime` |
//! | `Date` | DATE | `date` |
//! | `Duration` | DURATION | `timedelta` |
//!
//! Reading a value `time` cannot hold (years past ±9999 without its `large-dates` feature) is
//! [`Error::OutOfRange`](crate::Error::OutOfRange) at the body's offset.
//!
//! ```
//! use fory::Fory;
//! use time::{Duration, OffsetDateTime};
//! let fory = Fory::default();
//! let t = OffsetDateTime::from_unix_timestamp_nanos(1_704_164_645_678_901_000).unwrap();
//! let bytes = fory.serialize(&t)?;
//! assert_eq!(&bytes[2..], [0x26, 0x25, 0x7d, 0x93, 0x65, 0, 0, 0, 0, 0x08, 0x35, 0x77, 0x28]);
//! assert_eq!(fory.deserialize::<OffsetDateTime>(&bytes)?, t);
//! let span = Duration::microseconds(-1);
//! assert_eq!(fory.deserialize::<Duration>(&fory.serialize(&span)?)?, span);
//! # Ok::<(), fory::Error>(())
//! ```

use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

use super::{out_of_range, Date, Duration, Timestamp, NANOS_PER_SEC};
use crate::error::Result;
use crate::impls::carrier::via_wire_form;

/// The Julian day number of 1970-01-01.
const EPOCH_JULIAN_DAY: i64 = 2_440_588;

fn timestamp_of(t: &OffsetDateTime) -> Result<Timestamp> {
    Ok(Timestamp {
        seconds: t.unix_timestamp(),
        nanos: t.nanosecond(),
    })
}

fn utc_of(t: Timestamp, at: usize) -> Result<OffsetDateTime> {
    let nanos = i128::from(t.seconds) * i128::from(NANOS_PER_SEC) + i128::from(t.nanos);
    OffsetDateTime::from_unix_timestamp_nanos(nanos).map_err(|_| out_of_range::<OffsetDateTime>(at))
}

via_wire_form!(OffsetDateTime, Timestamp, timestamp_of, utc_of);
via_wire_form!(
    PrimitiveDateTime,
    Timestamp,
    |t: &PrimitiveDateTime| timestamp_of(&t.assume_utc()),
    |t: Timestamp, at| utc_of(t, at).map(|u| {
        let u = u.to_offset(UtcOffset::UTC);
        PrimitiveDateTime::new(u.date(), u.time())
    })
);

via_wire_form!(
    time::Date,
    Date,
    |d: &time::Date| Ok(Date {
        days: i64::from(d.to_julian_day()) - EPOCH_JULIAN_DAY
    }),
    |d: Date, at| d
        .days
        .checked_add(EPOCH_JULIAN_DAY)
        .and_then(|n| i32::try_from(n).ok())
        .and_then(|n| time::Date::from_julian_day(n).ok())
        .ok_or_else(|| out_of_range::<time::Date>(at))
);

via_wire_form!(
    time::Duration,
    Duration,
    |d: &time::Duration| Ok(Duration::from_nanos(d.whole_nanoseconds())),
    |d: Duration, _at| Ok(time::Duration::new(d.seconds, d.nanos as i32))
);

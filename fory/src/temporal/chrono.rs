//! chrono's types (feature `chrono`), with no wrapper:
//!
//! | chrono | wire | Python |
//! |---|---|---|
//! | `DateTime<Utc>` | TIMESTAMP | `datetime` (aware, UTC) |
//! | `DateTime<FixedOffset>` | TIMESTAMP: the UTC instant; read back with offset `+00:00` | `datetime` |
//! | `NaiveDateTime` | TIMESTAMP, taken as UTC (as pyfory reads every timestamp) | `datetime` |
//! | `NaiveDate` | DATE | `date` |
//! | `TimeDelta` (`chrono::Duration`) | DURATION | `timedelta` |
//!
//! Reading a value chrono cannot hold (a date past ±262 143 years, a duration past
//! `TimeDelta::MAX`) is [`Error::OutOfRange`] at the body's offset. A
//! leap second (chrono's nanoseconds ≥ 10^9) cannot be written: pyfory has none.
//!
//! ```
//! use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
//! use fory::Fory;
//! let fory = Fory::default();
//! let t: DateTime<Utc> = "2024-01-02T03:04:05.678901Z".parse().unwrap();
//! let bytes = fory.serialize(&t)?;
//! assert_eq!(&bytes[2..], [0x26, 0x25, 0x7d, 0x93, 0x65, 0, 0, 0, 0, 0x08, 0x35, 0x77, 0x28]);
//! assert_eq!(fory.deserialize::<DateTime<Utc>>(&bytes)?, t);
//! let d = NaiveDate::from_ymd_opt(1969, 12, 31).unwrap();
//! assert_eq!(fory.deserialize::<NaiveDate>(&fory.serialize(&d)?)?, d);
//! let span = TimeDelta::microseconds(-1);
//! assert_eq!(fory.deserialize::<TimeDelta>(&fory.serialize(&span)?)?, span);
//! # Ok::<(), fory::Error>(())
//! ```

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeDelta, Utc};

use super::{out_of_range, Date, Duration, Timestamp, NANOS_PER_SEC};
use crate::error::{Error, Result};
use crate::impls::carrier::via_wire_form;

/// 1970-01-01 counted from 0001-01-01 (chrono's "days from the common era" start at 1).
const EPOCH_DAYS_FROM_CE: i64 = 719_163;

fn timestamp_of<Tz: chrono::TimeZone>(t: &DateTime<Tz>) -> Result<Timestamp> {
    let nanos = t.timestamp_subsec_nanos();
    if nanos >= NANOS_PER_SEC {
        return Err(Error::Unsupported(
            "a leap second has no TIMESTAMP form".into(),
        ));
    }
    Ok(Timestamp {
        seconds: t.timestamp(),
        nanos,
    })
}

fn utc_of(t: Timestamp, at: usize) -> Result<DateTime<Utc>> {
    DateTime::from_timestamp(t.seconds, t.nanos).ok_or_else(|| out_of_range::<DateTime<Utc>>(at))
}

via_wire_form!(DateTime<Utc>, Timestamp, timestamp_of::<Utc>, utc_of);
via_wire_form!(
    DateTime<FixedOffset>,
    Timestamp,
    timestamp_of::<FixedOffset>,
    |t: Timestamp, at| utc_of(t, at).map(|u| u.fixed_offset())
);
via_wire_form!(
    NaiveDateTime,
    Timestamp,
    |t: &NaiveDateTime| timestamp_of(&t.and_utc()),
    |t: Timestamp, at| utc_of(t, at).map(|u| u.naive_utc())
);

via_wire_form!(
    NaiveDate,
    Date,
    |d: &NaiveDate| Ok(Date {
        days: i64::from(chrono::Datelike::num_days_from_ce(d)) - EPOCH_DAYS_FROM_CE
    }),
    |d: Date, at| d
        .days
        .checked_add(EPOCH_DAYS_FROM_CE)
        .and_then(|n| i32::try_from(n).ok())
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .ok_or_else(|| out_of_range::<NaiveDate>(at))
);

fn duration_of(d: &TimeDelta) -> Result<Duration> {
    // `subsec_nanos` has the sign of the whole duration.
    Ok(Duration::from_nanos(
        i128::from(d.num_seconds()) * i128::from(NANOS_PER_SEC) + i128::from(d.subsec_nanos()),
    ))
}

via_wire_form!(TimeDelta, Duration, duration_of, |d: Duration, at| {
    TimeDelta::new(d.seconds, d.nanos).ok_or_else(|| out_of_range::<TimeDelta>(at))
});

//! Points in time, calendar dates and durations: the xlang TIMESTAMP (38), DATE (39) and
//! DURATION (37) types, as pyfory 1.7.7 writes `datetime.datetime`, `datetime.date` and
//! `datetime.timedelta`.
//!
//! | type | wire body | Python |
//! |---|---|---|
//! | [`Timestamp`], `SystemTime` | `int64` seconds since 1970-01-01T00:00:00Z, `uint32` nanoseconds in `[0, 10^9)` (12 bytes, little-endian) | `datetime.datetime`, read back as UTC |
//! | [`Date`] | zigzag `varint64` days since 1970-01-01 | `datetime.date` |
//! | [`Duration`], `std::time::Duration` | zigzag `varint64` seconds, `int32` nanoseconds in `[0, 10^9)` | `datetime.timedelta` |
//!
//! Negative timestamps and durations borrow a second, so the nanoseconds are never negative:
//! minus half a second is `seconds = -1, nanos = 500_000_000`. Writers refuse nanoseconds past
//! `999_999_999`; readers report them as [`Error::Invalid`] at the offset of the nanoseconds.
//!
//! The crates' own types map onto these with the features `chrono` (`temporal::chrono`) and `time`
//! (`temporal::time`).

mod civil;
mod std_impls;

#[cfg(feature = "chrono")]
pub mod chrono;
#[cfg(feature = "time")]
pub mod time;

use crate::buffer::{Reader, Writer};
use crate::error::{Error, Result};
use crate::impls::carrier::{via_wire_form, WireForm};
use crate::types::{DATE, DURATION, TIMESTAMP};

/// Nanoseconds in a second.
pub(crate) const NANOS_PER_SEC: u32 = 1_000_000_000;

/// A point in time: seconds and nanoseconds since the Unix epoch (1970-01-01T00:00:00Z),
/// independent of any time zone. The xlang TIMESTAMP (38); Python `datetime.datetime`.
///
/// `nanos` is always in `[0, 10^9)`, also before 1970 (`seconds` is then negative):
/// 1969-12-31T23:59:59.5Z is `Timestamp { seconds: -1, nanos: 500_000_000 }`. Writing a value
/// whose `nanos` is out of range is an error.
///
/// pyfory keeps microseconds: a Rust value with nanoseconds that are not whole microseconds is
/// rounded to the nearest microsecond when Python reads it.
///
/// ```
/// use fory::{Fory, Timestamp};
/// let fory = Fory::default();
/// let t = Timestamp::new(1_704_164_645, 678_901_000).unwrap(); // 2024-01-02T03:04:05.678901Z
/// let bytes = fory.serialize(&t)?;
/// assert_eq!(&bytes[2..], [0x26, 0x25, 0x7d, 0x93, 0x65, 0, 0, 0, 0, 0x08, 0x35, 0x77, 0x28]);
/// assert_eq!(fory.deserialize::<Timestamp>(&bytes)?, t);
/// # Ok::<(), fory::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Timestamp {
    /// Whole seconds since the epoch (negative before 1970).
    pub seconds: i64,
    /// Nanoseconds after `seconds`, in `[0, 10^9)`.
    pub nanos: u32,
}

impl Timestamp {
    /// The Unix epoch, 1970-01-01T00:00:00Z.
    pub const UNIX_EPOCH: Timestamp = Timestamp {
        seconds: 0,
        nanos: 0,
    };

    /// A timestamp, or `None` when `nanos` is not below 10^9.
    pub const fn new(seconds: i64, nanos: u32) -> Option<Timestamp> {
        if nanos < NANOS_PER_SEC {
            Some(Timestamp { seconds, nanos })
        } else {
            None
        }
    }

    /// The timestamp `micros` microseconds after the epoch (Python's resolution).
    pub const fn from_micros(micros: i64) -> Timestamp {
        Timestamp {
            seconds: micros.div_euclid(1_000_000),
            nanos: (micros.rem_euclid(1_000_000) * 1000) as u32,
        }
    }
}

impl WireForm for Timestamp {
    const TYPE_ID: u32 = TIMESTAMP;
    const TRACKED: bool = true;
    fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        check_nanos_for_write("timestamp", self.nanos)?;
        w.u64(self.seconds as u64);
        w.u32(self.nanos);
        Ok(())
    }
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let seconds = r.i64()?;
        let at = r.pos();
        let nanos = r.u32()?;
        check_nanos_for_read("timestamp", at, nanos as i64)?;
        Ok(Timestamp { seconds, nanos })
    }
}

/// A calendar date without time zone: days since 1970-01-01 (negative before). The xlang
/// DATE (39); Python `datetime.date`.
///
/// Every `i64` is a valid wire value; Python holds years 1 to 9999 (days -719 162 to
/// 2 932 896), and the crates' date types hold their own ranges (reading a date they cannot
/// hold is [`Error::OutOfRange`]).
///
/// ```
/// use fory::{Date, Fory};
/// let fory = Fory::default();
/// let d = Date::from_ymd(2024, 1, 2).unwrap();
/// assert_eq!(d, Date { days: 19_724 });
/// assert_eq!(d.to_ymd(), (2024, 1, 2));
/// let bytes = fory.serialize(&d)?;
/// assert_eq!(&bytes[2..], [0x27, 0x98, 0xb4, 0x02]);
/// assert_eq!(fory.deserialize::<Date>(&bytes)?, d);
/// # Ok::<(), fory::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Date {
    /// Days since 1970-01-01.
    pub days: i64,
}

impl Date {
    /// 1970-01-01.
    pub const UNIX_EPOCH: Date = Date { days: 0 };

    /// The date of a proleptic Gregorian year, month (1–12) and day (1–31), or `None` if there
    /// is no such day (or it is too far to count in an `i64` of days).
    pub fn from_ymd(year: i64, month: u32, day: u32) -> Option<Date> {
        civil::days_from_ymd(year, month, day).map(|days| Date { days })
    }

    /// The proleptic Gregorian year, month (1–12) and day (1–31) of this date.
    pub fn to_ymd(self) -> (i64, u32, u32) {
        civil::ymd_from_days(self.days)
    }
}

impl WireForm for Date {
    const TYPE_ID: u32 = DATE;
    const TRACKED: bool = true;
    fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        w.varint64(self.days);
        Ok(())
    }
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        Ok(Date {
            days: r.varint64()?,
        })
    }
}

/// A signed length of time: seconds and nanoseconds, independent of any calendar. The xlang
/// DURATION (37); Python `datetime.timedelta`.
///
/// As for [`Timestamp`], `nanos` is in `[0, 10^9)` and a negative duration borrows a second:
/// minus one microsecond is `Duration { seconds: -1, nanos: 999_999_000 }`.
/// `std::time::Duration` (never negative) is written the same way; reading a negative duration
/// into it is [`Error::OutOfRange`].
///
/// pyfory keeps microseconds: Python truncates the nanoseconds to whole microseconds when it
/// reads a duration, and `timedelta` holds at most ±999 999 999 days (pyfory 1.7.7 refuses to
/// write one whose microseconds do not fit an `int64`, beyond about ±106 751 991 days).
///
/// ```
/// use fory::{Duration, Fory};
/// let fory = Fory::default();
/// let d = Duration::from_nanos(-1_000); // timedelta(microseconds=-1)
/// assert_eq!(d, Duration { seconds: -1, nanos: 999_999_000 });
/// let bytes = fory.serialize(&d)?;
/// assert_eq!(&bytes[2..], [0x25, 0x01, 0x18, 0xc6, 0x9a, 0x3b]);
/// assert_eq!(fory.deserialize::<Duration>(&bytes)?, d);
/// # Ok::<(), fory::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Duration {
    /// Whole seconds, rounded towards negative infinity.
    pub seconds: i64,
    /// Nanoseconds added to `seconds`, in `[0, 10^9)`.
    pub nanos: u32,
}

impl Duration {
    /// The zero duration.
    pub const ZERO: Duration = Duration {
        seconds: 0,
        nanos: 0,
    };

    /// A duration, or `None` when `nanos` is not below 10^9.
    pub const fn new(seconds: i64, nanos: u32) -> Option<Duration> {
        if nanos < NANOS_PER_SEC {
            Some(Duration { seconds, nanos })
        } else {
            None
        }
    }

    /// The duration of `nanos` nanoseconds (negative for a negative duration).
    pub const fn from_nanos(nanos: i128) -> Duration {
        Duration {
            seconds: nanos.div_euclid(NANOS_PER_SEC as i128) as i64,
            nanos: nanos.rem_euclid(NANOS_PER_SEC as i128) as u32,
        }
    }

    /// The whole length in nanoseconds.
    pub const fn as_nanos(self) -> i128 {
        self.seconds as i128 * NANOS_PER_SEC as i128 + self.nanos as i128
    }
}

impl WireForm for Duration {
    const TYPE_ID: u32 = DURATION;
    const TRACKED: bool = true;
    fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        check_nanos_for_write("duration", self.nanos)?;
        w.varint64(self.seconds);
        w.u32(self.nanos);
        Ok(())
    }
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let seconds = r.varint64()?;
        let at = r.pos();
        let nanos = r.i32()?;
        check_nanos_for_read("duration", at, nanos as i64)?;
        Ok(Duration {
            seconds,
            nanos: nanos as u32,
        })
    }
}

fn check_nanos_for_write(what: &str, nanos: u32) -> Result<()> {
    if nanos < NANOS_PER_SEC {
        return Ok(());
    }
    Err(Error::Unsupported(
        format!("{what} nanoseconds {nanos} are not below 10^9").into(),
    ))
}

fn check_nanos_for_read(what: &str, at: usize, nanos: i64) -> Result<()> {
    if (0..NANOS_PER_SEC as i64).contains(&nanos) {
        return Ok(());
    }
    Err(Error::invalid(
        at,
        format!("{what} nanoseconds {nanos} are outside [0, 10^9)"),
    ))
}

/// The error for a wire value that the target type cannot hold.
pub(crate) fn out_of_range<T: ?Sized>(at: usize) -> Error {
    Error::OutOfRange {
        at,
        target: std::any::type_name::<T>(),
    }
}

fn same<T: Copy>(v: &T) -> Result<T> {
    Ok(*v)
}

fn keep<T>(v: T, _at: usize) -> Result<T> {
    Ok(v)
}

via_wire_form!(Timestamp, Timestamp, same, keep);
via_wire_form!(Date, Date, same, keep);
via_wire_form!(Duration, Duration, same, keep);

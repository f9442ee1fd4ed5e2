//! `std::time::Duration` as DURATION and `std::time::SystemTime` as TIMESTAMP.

use std::time::{SystemTime, UNIX_EPOCH};

use super::{out_of_range, Duration, Timestamp};
use crate::error::{Error, Result};
use crate::impls::carrier::via_wire_form;

impl TryFrom<std::time::Duration> for Duration {
    type Error = Error;
    /// Fails for durations past `i64::MAX` seconds.
    fn try_from(d: std::time::Duration) -> Result<Duration> {
        let seconds = i64::try_from(d.as_secs()).map_err(|_| {
            Error::Unsupported(
                format!(
                    "duration of {} s does not fit an int64 of seconds",
                    d.as_secs()
                )
                .into(),
            )
        })?;
        Ok(Duration {
            seconds,
            nanos: d.subsec_nanos(),
        })
    }
}

impl TryFrom<Duration> for std::time::Duration {
    type Error = Duration;
    /// Fails (returning the duration) when it is negative.
    fn try_from(d: Duration) -> std::result::Result<Self, Duration> {
        match u64::try_from(d.seconds) {
            Ok(s) if d.nanos < super::NANOS_PER_SEC => Ok(std::time::Duration::new(s, d.nanos)),
            _ => Err(d),
        }
    }
}

impl TryFrom<SystemTime> for Timestamp {
    type Error = Error;
    /// Fails for times more than `i64::MAX` seconds from the epoch.
    fn try_from(t: SystemTime) -> Result<Timestamp> {
        let far = || Error::Unsupported("system time does not fit an int64 of seconds".into());
        Ok(match t.duration_since(UNIX_EPOCH) {
            Ok(after) => Timestamp {
                seconds: i64::try_from(after.as_secs()).map_err(|_| far())?,
                nanos: after.subsec_nanos(),
            },
            Err(before) => {
                let d = Duration::from_nanos(-Duration::try_from(before.duration())?.as_nanos());
                Timestamp {
                    seconds: d.seconds,
                    nanos: d.nanos,
                }
            }
        })
    }
}

impl TryFrom<Timestamp> for SystemTime {
    type Error = Timestamp;
    /// Fails (returning the timestamp) when the platform's `SystemTime` cannot hold it.
    fn try_from(t: Timestamp) -> std::result::Result<Self, Timestamp> {
        if t.nanos >= super::NANOS_PER_SEC {
            return Err(t);
        }
        let base = if t.seconds >= 0 {
            UNIX_EPOCH.checked_add(std::time::Duration::from_secs(t.seconds as u64))
        } else {
            UNIX_EPOCH.checked_sub(std::time::Duration::from_secs(t.seconds.unsigned_abs()))
        };
        base.and_then(|b| b.checked_add(std::time::Duration::from_nanos(u64::from(t.nanos))))
            .ok_or(t)
    }
}

via_wire_form!(
    std::time::Duration,
    Duration,
    |d: &std::time::Duration| Duration::try_from(*d),
    |d: Duration, at| std::time::Duration::try_from(d)
        .map_err(|_| out_of_range::<std::time::Duration>(at))
);
via_wire_form!(
    SystemTime,
    Timestamp,
    |t: &SystemTime| Timestamp::try_from(*t),
    |t: Timestamp, at| SystemTime::try_from(t).map_err(|_| out_of_range::<SystemTime>(at))
);

//! Proleptic Gregorian calendar arithmetic for [`Date`](super::Date) (Howard Hinnant's
//! `days_from_civil` / `civil_from_days`), in `i128` so that no `i64` day count overflows.

/// Days since 1970-01-01 of a year, month and day, or `None` for a day that does not exist or
/// a count past `i64`.
pub(crate) fn days_from_ymd(year: i64, month: u32, day: u32) -> Option<i64> {
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let y = year as i128 - i128::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = month as i128;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i128 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    i64::try_from(era * 146_097 + doe - 719_468).ok()
}

/// The year, month and day of a count of days since 1970-01-01.
pub(crate) fn ymd_from_days(days: i64) -> (i64, u32, u32) {
    let z = days as i128 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i128::from(month <= 2);
    // |days| < 2^63 keeps the year within i64 (about 2.5e16).
    (year as i64, month, day)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year.rem_euclid(4) == 0
            && (year.rem_euclid(100) != 0 || year.rem_euclid(400) == 0) =>
        {
            29
        }
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(days_from_ymd(1970, 1, 1), Some(0));
        assert_eq!(days_from_ymd(1969, 12, 31), Some(-1));
        assert_eq!(days_from_ymd(2024, 1, 2), Some(19_724));
        assert_eq!(days_from_ymd(1, 1, 1), Some(-719_162));
        assert_eq!(days_from_ymd(9999, 12, 31), Some(2_932_896));
        assert_eq!(days_from_ymd(2023, 2, 29), None);
        assert_eq!(days_from_ymd(2024, 2, 29), Some(19_782));
        assert_eq!(days_from_ymd(2024, 13, 1), None);
    }

    #[test]
    fn round_trip_and_extremes() {
        for days in (-800_000..3_000_000)
            .step_by(997)
            .chain([i64::MIN, i64::MAX, -1, 0, 1])
        {
            let (y, m, d) = ymd_from_days(days);
            assert_eq!(days_from_ymd(y, m, d), Some(days), "{days}");
        }
    }
}

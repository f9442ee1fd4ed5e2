//! `bigdecimal::BigDecimal` as DECIMAL (feature `bigdecimal`).
//!
//! A `BigDecimal` is an unscaled `BigInt` and an `i64` scale, like the wire's decimal: every
//! value within the wire's limits (scale in `[-10 000, 10 000]`, at most 10 000 magnitude
//! bytes) writes as pyfory writes the equal `decimal.Decimal`, and reads back with its scale.
//! Writing one past the limits is [`Error::Unsupported`].
//!
//! ```
//! use std::str::FromStr;
//! use bigdecimal::BigDecimal;
//! use fory::Fory;
//! let fory = Fory::default();
//! let big = BigDecimal::from_str("123456789012345678901234567890.12345").unwrap();
//! let bytes = fory.serialize(&big)?;
//! assert_eq!(bytes[2..5], [0x28, 0x0a, 0x3d]); // scale 5, a 15-byte positive magnitude
//! assert_eq!(fory.deserialize::<BigDecimal>(&bytes)?, big);
//! # Ok::<(), fory::Error>(())
//! ```

use std::borrow::Cow;

use bigdecimal::num_bigint::{BigInt, Sign};
use bigdecimal::BigDecimal;

use super::{via_raw_decimal, RawDecimal, MAX_SCALE};
use crate::error::{Error, Result};

fn to_raw(d: &BigDecimal) -> Result<RawDecimal<'static>> {
    let (unscaled, scale) = d.as_bigint_and_exponent();
    let scale = i32::try_from(scale)
        .ok()
        .filter(|s| (-MAX_SCALE..=MAX_SCALE).contains(s))
        .ok_or_else(|| {
            Error::Unsupported(
                format!("decimal scale {scale} is outside [-{MAX_SCALE}, {MAX_SCALE}]").into(),
            )
        })?;
    let (sign, magnitude) = unscaled.to_bytes_le();
    Ok(RawDecimal {
        scale,
        negative: sign == Sign::Minus,
        magnitude: Cow::Owned(magnitude),
    })
}

fn from_raw(raw: RawDecimal<'_>, _at: usize) -> Result<BigDecimal> {
    let sign = if raw.negative {
        Sign::Minus
    } else {
        Sign::Plus
    };
    let unscaled = BigInt::from_bytes_le(sign, raw.minimal());
    Ok(BigDecimal::new(unscaled, i64::from(raw.scale)))
}

via_raw_decimal!(BigDecimal, to_raw, from_raw);

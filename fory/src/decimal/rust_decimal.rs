//! `rust_decimal::Decimal` as DECIMAL (feature `rust_decimal`).
//!
//! Every `rust_decimal::Decimal` (96-bit unscaled value, scale 0 to 28) writes as pyfory writes
//! the equal `decimal.Decimal`. Reading accepts what it can hold exactly: a negative scale is
//! multiplied out (`1E+5` becomes `100000`), a scale past 28 drops trailing zeros
//! (`1.000…0`); anything else (more than 96 bits, more than 28 significant decimal places) is
//! [`Error::OutOfRange`](crate::Error::OutOfRange) at the body's offset. Use [`crate::Decimal`]
//! or `bigdecimal` for values of any size.
//!
//! ```
//! use fory::Fory;
//! use rust_decimal::Decimal;
//! let fory = Fory::default();
//! let price = Decimal::new(-15, 1); // -1.5
//! let bytes = fory.serialize(&price)?;
//! assert_eq!(&bytes[2..], [0x28, 0x02, 0x3a]);
//! assert_eq!(fory.deserialize::<Decimal>(&bytes)?, price);
//! # Ok::<(), fory::Error>(())
//! ```

use rust_decimal::Decimal;

use super::{via_raw_decimal, RawDecimal};
use crate::error::Result;
use crate::temporal::out_of_range;

fn to_raw(d: &Decimal) -> Result<RawDecimal<'static>> {
    Ok(RawDecimal::from_i128(d.mantissa(), d.scale() as i32))
}

fn from_raw(raw: RawDecimal<'_>, at: usize) -> Result<Decimal> {
    let fail = || out_of_range::<Decimal>(at);
    let mut unscaled = raw.to_i128().ok_or_else(fail)?;
    let mut scale = raw.scale;
    while scale < 0 {
        unscaled = unscaled.checked_mul(10).ok_or_else(fail)?;
        scale += 1;
    }
    while scale > 28 && unscaled % 10 == 0 {
        unscaled /= 10;
        scale -= 1;
    }
    Decimal::try_from_i128_with_scale(unscaled, scale as u32).map_err(|_| fail())
}

via_raw_decimal!(Decimal, to_raw, from_raw);

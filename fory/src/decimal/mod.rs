//! Exact decimals: the xlang DECIMAL (40), as pyfory 1.7.7 writes `decimal.Decimal`.
//!
//! A decimal is `unscaled × 10^-scale`. The body is the scale as a zigzag `varint32`, then a
//! `varuint64` header: `zigzag(unscaled) << 1` (the small form, for unscaled values in
//! `[-2^62, 2^62)`), or `((len << 1 | sign) << 1) | 1` followed by `len` bytes of the
//! magnitude, little-endian and minimal (the big form). Both sides refuse a scale outside
//! `[-10 000, 10 000]` and a magnitude longer than 10 000 bytes (about 24 000 digits); a reader
//! checks both before it takes the magnitude, and also refuses a big form of zero length or
//! with a trailing zero byte. Python's special values (`NaN`, `sNaN`, `Infinity`) have no wire
//! form: pyfory 1.7.7 refuses to write them (`ValueError`), and so there is nothing to read.
//!
//! [`Decimal`] holds any such value with no dependency; with the features `rust_decimal` and
//! `bigdecimal`, those crates' types map onto the same bytes (`decimal::rust_decimal`,
//! `decimal::bigdecimal`).

mod digits;

#[cfg(feature = "bigdecimal")]
pub mod bigdecimal;
#[cfg(feature = "rust_decimal")]
pub mod rust_decimal;

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use crate::buffer::{Reader, Writer};
use crate::error::{Error, Result};

/// The largest scale (and the smallest, negated) a decimal may have on the wire.
pub const MAX_SCALE: i32 = 10_000;
/// The most magnitude bytes a decimal may have on the wire.
pub const MAX_MAGNITUDE_BYTES: usize = 10_000;

/// Unscaled values in `[-2^62, 2^62)` use the small form (their zigzag fits 63 bits).
const SMALL_LIMIT: u64 = 1 << 62;

/// An exact decimal number: an unscaled integer of any size and a scale, worth
/// `unscaled × 10^-scale`. The xlang DECIMAL (40); Python `decimal.Decimal`.
///
/// The scale is kept as written: `1.5` (15, scale 1) and `1.50` (150, scale 2) are different
/// values here, as their Python `Decimal`s print differently (they compare equal in Python).
/// Negative scales are trailing zeros (`1E+5` is 1, scale -5). Zero has no sign (`-0` becomes
/// `0`, as in pyfory).
///
/// ```
/// use fory::{Decimal, Fory};
/// let fory = Fory::default();
/// let price: Decimal = "-1.5".parse().unwrap();
/// assert_eq!(price, Decimal::new(-15, 1));
/// assert_eq!(price.to_string(), "-1.5");
/// let bytes = fory.serialize(&price)?;
/// assert_eq!(&bytes[2..], [0x28, 0x02, 0x3a]); // scale 1, zigzag(-15) << 1
/// assert_eq!(fory.deserialize::<Decimal>(&bytes)?, price);
///
/// // Any size: 40 digits do not fit an i128.
/// let big: Decimal = "1234567890123456789012345678901234567890.5".parse().unwrap();
/// assert_eq!(big.to_i128(), None);
/// assert_eq!(fory.deserialize::<Decimal>(&fory.serialize(&big)?)?, big);
/// # Ok::<(), fory::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Decimal {
    negative: bool,
    /// Little-endian, no trailing zero byte; empty for zero.
    magnitude: Vec<u8>,
    scale: i32,
}

impl Decimal {
    /// `unscaled × 10^-scale`.
    pub fn new(unscaled: i128, scale: i32) -> Decimal {
        Decimal::from_le_bytes(unscaled < 0, &unscaled.unsigned_abs().to_le_bytes(), scale)
    }

    /// `±magnitude × 10^-scale`, the magnitude in little-endian bytes (trailing zero bytes are
    /// dropped; a zero magnitude is never negative).
    pub fn from_le_bytes(negative: bool, magnitude: &[u8], scale: i32) -> Decimal {
        let len = magnitude.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
        Decimal {
            negative: negative && len > 0,
            magnitude: magnitude[..len].to_vec(),
            scale,
        }
    }

    /// The scale: the value is `unscaled × 10^-scale`.
    pub fn scale(&self) -> i32 {
        self.scale
    }

    /// Whether the value is below zero.
    pub fn is_negative(&self) -> bool {
        self.negative
    }

    /// Whether the value is zero (at any scale).
    pub fn is_zero(&self) -> bool {
        self.magnitude.is_empty()
    }

    /// The magnitude of the unscaled integer, little-endian, minimal (empty for zero).
    pub fn magnitude_le(&self) -> &[u8] {
        &self.magnitude
    }

    /// The unscaled integer, if it fits an `i128`.
    pub fn to_i128(&self) -> Option<i128> {
        magnitude_to_i128(self.negative, &self.magnitude)
    }

    fn raw(&self) -> RawDecimal<'_> {
        RawDecimal {
            scale: self.scale,
            negative: self.negative,
            magnitude: Cow::Borrowed(&self.magnitude),
        }
    }
}

/// `±magnitude` as an `i128`, if it fits.
pub(crate) fn magnitude_to_i128(negative: bool, magnitude: &[u8]) -> Option<i128> {
    if magnitude.len() > 16 {
        return None;
    }
    let mut b = [0u8; 16];
    b[..magnitude.len()].copy_from_slice(magnitude);
    let m = u128::from_le_bytes(b);
    if negative {
        0i128.checked_sub_unsigned(m)
    } else {
        i128::try_from(m).ok()
    }
}

/// Plain notation for scales of zero and above (`-12.50`, `0.001`), scientific with a
/// positive exponent for negative scales (`1E+5`, `-25E+3`), like Java's `BigDecimal`.
impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = digits::to_decimal_string(&self.magnitude);
        let sign = if self.negative { "-" } else { "" };
        if self.scale <= 0 {
            if self.scale == 0 {
                return write!(f, "{sign}{digits}");
            }
            return write!(f, "{sign}{digits}E+{}", -(self.scale as i64));
        }
        let scale = self.scale as usize;
        if digits.len() > scale {
            let (int, frac) = digits.split_at(digits.len() - scale);
            write!(f, "{sign}{int}.{frac}")
        } else {
            write!(f, "{sign}0.{}{digits}", "0".repeat(scale - digits.len()))
        }
    }
}

/// The error of parsing a [`Decimal`] from text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseDecimalError(&'static str);

impl fmt::Display for ParseDecimalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid decimal: {}", self.0)
    }
}

impl std::error::Error for ParseDecimalError {}

/// Parses `[+-]digits[.digits][(e|E)[+-]digits]`, keeping the scale the text has (`1.50`
/// has scale 2, `1e3` scale -3). No `NaN` or `Infinity`: the wire has no form for them.
/// At most 24 100 digits.
impl FromStr for Decimal {
    type Err = ParseDecimalError;
    fn from_str(s: &str) -> std::result::Result<Decimal, ParseDecimalError> {
        let b = s.as_bytes();
        let (negative, b) = match b.first() {
            Some(b'-') => (true, &b[1..]),
            Some(b'+') => (false, &b[1..]),
            _ => (false, b),
        };
        let (mantissa, exponent) = match b.iter().position(|&c| c == b'e' || c == b'E') {
            Some(i) => (&b[..i], Some(&b[i + 1..])),
            None => (b, None),
        };
        let (int, frac) = match mantissa.iter().position(|&c| c == b'.') {
            Some(i) => (&mantissa[..i], &mantissa[i + 1..]),
            None => (mantissa, &mantissa[..0]),
        };
        if int.is_empty() && frac.is_empty() {
            return Err(ParseDecimalError("no digits"));
        }
        if !int.iter().chain(frac).all(u8::is_ascii_digit) {
            return Err(ParseDecimalError("not a digit"));
        }
        if int.len() + frac.len() > 24_100 {
            return Err(ParseDecimalError("too many digits"));
        }
        let exponent: i64 = match exponent {
            None => 0,
            Some(e) if e.len() <= 12 => std::str::from_utf8(e)
                .ok()
                .and_then(|e| e.parse().ok())
                .ok_or(ParseDecimalError("bad exponent"))?,
            Some(_) => return Err(ParseDecimalError("bad exponent")),
        };
        let scale = i32::try_from(frac.len() as i64 - exponent)
            .map_err(|_| ParseDecimalError("scale out of range"))?;
        let mut all = Vec::with_capacity(int.len() + frac.len());
        all.extend_from_slice(int);
        all.extend_from_slice(frac);
        let magnitude = digits::from_decimal_digits(&all);
        Ok(Decimal::from_le_bytes(negative, &magnitude, scale))
    }
}

/// A decimal as the wire holds it, its magnitude borrowed where it can be: what every decimal
/// type converts to for writing and from after reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawDecimal<'a> {
    pub(crate) scale: i32,
    pub(crate) negative: bool,
    /// Little-endian; trailing zero bytes are ignored when writing.
    pub(crate) magnitude: Cow<'a, [u8]>,
}

impl RawDecimal<'static> {
    /// `unscaled × 10^-scale`.
    #[cfg_attr(not(feature = "rust_decimal"), allow(dead_code))]
    pub(crate) fn from_i128(unscaled: i128, scale: i32) -> Self {
        RawDecimal {
            scale,
            negative: unscaled < 0,
            magnitude: Cow::Owned(unscaled.unsigned_abs().to_le_bytes().to_vec()),
        }
    }
}

impl<'a> RawDecimal<'a> {
    /// The magnitude without trailing zero bytes.
    pub(crate) fn minimal(&self) -> &[u8] {
        let len = self
            .magnitude
            .iter()
            .rposition(|&b| b != 0)
            .map_or(0, |i| i + 1);
        &self.magnitude[..len]
    }

    /// The unscaled integer, if it fits an `i128`.
    #[cfg_attr(not(feature = "rust_decimal"), allow(dead_code))]
    pub(crate) fn to_i128(&self) -> Option<i128> {
        magnitude_to_i128(self.negative, self.minimal())
    }

    /// Writes the body (scale, header, magnitude), refusing a scale or magnitude past the
    /// spec's limits.
    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<()> {
        if !(-MAX_SCALE..=MAX_SCALE).contains(&self.scale) {
            return Err(Error::Unsupported(
                format!(
                    "decimal scale {} is outside [-{MAX_SCALE}, {MAX_SCALE}]",
                    self.scale
                )
                .into(),
            ));
        }
        let mag = self.minimal();
        if mag.len() <= 8 {
            let mut b = [0u8; 8];
            b[..mag.len()].copy_from_slice(mag);
            let m = u64::from_le_bytes(b);
            // zigzag: 2m for m >= 0, 2m - 1 for -m.
            let zigzag = match (self.negative && m != 0, m) {
                (false, m) if m < SMALL_LIMIT => Some(m << 1),
                (true, m) if m <= SMALL_LIMIT => Some((m << 1) - 1),
                _ => None,
            };
            if let Some(z) = zigzag {
                w.varint32(self.scale);
                w.varuint64(z << 1);
                return Ok(());
            }
        }
        if mag.len() > MAX_MAGNITUDE_BYTES {
            return Err(Error::Unsupported(
                format!(
                    "decimal magnitude of {} bytes exceeds {MAX_MAGNITUDE_BYTES} bytes",
                    mag.len()
                )
                .into(),
            ));
        }
        let meta = ((mag.len() as u64) << 1) | u64::from(self.negative);
        w.varint32(self.scale);
        w.varuint64((meta << 1) | 1);
        w.bytes(mag);
        Ok(())
    }

    /// Reads a body, the magnitude borrowed from the payload. Every limit is checked before
    /// the magnitude is taken.
    pub(crate) fn read(r: &mut Reader<'a>) -> Result<Self> {
        let at = r.pos();
        let scale = r.varint32()?;
        if !(-MAX_SCALE..=MAX_SCALE).contains(&scale) {
            return Err(Error::invalid(
                at,
                format!("decimal scale {scale} is outside [-{MAX_SCALE}, {MAX_SCALE}]"),
            ));
        }
        let at = r.pos();
        let header = r.varuint64()?;
        if header & 1 == 0 {
            let z = header >> 1;
            let unscaled = (z >> 1) as i64 ^ -((z & 1) as i64);
            return Ok(RawDecimal {
                scale,
                negative: unscaled < 0,
                magnitude: Cow::Owned(unscaled.unsigned_abs().to_le_bytes().to_vec()),
            });
        }
        let meta = header >> 1;
        let len = meta >> 1;
        if len == 0 || len > MAX_MAGNITUDE_BYTES as u64 {
            return Err(Error::invalid(
                at,
                format!("decimal magnitude length {len} is outside [1, {MAX_MAGNITUDE_BYTES}]"),
            ));
        }
        let magnitude = r.take(len as usize)?;
        if magnitude[len as usize - 1] == 0 {
            return Err(Error::invalid(
                r.pos() - 1,
                "decimal magnitude has a trailing zero byte (not minimal)",
            ));
        }
        Ok(RawDecimal {
            scale,
            negative: meta & 1 == 1,
            magnitude: Cow::Borrowed(magnitude),
        })
    }
}

/// Implements `Serialize` and `Deserialize` for a decimal type `$t` through [`RawDecimal`]:
/// `$to(&self) -> Result<RawDecimal>` and `$from(raw, at) -> Result<$t>`.
macro_rules! via_raw_decimal {
    ($t:ty, $to:expr, $from:expr) => {
        impl $crate::serializer::Serialize for $t {
            const TRACKED: bool = false;
            fn field_type() -> $crate::type_def::FieldType {
                $crate::impls::leaf($crate::types::DECIMAL)
            }
            fn type_id(&self, _: &$crate::context::WriteContext<'_, '_>) -> u32 {
                $crate::types::DECIMAL
            }
            fn write_data<'v>(
                &'v self,
                ctx: &mut $crate::context::WriteContext<'_, 'v>,
            ) -> $crate::error::Result<()> {
                let raw: $crate::decimal::RawDecimal<'_> = ($to)(self)?;
                raw.write(ctx.writer())
            }
        }

        impl<'de> $crate::serializer::Deserialize<'de> for $t {
            fn read_data(
                ctx: &mut $crate::context::ReadContext<'_, 'de>,
                info: &$crate::serializer::TypeInfo,
            ) -> $crate::error::Result<Self> {
                let at = ctx.pos();
                if info.type_id != $crate::types::DECIMAL {
                    return Err($crate::impls::mismatch::<$t>(at, info.type_id));
                }
                let raw = $crate::decimal::RawDecimal::read(ctx.reader())?;
                ($from)(raw, at)
            }
        }
    };
}
#[allow(unused_imports)] // used by the feature modules
pub(crate) use via_raw_decimal;

impl From<RawDecimal<'_>> for Decimal {
    fn from(raw: RawDecimal<'_>) -> Decimal {
        Decimal::from_le_bytes(raw.negative, &raw.magnitude, raw.scale)
    }
}

fn decimal_to_raw(d: &Decimal) -> Result<RawDecimal<'_>> {
    Ok(d.raw())
}

fn decimal_from_raw(raw: RawDecimal<'_>, _at: usize) -> Result<Decimal> {
    Ok(Decimal::from(raw))
}

via_raw_decimal!(Decimal, decimal_to_raw, decimal_from_raw);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_and_parse() {
        for (text, shown) in [
            ("0", "0"),
            ("-0", "0"),
            ("-0.00", "0.00"),
            ("1.5", "1.5"),
            ("-1.5", "-1.5"),
            ("0.001", "0.001"),
            ("1e-3", "0.001"),
            ("1E+5", "1E+5"),
            (
                "123456789012345678901234567890.12345",
                "123456789012345678901234567890.12345",
            ),
            (".5", "0.5"),
        ] {
            let d: Decimal = text.parse().unwrap();
            assert_eq!(d.to_string(), shown, "{text}");
        }
        for bad in ["", "-", "1.2.3", "NaN", "Infinity", "1e", "1x"] {
            assert!(bad.parse::<Decimal>().is_err(), "{bad}");
        }
        assert_eq!(Decimal::new(i128::MIN, 0).to_i128(), Some(i128::MIN));
        assert_eq!(Decimal::new(-7, 3), "-0.007".parse().unwrap());
    }
}

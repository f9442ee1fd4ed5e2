//! The little arbitrary-size arithmetic [`Decimal`](super::Decimal) needs to print and parse
//! its unscaled integer: little-endian magnitude bytes to decimal digits and back, over `u32`
//! limbs in base 10^9.

const BASE: u64 = 1_000_000_000;

/// Little-endian `u32` limbs of little-endian bytes.
fn limbs_of(bytes: &[u8]) -> Vec<u32> {
    bytes
        .chunks(4)
        .map(|c| {
            let mut w = [0u8; 4];
            w[..c.len()].copy_from_slice(c);
            u32::from_le_bytes(w)
        })
        .collect()
}

/// The decimal digits of a little-endian magnitude (`"0"` for none).
pub(crate) fn to_decimal_string(magnitude: &[u8]) -> String {
    let mut limbs = limbs_of(magnitude);
    let mut chunks = Vec::new(); // base-10^9 digits, least significant first
    while limbs.last() == Some(&0) {
        limbs.pop();
    }
    while !limbs.is_empty() {
        let mut rem = 0u64;
        for limb in limbs.iter_mut().rev() {
            let cur = (rem << 32) | u64::from(*limb);
            *limb = (cur / BASE) as u32;
            rem = cur % BASE;
        }
        chunks.push(rem as u32);
        while limbs.last() == Some(&0) {
            limbs.pop();
        }
    }
    let Some((top, rest)) = chunks.split_last() else {
        return "0".into();
    };
    let mut s = top.to_string();
    for c in rest.iter().rev() {
        s.push_str(&format!("{c:09}"));
    }
    s
}

/// The minimal little-endian magnitude of a string of ASCII decimal digits.
pub(crate) fn from_decimal_digits(digits: &[u8]) -> Vec<u8> {
    let mut limbs: Vec<u32> = Vec::new();
    let head = digits.len() % 9;
    let chunks = std::iter::once(&digits[..head])
        .filter(|c| !c.is_empty())
        .chain(digits[head..].chunks(9));
    for chunk in chunks {
        let mut scale = 1u64;
        let mut value = 0u64;
        for &d in chunk {
            value = value * 10 + u64::from(d - b'0');
            scale *= 10;
        }
        let mut carry = value;
        for limb in limbs.iter_mut() {
            let cur = u64::from(*limb) * scale + carry;
            *limb = cur as u32;
            carry = cur >> 32;
        }
        if carry != 0 {
            limbs.push(carry as u32);
        }
    }
    let mut bytes: Vec<u8> = limbs.iter().flat_map(|l| l.to_le_bytes()).collect();
    while bytes.last() == Some(&0) {
        bytes.pop();
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for s in [
            "0",
            "1",
            "999999999",
            "1000000000",
            "4294967296",
            "18446744073709551616",
            "123456789012345678901234567890123456789",
        ] {
            let bytes = from_decimal_digits(s.as_bytes());
            assert_ne!(bytes.last().copied().unwrap_or(1), 0);
            assert_eq!(to_decimal_string(&bytes), s);
        }
        assert_eq!(from_decimal_digits(b"256"), [0, 1]);
        assert_eq!(from_decimal_digits(b"0000"), Vec::<u8>::new());
    }
}

//! Shared by the fuzz targets: the configuration byte and the input split.

use fory::Fory;

/// The four configurations, chosen by the low two bits of a byte: bit 0 compatible, bit 1 ref
/// tracking. Built once: a `Fory` is shared by every run, as a server would share it.
#[allow(dead_code)]
pub fn fory(cfg: u8) -> &'static Fory {
    use std::sync::OnceLock;
    static F: OnceLock<[Fory; 4]> = OnceLock::new();
    let all = F.get_or_init(|| {
        [0u8, 1, 2, 3].map(|c| {
            Fory::builder()
                .compatible(c & 1 != 0)
                .ref_tracking(c & 2 != 0)
                .build()
        })
    });
    &all[(cfg & 3) as usize]
}

/// Splits `data` into out-of-band buffers and a payload: `n` (one byte, mod 8), then `n`
/// little-endian u16 lengths, the buffers, and the payload (the rest). Lengths past the end are
/// clipped.
#[allow(dead_code)]
pub fn split(data: &[u8]) -> (Vec<&[u8]>, &[u8]) {
    let Some((&n, mut rest)) = data.split_first() else {
        return (Vec::new(), data);
    };
    let n = (n % 8) as usize;
    let mut lens = Vec::with_capacity(n);
    for _ in 0..n {
        let l = match rest {
            [a, b, tail @ ..] => {
                rest = tail;
                u16::from_le_bytes([*a, *b]) as usize
            }
            _ => 0,
        };
        lens.push(l);
    }
    let mut bufs = Vec::with_capacity(n);
    for l in lens {
        let l = l.min(rest.len());
        let (b, tail) = rest.split_at(l);
        bufs.push(b);
        rest = tail;
    }
    (bufs, rest)
}

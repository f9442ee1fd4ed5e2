//! Writing frames: one vectored write of header, payload, padding and the buffers' own memory.

use std::io::{IoSlice, Write};

use super::layout::{encode_header, ALIGN};
use super::{fault, io_error, FrameFault};
use crate::serializer::Serialize;
use crate::{Fory, Result};

static ZEROS: [u8; ALIGN as usize] = [0; ALIGN as usize];

/// Writes every byte of `slices`, looping over partial writes (the unstable
/// `Write::write_all_vectored`). Retries on `Interrupted`; a writer that accepts nothing is
/// `WriteZero`. The slices are advanced in place.
///
/// ```
/// use std::io::IoSlice;
/// let mut out = Vec::new();
/// let mut slices = [IoSlice::new(b"head"), IoSlice::new(b"er")];
/// fory::frame::write_all_vectored(&mut out, &mut slices)?;
/// assert_eq!(out, b"header");
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write_all_vectored<W: Write + ?Sized>(
    w: &mut W,
    mut slices: &mut [IoSlice<'_>],
) -> std::io::Result<()> {
    IoSlice::advance_slices(&mut slices, 0); // skips leading empty slices
    while !slices.is_empty() {
        match w.write_vectored(slices) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(n) => IoSlice::advance_slices(&mut slices, n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// The header and the list of slices of one frame: header, payload, padding, buffers.
pub(crate) struct Parts<'a> {
    pub header: Vec<u8>,
    pub len: u64,
    payload: &'a [u8],
    buffers: Vec<&'a [u8]>,
}

impl<'a> Parts<'a> {
    pub(crate) fn new<B: AsRef<[u8]>>(payload: &'a [u8], buffers: &'a [B]) -> Result<Self> {
        let buffers: Vec<&[u8]> = buffers.iter().map(AsRef::as_ref).collect();
        let lens: Vec<u64> = buffers.iter().map(|b| b.len() as u64).collect();
        let (header, len) = encode_header(payload.len() as u64, &lens).ok_or_else(|| {
            fault(
                8,
                FrameFault::TooManyBuffers {
                    count: lens.len() as u64,
                    max: u32::MAX.into(),
                },
            )
        })?;
        Ok(Parts {
            header,
            len,
            payload,
            buffers,
        })
    }

    /// The slices to write, in order, borrowing the header and the caller's memory.
    pub(crate) fn slices(&self) -> Vec<IoSlice<'_>> {
        let mut out = Vec::with_capacity(3 + 2 * self.buffers.len());
        out.push(IoSlice::new(&self.header));
        out.push(IoSlice::new(self.payload));
        let mut pos = (self.header.len() + self.payload.len()) as u64;
        for b in &self.buffers {
            out.push(IoSlice::new(pad(&mut pos)));
            out.push(IoSlice::new(b));
            pos += b.len() as u64;
        }
        out.push(IoSlice::new(pad(&mut pos)));
        debug_assert_eq!(pos, self.len);
        out
    }
}

/// The zero bytes that take `pos` to the next multiple of 64 (and moves `pos` there).
fn pad(pos: &mut u64) -> &'static [u8] {
    let n = ((ALIGN - *pos % ALIGN) % ALIGN) as usize;
    *pos += n as u64;
    &ZEROS[..n]
}

/// Writes one frame (`payload` plus `buffers`) with one vectored write, handing the buffers'
/// own memory to the writer (no copy). Returns the frame length.
///
/// ```
/// let fory = fory::Fory::default();
/// let data = vec![1u8; 300];
/// let mut buffers = Vec::new();
/// let payload = fory.serialize_with(&data, |b| buffers.push(b))?;
/// let mut file = Vec::new();
/// let len = fory::frame::write_frame(&mut file, &payload, &buffers)?;
/// assert_eq!(len as usize, file.len());
/// assert_eq!(len % 64, 0);
/// # Ok::<(), fory::Error>(())
/// ```
pub fn write_frame<W: Write + ?Sized, B: AsRef<[u8]>>(
    w: &mut W,
    payload: &[u8],
    buffers: &[B],
) -> Result<u64> {
    let parts = Parts::new(payload, buffers)?;
    let mut slices = parts.slices();
    write_all_vectored(w, &mut slices).map_err(io_error)?;
    Ok(parts.len)
}

impl Fory {
    /// Serializes `value` with every buffer object out-of-band and writes it as one frame
    /// ([`fory::frame`](crate::frame)) with one vectored write: the buffers go from the value's
    /// memory to the writer without a copy. Returns the frame length.
    ///
    /// ```
    /// let fory = fory::Fory::default();
    /// let mut wire = Vec::new();
    /// fory.serialize_to_writer(&vec![7u8; 1000], &mut wire)?;
    /// let (frame, _) = fory::frame::FrameRef::parse_unaligned(&wire)?;
    /// assert_eq!(frame.buffers()[0], &[7u8; 1000][..]);
    /// let back: Vec<u8> = frame.deserialize(&fory)?;
    /// assert_eq!(back, vec![7u8; 1000]);
    /// # Ok::<(), fory::Error>(())
    /// ```
    pub fn serialize_to_writer<T, W>(&self, value: &T, w: &mut W) -> Result<u64>
    where
        T: Serialize + ?Sized,
        W: Write + ?Sized,
    {
        let mut buffers = Vec::new();
        let payload = self.serialize_with(value, |b| buffers.push(b))?;
        write_frame(w, &payload, &buffers)
    }
}

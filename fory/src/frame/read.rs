//! Reading frames: in place from bytes in memory, or from any `Read` into one aligned
//! allocation.

use std::io::Read;
use std::ops::Range;

use bytes::Bytes;

use super::aligned::AlignedBuf;
use super::layout::{parse_fixed, validate, Fixed, ALIGN, HEADER_LEN};
use super::{fault, io_error, shift, FrameFault, FrameLimits};
use crate::serializer::Deserialize;
use crate::{Fory, Result};

/// A frame read in place: views of the payload and buffers inside the caller's bytes (a memory
/// map, a receive buffer). No copy.
#[derive(Debug, Clone)]
pub struct FrameRef<'a> {
    payload: &'a [u8],
    buffers: Vec<&'a [u8]>,
    len: usize,
}

impl<'a> FrameRef<'a> {
    /// Parses and validates the frame at the start of `bytes`; returns it and its length (the
    /// offset of the next frame). `bytes` must start at a 64-byte-aligned address unless
    /// `limits.require_alignment` is off ([`FrameFault::Misaligned`]).
    ///
    /// ```
    /// use fory::frame::{FrameBuf, FrameLimits, FrameRef};
    /// let fory = fory::Fory::default();
    /// let mut wire = Vec::new();
    /// fory.serialize_to_writer(&"hi".to_string(), &mut wire)?;
    /// let owned = FrameBuf::copy_from_slice(&wire, &FrameLimits::default())?; // aligned copy
    /// let (frame, len) = FrameRef::parse(owned.as_bytes(), &FrameLimits::default())?;
    /// assert_eq!(len, wire.len());
    /// assert_eq!(frame.deserialize::<String>(&fory)?, "hi");
    /// # Ok::<(), fory::Error>(())
    /// ```
    pub fn parse(bytes: &'a [u8], limits: &FrameLimits) -> Result<(Self, usize)> {
        let offset = bytes.as_ptr() as usize % ALIGN as usize;
        if limits.require_alignment && offset != 0 {
            return Err(fault(0, FrameFault::Misaligned { offset }));
        }
        let fixed = parse_fixed(fixed_part(bytes)?, limits)?;
        let len = fixed.frame_len as usize; // parse_fixed checked it fits in isize
        if bytes.len() < len {
            return Err(truncated(fixed.frame_len, bytes.len() as u64));
        }
        let frame = &bytes[..len];
        let mut parts = Vec::with_capacity(fixed.count + 1);
        validate(frame, &fixed, |r| parts.push(&frame[r]))?;
        let payload = parts.remove(0);
        Ok((
            FrameRef {
                payload,
                buffers: parts,
                len,
            },
            len,
        ))
    }

    /// [`parse`](Self::parse) with the default limits, accepting any address: for frames whose
    /// buffers are read as bytes, or copied (`Vec<T>`, `Cow` fields).
    pub fn parse_unaligned(bytes: &'a [u8]) -> Result<(Self, usize)> {
        let limits = FrameLimits {
            require_alignment: false,
            ..FrameLimits::default()
        };
        Self::parse(bytes, &limits)
    }

    /// The payload (pass it to [`Fory::deserialize_with_buffers`] with [`buffers`](Self::buffers)).
    pub fn payload(&self) -> &'a [u8] {
        self.payload
    }

    /// The out-of-band buffers, in order.
    pub fn buffers(&self) -> &[&'a [u8]] {
        &self.buffers
    }

    /// The frame's length in bytes (padding included).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Always `false`: a frame holds at least its header.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Deserializes the message; `&[T]`, `&[u8]` and array-view fields borrow from the frame.
    pub fn deserialize<'s, T: Deserialize<'s>>(&'s self, fory: &Fory) -> Result<T> {
        fory.deserialize_with_buffers(self.payload, &self.buffers)
    }
}

fn fixed_part(bytes: &[u8]) -> Result<&[u8; HEADER_LEN]> {
    bytes
        .get(..HEADER_LEN)
        .and_then(|h| h.try_into().ok())
        .ok_or_else(|| truncated(HEADER_LEN as u64, bytes.len() as u64))
}

/// Reading a frame from a stream, shared by the blocking and the async readers: the header
/// (`got` of its bytes were read) is checked, and the frame's aligned allocation made with the
/// header in it, for the caller to read the rest into. `None` at a clean end of input (no byte
/// of a next frame).
pub(crate) fn start_stream_frame(
    head: &[u8; HEADER_LEN],
    got: usize,
    limits: &FrameLimits,
) -> Result<Option<(Fixed, AlignedBuf)>> {
    if got == 0 {
        return Ok(None);
    }
    if got < HEADER_LEN {
        return Err(truncated(HEADER_LEN as u64, got as u64));
    }
    let fixed = parse_fixed(head, limits)?;
    let mut buf = alloc(&fixed)?;
    buf.as_mut_slice()[..HEADER_LEN].copy_from_slice(head);
    Ok(Some((fixed, buf)))
}

/// The end of [`start_stream_frame`]: `got` bytes of the rest were read into `buf`; the frame
/// is checked whole.
pub(crate) fn finish_stream_frame(buf: AlignedBuf, fixed: &Fixed, got: usize) -> Result<FrameBuf> {
    if HEADER_LEN + got < buf.as_slice().len() {
        return Err(truncated(fixed.frame_len, (HEADER_LEN + got) as u64));
    }
    FrameBuf::from_aligned(buf, fixed)
}

fn truncated(needed: u64, available: u64) -> crate::Error {
    fault(available, FrameFault::Truncated { needed, available })
}

/// The frames of a byte range holding frames back to back (a file of frames, memory-mapped),
/// each read in place. After an error the iterator ends.
///
/// ```
/// use fory::frame::{FrameIter, FrameLimits};
/// let fory = fory::Fory::default();
/// let mut file = Vec::new();
/// for i in 0..3u32 {
///     fory.serialize_to_writer(&vec![i as u8; 100 * i as usize], &mut file)?;
/// }
/// // A `Vec` is not 64-byte-aligned; a memory map is (see examples/frame_file.rs).
/// let frames = FrameIter::new(&file, FrameLimits { require_alignment: false, ..Default::default() });
/// let lens: Vec<usize> = frames
///     .map(|f| f.and_then(|f| f.deserialize::<Vec<u8>>(&fory)).map(|v| v.len()))
///     .collect::<Result<_, _>>()?;
/// assert_eq!(lens, [0, 100, 200]);
/// # Ok::<(), fory::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct FrameIter<'a> {
    rest: &'a [u8],
    offset: u64,
    limits: FrameLimits,
    failed: bool,
}

impl<'a> FrameIter<'a> {
    /// Iterates over the frames of `bytes`.
    pub fn new(bytes: &'a [u8], limits: FrameLimits) -> Self {
        FrameIter {
            rest: bytes,
            offset: 0,
            limits,
            failed: false,
        }
    }

    /// Byte offset of the next frame from the start of the input.
    pub fn offset(&self) -> u64 {
        self.offset
    }
}

impl<'a> Iterator for FrameIter<'a> {
    type Item = Result<FrameRef<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.rest.is_empty() {
            return None;
        }
        match FrameRef::parse(self.rest, &self.limits) {
            Ok((frame, len)) => {
                self.rest = &self.rest[len..];
                self.offset += len as u64;
                Some(Ok(frame))
            }
            Err(e) => {
                self.failed = true;
                Some(Err(shift(e, self.offset)))
            }
        }
    }
}

impl std::iter::FusedIterator for FrameIter<'_> {}

/// A frame that owns its bytes: one 64-byte-aligned allocation holding the whole frame, shared
/// by `bytes::Bytes` handles for the payload and each buffer. Deserializing borrows `&[T]`
/// from it (no further copy), and `Bytes` fields share the allocation.
#[derive(Debug, Clone)]
pub struct FrameBuf {
    whole: Bytes,
    payload: Bytes,
    buffers: Vec<Bytes>,
}

impl FrameBuf {
    /// Reads one frame from `r`: the fixed header is checked against `limits`, then the
    /// frame's declared length is allocated once (64-byte-aligned) and filled. `Ok(None)` when
    /// `r` is at its end before the first byte; a stream that ends mid-frame is
    /// [`FrameFault::Truncated`].
    ///
    /// ```
    /// use fory::frame::{FrameBuf, FrameLimits};
    /// let fory = fory::Fory::default();
    /// let mut wire = Vec::new();
    /// fory.serialize_to_writer(&fory::RawBuffer(&[1.5f64, 2.5][..]), &mut wire)?;
    /// let mut input = wire.as_slice();
    /// let frame = FrameBuf::read_from(&mut input, &FrameLimits::default())?.unwrap();
    /// let back: fory::RawBuffer<&[f64]> = frame.deserialize(&fory)?;
    /// assert_eq!(back.0, [1.5, 2.5]);
    /// assert!(FrameBuf::read_from(&mut input, &FrameLimits::default())?.is_none());
    /// # Ok::<(), fory::Error>(())
    /// ```
    pub fn read_from<R: Read + ?Sized>(r: &mut R, limits: &FrameLimits) -> Result<Option<Self>> {
        let mut head = [0u8; HEADER_LEN];
        let got = fill(r, &mut head)?;
        let Some((fixed, mut buf)) = start_stream_frame(&head, got, limits)? else {
            return Ok(None);
        };
        let got = fill(r, &mut buf.as_mut_slice()[HEADER_LEN..])?;
        finish_stream_frame(buf, &fixed, got).map(Some)
    }

    /// Copies the frame at the start of `bytes` (any address) into a new aligned allocation.
    /// This is the one documented copy for in-place input that is not 64-byte-aligned.
    pub fn copy_from_slice(bytes: &[u8], limits: &FrameLimits) -> Result<Self> {
        let fixed = parse_fixed(fixed_part(bytes)?, limits)?;
        let len = fixed.frame_len as usize;
        if bytes.len() < len {
            return Err(truncated(fixed.frame_len, bytes.len() as u64));
        }
        let mut buf = alloc(&fixed)?;
        buf.as_mut_slice().copy_from_slice(&bytes[..len]);
        Self::from_aligned(buf, &fixed)
    }

    pub(crate) fn from_aligned(buf: AlignedBuf, fixed: &Fixed) -> Result<Self> {
        let mut ranges: Vec<Range<usize>> = Vec::with_capacity(fixed.count + 1);
        validate(buf.as_slice(), fixed, |r| ranges.push(r))?;
        let whole = Bytes::from_owner(buf);
        let payload = whole.slice(ranges[0].clone());
        let buffers = ranges[1..].iter().map(|r| whole.slice(r.clone())).collect();
        Ok(FrameBuf {
            whole,
            payload,
            buffers,
        })
    }

    /// The payload.
    pub fn payload(&self) -> &[u8] {
        &self.payload
    }

    /// The out-of-band buffers, in order, as shared handles into the frame's allocation
    /// (each 64-byte-aligned).
    pub fn buffers(&self) -> &[Bytes] {
        &self.buffers
    }

    /// The whole frame (header and padding included), at a 64-byte-aligned address.
    pub fn as_bytes(&self) -> &[u8] {
        &self.whole
    }

    /// The whole frame as a shared handle.
    pub fn to_bytes(&self) -> Bytes {
        self.whole.clone()
    }

    /// Deserializes the message; `&[T]`, `&[u8]` and array-view fields borrow from the frame,
    /// `Bytes` fields share it.
    pub fn deserialize<'s, T: Deserialize<'s>>(&'s self, fory: &Fory) -> Result<T> {
        fory.deserialize_with_buffers(&self.payload, &self.buffers)
    }
}

pub(crate) fn alloc(fixed: &Fixed) -> Result<AlignedBuf> {
    AlignedBuf::zeroed(fixed.frame_len as usize).ok_or_else(|| {
        fault(
            24,
            FrameFault::Alloc {
                len: fixed.frame_len,
            },
        )
    })
}

/// Reads until `buf` is full or the input ends; returns the bytes read.
fn fill<R: Read + ?Sized>(r: &mut R, buf: &mut [u8]) -> Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(io_error(e)),
        }
    }
    Ok(got)
}

/// Frames read one after another from a `Read` (a file, a pipe, a socket), each into its own
/// aligned allocation. Error offsets count from the start of the stream.
///
/// ```
/// use fory::frame::{FrameLimits, FrameReader};
/// let fory = fory::Fory::default();
/// let mut wire = Vec::new();
/// fory.serialize_to_writer(&1u32, &mut wire)?;
/// fory.serialize_to_writer(&2u32, &mut wire)?;
/// let mut reader = FrameReader::new(wire.as_slice(), FrameLimits::default());
/// let mut seen = Vec::new();
/// while let Some(frame) = reader.next_frame()? {
///     seen.push(frame.deserialize::<u32>(&fory)?);
/// }
/// assert_eq!(seen, [1, 2]);
/// # Ok::<(), fory::Error>(())
/// ```
#[derive(Debug)]
pub struct FrameReader<R> {
    inner: R,
    limits: FrameLimits,
    offset: u64,
}

impl<R: Read> FrameReader<R> {
    /// Reads frames from `inner`.
    pub fn new(inner: R, limits: FrameLimits) -> Self {
        FrameReader {
            inner,
            limits,
            offset: 0,
        }
    }

    /// The next frame, or `None` at a clean end of the stream (between frames).
    pub fn next_frame(&mut self) -> Result<Option<FrameBuf>> {
        let frame = FrameBuf::read_from(&mut self.inner, &self.limits)
            .map_err(|e| shift(e, self.offset))?;
        if let Some(f) = &frame {
            self.offset += f.as_bytes().len() as u64;
        }
        Ok(frame)
    }

    /// Byte offset of the next frame from the start of the stream.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// The underlying reader.
    pub fn into_inner(self) -> R {
        self.inner
    }
}

impl<R: Read> Iterator for FrameReader<R> {
    type Item = Result<FrameBuf>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_frame().transpose()
    }
}

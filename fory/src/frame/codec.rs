//! A `tokio_util::codec` for frames (feature `tokio`), so a `Framed<TcpStream, FrameCodec>` is
//! a stream of [`FrameBuf`]s and a sink of messages.

use bytes::{Buf, BufMut, BytesMut};
use tokio_util::codec::{Decoder, Encoder};

use super::layout::{parse_fixed, HEADER_LEN};
use super::read::alloc;
use super::write::Parts;
use super::{fault, shift, FrameBuf, FrameFault, FrameLimits};
use crate::Error;

/// Decodes and encodes frames for `tokio_util::codec::Framed`.
///
/// The decoder checks the fixed header (magic, version, the declared frame length against
/// [`FrameLimits::max_frame_len`], ...) before it reserves room for the frame, like
/// `LengthDelimitedCodec`. A complete frame is copied once from the read buffer into its own
/// 64-byte-aligned allocation (so `&[T]` views of its buffers are aligned); reading with
/// [`read_frame_async`](super::read_frame_async) instead reads straight into that allocation.
/// The encoder copies the message into the write buffer; [`write_frame_async`](super::write_frame_async)
/// writes it vectored without a copy.
///
/// ```
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// use bytes::BytesMut;
/// use fory::frame::{FrameCodec, FrameLimits};
/// use tokio_util::codec::{Decoder, Encoder};
/// let fory = fory::Fory::default();
/// let data = vec![5u8; 1000];
/// let mut oob = Vec::new();
/// let payload = fory.serialize_with(&data, |b| oob.push(b))?;
/// let mut codec = FrameCodec::new(FrameLimits::default());
/// let mut wire = BytesMut::new();
/// codec.encode((&payload[..], &oob[..]), &mut wire)?;
/// let frame = codec.decode(&mut wire)?.unwrap();
/// assert_eq!(frame.deserialize::<Vec<u8>>(&fory)?, data);
/// # Ok::<(), fory::Error>(()) }).unwrap();
/// ```
#[derive(Debug, Clone, Default)]
pub struct FrameCodec {
    limits: FrameLimits,
    offset: u64,
}

impl FrameCodec {
    /// A codec with these limits.
    pub fn new(limits: FrameLimits) -> Self {
        FrameCodec { limits, offset: 0 }
    }

    /// Bytes of the stream decoded so far (the offset of the next frame).
    pub fn offset(&self) -> u64 {
        self.offset
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        super::io_error(e)
    }
}

impl Decoder for FrameCodec {
    type Item = FrameBuf;
    type Error = Error;

    fn decode(&mut self, src: &mut BytesMut) -> Result<Option<FrameBuf>, Error> {
        if src.len() < HEADER_LEN {
            src.reserve(HEADER_LEN - src.len());
            return Ok(None);
        }
        let head: &[u8; HEADER_LEN] = src[..HEADER_LEN].try_into().expect("checked length");
        let fixed = parse_fixed(head, &self.limits).map_err(|e| shift(e, self.offset))?;
        let len = fixed.frame_len as usize;
        if src.len() < len {
            // Checked against the limit above, so this reservation is bounded.
            src.reserve(len - src.len());
            return Ok(None);
        }
        let mut buf = alloc(&fixed).map_err(|e| shift(e, self.offset))?;
        buf.as_mut_slice().copy_from_slice(&src[..len]);
        src.advance(len);
        let frame = FrameBuf::from_aligned(buf, &fixed).map_err(|e| shift(e, self.offset))?;
        self.offset += len as u64;
        Ok(Some(frame))
    }

    fn decode_eof(&mut self, src: &mut BytesMut) -> Result<Option<FrameBuf>, Error> {
        match self.decode(src)? {
            Some(frame) => Ok(Some(frame)),
            None if src.is_empty() => Ok(None),
            None => {
                let needed = if src.len() < HEADER_LEN {
                    HEADER_LEN as u64
                } else {
                    u64::from_le_bytes(src[24..32].try_into().expect("8 bytes"))
                };
                let available = src.len() as u64;
                Err(fault(
                    self.offset + available,
                    FrameFault::Truncated { needed, available },
                ))
            }
        }
    }
}

impl<B: AsRef<[u8]>> Encoder<(&[u8], &[B])> for FrameCodec {
    type Error = Error;

    fn encode(
        &mut self,
        (payload, buffers): (&[u8], &[B]),
        dst: &mut BytesMut,
    ) -> Result<(), Error> {
        let parts = Parts::new(payload, buffers)?;
        dst.reserve(parts.len as usize);
        for s in parts.slices() {
            dst.put_slice(&s);
        }
        Ok(())
    }
}

impl Encoder<&FrameBuf> for FrameCodec {
    type Error = Error;

    fn encode(&mut self, frame: &FrameBuf, dst: &mut BytesMut) -> Result<(), Error> {
        dst.put_slice(frame.as_bytes());
        Ok(())
    }
}

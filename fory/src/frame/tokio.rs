//! Frames over tokio's `AsyncRead` / `AsyncWrite` (feature `tokio`).

use std::io::IoSlice;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use super::layout::HEADER_LEN;
use super::read::{finish_stream_frame, start_stream_frame};
use super::write::Parts;
use super::{io_error, FrameBuf, FrameLimits};
use crate::serializer::Serialize;
use crate::{Fory, Result};

/// Reads one frame from `r` into one 64-byte-aligned allocation, as
/// [`FrameBuf::read_from`] does: the fixed header is checked against `limits` before the
/// allocation. `Ok(None)` at the end of the stream before the first byte.
///
/// ```
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// use fory::frame::{read_frame_async, write_frame_async, FrameLimits};
/// let fory = fory::Fory::default();
/// let (mut a, mut b) = tokio::io::duplex(1 << 16);
/// let data = vec![3u8; 5000];
/// let mut oob = Vec::new();
/// let payload = fory.serialize_with(&data, |x| oob.push(x))?;
/// write_frame_async(&mut a, &payload, &oob).await?;
/// drop(a);
/// let frame = read_frame_async(&mut b, &FrameLimits::default()).await?.unwrap();
/// assert_eq!(frame.deserialize::<&[u8]>(&fory)?, &data[..]);
/// assert!(read_frame_async(&mut b, &FrameLimits::default()).await?.is_none());
/// # Ok::<(), fory::Error>(()) }).unwrap();
/// ```
pub async fn read_frame_async<R>(r: &mut R, limits: &FrameLimits) -> Result<Option<FrameBuf>>
where
    R: AsyncRead + Unpin + ?Sized,
{
    let mut head = [0u8; HEADER_LEN];
    let got = fill(r, &mut head).await?;
    let Some((fixed, mut buf)) = start_stream_frame(&head, got, limits)? else {
        return Ok(None);
    };
    let got = fill(r, &mut buf.as_mut_slice()[HEADER_LEN..]).await?;
    finish_stream_frame(buf, &fixed, got).map(Some)
}

async fn fill<R: AsyncRead + Unpin + ?Sized>(r: &mut R, buf: &mut [u8]) -> Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]).await {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(io_error(e)),
        }
    }
    Ok(got)
}

/// Writes one frame with vectored writes (partial writes continued), handing the buffers'
/// own memory to the writer without a copy. Returns the frame length.
pub async fn write_frame_async<W, B>(w: &mut W, payload: &[u8], buffers: &[B]) -> Result<u64>
where
    W: AsyncWrite + Unpin + ?Sized,
    B: AsRef<[u8]>,
{
    let parts = Parts::new(payload, buffers)?;
    let mut slices = parts.slices();
    write_all_vectored_async(w, &mut slices)
        .await
        .map_err(io_error)?;
    Ok(parts.len)
}

/// `write_all` for a list of slices over an `AsyncWrite`, advancing past partial writes.
pub async fn write_all_vectored_async<W: AsyncWrite + Unpin + ?Sized>(
    w: &mut W,
    mut slices: &mut [IoSlice<'_>],
) -> std::io::Result<()> {
    IoSlice::advance_slices(&mut slices, 0);
    while !slices.is_empty() {
        match w.write_vectored(slices).await {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(n) => IoSlice::advance_slices(&mut slices, n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

impl Fory {
    /// [`serialize_to_writer`](Fory::serialize_to_writer) over an `AsyncWrite` (feature
    /// `tokio`): every buffer out-of-band, one frame, vectored writes, no copy of the buffers.
    ///
    /// ```
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let fory = fory::Fory::default();
    /// let mut out = Vec::new();
    /// let n = fory.serialize_to_async_writer(&vec![1u8; 100], &mut out).await?;
    /// assert_eq!(n as usize, out.len());
    /// # Ok::<(), fory::Error>(()) }).unwrap();
    /// ```
    pub async fn serialize_to_async_writer<T, W>(&self, value: &T, w: &mut W) -> Result<u64>
    where
        T: Serialize + ?Sized,
        W: AsyncWrite + Unpin + ?Sized,
    {
        let mut buffers = Vec::new();
        let payload = self.serialize_with(value, |b| buffers.push(b))?;
        write_frame_async(w, &payload, &buffers).await
    }
}

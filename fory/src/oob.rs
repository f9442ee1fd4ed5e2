//! Out-of-band buffers: the pickle-protocol-5 style split of a message into a small payload and
//! large buffers that travel separately.
//!
//! When a buffer callback is given, every buffer-capable value (BINARY, and fields marked
//! `#[fory(out_of_band)]`) is offered to it as a [`BufferObject`] in write order. The callback
//! decides its [`Placement`]. On the wire an out-of-band buffer leaves a single `0x00` byte in the
//! payload; the reader takes the next buffer from the list it was given.

use std::io::{self, IoSlice, Write};

/// A view of a buffer the serializer met, borrowed from the value being serialized.
///
/// It is never a copy: [`as_slice`](BufferObject::as_slice) points into the value's own memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BufferObject<'a> {
    data: &'a [u8],
}

impl<'a> BufferObject<'a> {
    /// Wraps a byte view.
    #[inline]
    pub fn new(data: &'a [u8]) -> Self {
        BufferObject { data }
    }
    /// Length in bytes.
    #[inline]
    pub fn len(&self) -> usize {
        self.data.len()
    }
    /// Whether the buffer is empty.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
    /// The bytes, borrowed from the serialized value (pyfory's `getbuffer()`).
    #[inline]
    pub fn as_slice(&self) -> &'a [u8] {
        self.data
    }
    /// Writes the bytes to any writer (pyfory's `write_to`).
    pub fn write_to<W: Write + ?Sized>(&self, w: &mut W) -> io::Result<()> {
        w.write_all(self.data)
    }
    /// The bytes as an [`IoSlice`] for vectored writes.
    #[inline]
    pub fn io_slice(&self) -> IoSlice<'a> {
        IoSlice::new(self.data)
    }
}

impl AsRef<[u8]> for BufferObject<'_> {
    fn as_ref(&self) -> &[u8] {
        self.data
    }
}

/// Where a buffer goes: inside the payload, or out-of-band.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// Copy the bytes into the payload.
    InBand,
    /// Leave a marker in the payload; the caller ships the buffer separately.
    OutOfBand,
}

/// What a buffer callback may return.
///
/// * `()`: out-of-band, so `|b| buffers.push(b)` takes every buffer out (the seed idiom).
/// * `bool`: `true` keeps the buffer in-band, as pyfory's truthy return does.
/// * [`Placement`]: says it explicitly.
pub trait IntoPlacement {
    /// The placement this return value means.
    fn into_placement(self) -> Placement;
}

impl IntoPlacement for () {
    #[inline]
    fn into_placement(self) -> Placement {
        Placement::OutOfBand
    }
}

impl IntoPlacement for bool {
    #[inline]
    fn into_placement(self) -> Placement {
        if self {
            Placement::InBand
        } else {
            Placement::OutOfBand
        }
    }
}

impl IntoPlacement for Placement {
    #[inline]
    fn into_placement(self) -> Placement {
        self
    }
}

/// One out-of-band buffer handed to the reader.
#[derive(Clone, Debug)]
pub struct BufferRef<'de> {
    /// The bytes.
    pub bytes: &'de [u8],
    /// The same bytes as a shared owned handle, when the caller supplied `bytes::Bytes`:
    /// `Bytes` fields clone this handle instead of copying.
    pub shared: Option<bytes::Bytes>,
}

/// Something that can serve as one out-of-band buffer: `&[u8]`, `Vec<u8>`, `Box<[u8]>`,
/// `bytes::Bytes` (shared, owned zero-copy) or a [`BufferObject`].
pub trait AsBuffer {
    /// A view of the bytes (plus the shared handle, for `Bytes`).
    fn as_buffer(&self) -> BufferRef<'_>;
}

impl AsBuffer for &[u8] {
    fn as_buffer(&self) -> BufferRef<'_> {
        BufferRef {
            bytes: self,
            shared: None,
        }
    }
}

impl AsBuffer for Vec<u8> {
    fn as_buffer(&self) -> BufferRef<'_> {
        BufferRef {
            bytes: self,
            shared: None,
        }
    }
}

impl AsBuffer for Box<[u8]> {
    fn as_buffer(&self) -> BufferRef<'_> {
        BufferRef {
            bytes: self,
            shared: None,
        }
    }
}

impl AsBuffer for bytes::Bytes {
    fn as_buffer(&self) -> BufferRef<'_> {
        BufferRef {
            bytes: self,
            shared: Some(self.clone()),
        }
    }
}

impl AsBuffer for BufferObject<'_> {
    fn as_buffer(&self) -> BufferRef<'_> {
        BufferRef {
            bytes: self.data,
            shared: None,
        }
    }
}

/// The buffer list as the reader sees it (object-safe, so the reader is not generic over it).
pub(crate) trait Buffers<'de> {
    fn count(&self) -> usize;
    fn get(&self, i: usize) -> Option<BufferRef<'de>>;
}

impl<'de, B: AsBuffer> Buffers<'de> for &'de [B] {
    fn count(&self) -> usize {
        self.len()
    }
    fn get(&self, i: usize) -> Option<BufferRef<'de>> {
        let list: &'de [B] = self;
        list.get(i).map(AsBuffer::as_buffer)
    }
}

/// A raw buffer: always written as a buffer object (BINARY), like Python's
/// `pickle.PickleBuffer`. It lets a Pod slice travel out-of-band at the root of a message or
/// inside a container, where a plain `Vec<f64>` would be a dense in-band array.
///
/// On the wire it is BINARY, so pyfory reads it as `bytes`.
///
/// ```
/// use fory::{Fory, RawBuffer};
/// let fory = Fory::default();
/// let samples: Vec<f64> = (0..1000).map(f64::from).collect();
/// let wrapped = RawBuffer(&samples[..]);
/// let mut oob = Vec::new();
/// let payload = fory.serialize_with(&wrapped, |b| oob.push(b))?;
/// assert!(std::ptr::eq(oob[0].as_slice().as_ptr(), samples.as_ptr().cast()));
/// assert_eq!(oob[0].len(), 8000);
/// let back: RawBuffer<Vec<f64>> = fory.deserialize_with_buffers(&payload, &oob)?;
/// assert_eq!(back.0, samples);
/// # Ok::<(), fory::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawBuffer<T>(pub T);

impl<T> crate::serializer::Serialize for RawBuffer<T>
where
    T: crate::serializer::Serialize + crate::structs::OutOfBandField,
{
    fn field_type() -> crate::type_def::FieldType {
        crate::impls::leaf(crate::types::BINARY)
    }
    fn type_id(&self, _: &crate::context::WriteContext<'_, '_>) -> u32 {
        crate::types::BINARY
    }
    fn write_data<'v>(
        &'v self,
        ctx: &mut crate::context::WriteContext<'_, 'v>,
    ) -> crate::Result<()> {
        self.0
            .write_data_as(ctx, &crate::impls::leaf(crate::types::BINARY))
    }
}

impl<'de, T> crate::serializer::Deserialize<'de> for RawBuffer<T>
where
    T: crate::serializer::Deserialize<'de> + crate::structs::OutOfBandField,
{
    fn read_data(
        ctx: &mut crate::context::ReadContext<'_, 'de>,
        info: &crate::serializer::TypeInfo,
    ) -> crate::Result<Self> {
        T::read_data(ctx, info).map(RawBuffer)
    }
}

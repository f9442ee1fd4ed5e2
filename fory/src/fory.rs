//! The entry point: configuration, registration, and the serialize / deserialize calls.

use std::sync::atomic::{AtomicU32, Ordering};

use crate::buffer::Writer;
pub use crate::config::Config;
use crate::context::{ReadContext, WriteContext};
use crate::error::{Error, Result};
use crate::oob::{AsBuffer, BufferObject, Buffers, IntoPlacement};
use crate::registry::Registered;
use crate::resolver::Resolver;
use crate::serializer::{Deserialize, Serialize};

const HEADER_XLANG: u8 = 0x01;
const HEADER_OOB: u8 = 0x02;

/// Builds a [`Fory`].
///
/// ```
/// let fory = fory::Fory::builder().compatible(false).ref_tracking(true).build();
/// assert!(!fory.config().compatible);
/// ```
#[derive(Debug, Clone, Default)]
pub struct ForyBuilder {
    config: Config,
}

impl ForyBuilder {
    /// Compatible mode (default `true`).
    pub fn compatible(mut self, on: bool) -> Self {
        self.config.compatible = on;
        self
    }
    /// Reference tracking (default `false`).
    pub fn ref_tracking(mut self, on: bool) -> Self {
        self.config.track_ref = on;
        self
    }
    /// Maximum nesting depth when reading and writing (default 128).
    pub fn max_depth(mut self, depth: u32) -> Self {
        self.config.max_depth = depth;
        self
    }
    /// Maximum list elements per message that take no bytes on the wire (default 8192; see
    /// [`Config::max_unbacked_items`]).
    pub fn max_unbacked_items(mut self, n: usize) -> Self {
        self.config.max_unbacked_items = n;
        self
    }
    /// Accept out-of-band buffers that the message did not use (default: error).
    pub fn allow_unused_buffers(mut self, on: bool) -> Self {
        self.config.allow_unused_buffers = on;
        self
    }
    /// Finishes the builder.
    pub fn build(self) -> Fory {
        // Distinct per instance, for the per-type slot hints (`Registered::entry_hint`).
        // Never reused: once 2^32 - 1 instances have been built, later ones get 0, which
        // turns the hints off for them.
        static NEXT_ID: AtomicU32 = AtomicU32::new(1);
        let id = NEXT_ID
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_add(1))
            .unwrap_or(0);
        Fory {
            resolver: Resolver::new(id, self.config),
        }
    }
}

/// A configured serializer with its registered types.
///
/// Register every user type before use; after that a `Fory` is immutable for callers, `Send`
/// and `Sync`, and may serve many threads at once.
///
/// ```
/// use fory::{Fory, ForySerialize, ForyDeserialize};
///
/// #[derive(ForySerialize, ForyDeserialize, Debug, PartialEq)]
/// #[fory(name = "demo.Point")]
/// struct Point { x: i32, y: f64 }
///
/// let mut fory = Fory::builder().build();
/// fory.register::<Point>()?;
/// let bytes = fory.serialize(&Point { x: 1, y: 2.5 })?;
/// let back: Point = fory.deserialize(&bytes)?;
/// assert_eq!(back, Point { x: 1, y: 2.5 });
/// # Ok::<(), fory::Error>(())
/// ```
pub struct Fory {
    /// The registered types and the caches the contexts consult; the contexts hold it, not
    /// the `Fory`.
    resolver: Resolver,
}

impl Default for Fory {
    fn default() -> Self {
        Fory::builder().build()
    }
}

impl std::fmt::Debug for Fory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fory")
            .field("config", self.resolver.config())
            .field("registered", &self.resolver.registry().types.len())
            .finish()
    }
}

impl Fory {
    /// Starts a builder with the default settings (compatible, no ref tracking).
    pub fn builder() -> ForyBuilder {
        ForyBuilder::default()
    }

    /// The settings.
    pub fn config(&self) -> &Config {
        self.resolver.config()
    }

    /// What the contexts consult: the settings, the registered types and the caches.
    #[cfg(test)]
    pub(crate) fn resolver(&self) -> &Resolver {
        &self.resolver
    }

    /// Registers a derived struct or enum under the id or name its `#[fory(...)]` attribute
    /// gives. Registering twice, or two types under one id or name, is an error.
    pub fn register<T: Registered>(&mut self) -> Result<()> {
        let compatible = self.resolver.config().compatible;
        self.resolver
            .registry_mut()
            .register(T::type_key(), T::descriptor(), compatible)
            .map(|_| ())
    }

    /// Whether `T`'s derived straight-line field code is in use (the derive's predicted field
    /// order matched the registry's). For tests of the derive; not a stable API.
    #[doc(hidden)]
    pub fn __uses_straight_line<T: Registered>(&self) -> bool {
        self.resolver
            .registry()
            .get(&T::type_key())
            .is_some_and(|e| e.static_ok)
    }

    /// Serializes `value` into a new vector.
    pub fn serialize<T: Serialize + ?Sized>(&self, value: &T) -> Result<Vec<u8>> {
        let mut buf = Vec::new();
        self.serialize_into(value, &mut buf)?;
        Ok(buf)
    }

    /// Serializes `value` into `buf`, replacing its contents. Reusing one buffer across calls
    /// avoids allocation once it has grown to the message size.
    pub fn serialize_into<T: Serialize + ?Sized>(
        &self,
        value: &T,
        buf: &mut Vec<u8>,
    ) -> Result<()> {
        if T::SMALL_ROOT {
            let mut ctx = self.open_write_outlined(buf);
            return write_root(value, &mut ctx);
        }
        let mut ctx = WriteContext::new(Writer::replacing(buf), &self.resolver, None);
        ctx.writer().u8(HEADER_XLANG);
        write_root(value, &mut ctx)
    }

    /// The context of a message written into `buf`, after its header, compiled once for the
    /// [`Serialize::SMALL_ROOT`] types (the others open it in line: returned, it costs them
    /// 51 instructions a message).
    #[inline(never)]
    fn open_write_outlined<'a, 'v>(&'a self, buf: &'a mut Vec<u8>) -> WriteContext<'a, 'v> {
        let mut ctx = WriteContext::new(Writer::replacing(buf), &self.resolver, None);
        ctx.writer().u8(HEADER_XLANG);
        ctx
    }

    /// Serializes `value`, offering every buffer object to `callback` in write order.
    ///
    /// The callback returns `()` (out-of-band), a `bool` (`true` keeps it in-band, as in
    /// pyfory) or a [`Placement`](crate::Placement). Buffer objects borrow from `value`.
    ///
    /// ```
    /// let fory = fory::Fory::default();
    /// let data = vec![7u8; 1000];
    /// let mut oob = Vec::new();
    /// let payload = fory.serialize_with(&data, |b| oob.push(b))?;
    /// assert_eq!(oob.len(), 1);
    /// assert!(std::ptr::eq(oob[0].as_slice(), data.as_slice()));
    /// let back: Vec<u8> = fory.deserialize_with_buffers(&payload, &oob)?;
    /// assert_eq!(back, data);
    /// # Ok::<(), fory::Error>(())
    /// ```
    pub fn serialize_with<'v, T, F, P>(&self, value: &'v T, mut callback: F) -> Result<Vec<u8>>
    where
        T: Serialize + ?Sized,
        F: FnMut(BufferObject<'v>) -> P,
        P: IntoPlacement,
    {
        let mut buf = Vec::new();
        let mut cb = |b: BufferObject<'v>| callback(b).into_placement();
        {
            let mut ctx = WriteContext::new(Writer::new(&mut buf), &self.resolver, Some(&mut cb));
            ctx.writer().u8(HEADER_XLANG | HEADER_OOB);
            write_root(value, &mut ctx)?;
        }
        Ok(buf)
    }

    /// Deserializes a message written without out-of-band buffers.
    pub fn deserialize<'de, T: Deserialize<'de>>(&self, bytes: &'de [u8]) -> Result<T> {
        self.read_message(bytes, None)
    }

    /// Deserializes a message written with a buffer callback, given its out-of-band buffers in
    /// callback order. Fields typed `&'de [u8]`, `&'de [T]` or `Cow<'de, [T]>` borrow from the
    /// buffers; `bytes::Bytes` fields share `Bytes` buffers without copying.
    pub fn deserialize_with_buffers<'de, T, B>(
        &self,
        bytes: &'de [u8],
        buffers: &'de [B],
    ) -> Result<T>
    where
        T: Deserialize<'de>,
        B: AsBuffer,
    {
        self.read_message(bytes, Some(&buffers as &dyn Buffers<'de>))
    }

    fn read_message<'de, T: Deserialize<'de>>(
        &self,
        bytes: &'de [u8],
        buffers: Option<&dyn Buffers<'de>>,
    ) -> Result<T> {
        let mut ctx = ReadContext::new(bytes, &self.resolver, buffers);
        let flag = if T::SMALL_ROOT {
            read_header_outlined(&mut ctx, buffers.is_some())?
        } else {
            read_header(&mut ctx, buffers.is_some())?
        };
        // The result is returned as it is (not unwrapped and rebuilt): the value is then read
        // straight into the caller's slot.
        let value = T::read_after_flag(&mut ctx, flag, None);
        if value.is_ok() && buffers.is_some() {
            check_buffers_used(&ctx, self.config().allow_unused_buffers)?;
        }
        value
    }
}

/// Reads and checks the header bitmap against whether buffers were given, then the root's
/// ref flag. Not generic; inlined, as the root path of every message (out of line it cost 20
/// instructions a message).
#[inline]
fn read_header(ctx: &mut ReadContext<'_, '_>, have_buffers: bool) -> Result<crate::RefFlag> {
    let header = ctx.reader().u8()?;
    if header & !(HEADER_XLANG | HEADER_OOB) != 0 {
        return Err(Error::UnknownHeaderBits {
            bits: header & !(HEADER_XLANG | HEADER_OOB),
        });
    }
    if header & HEADER_XLANG == 0 {
        return Err(Error::XlangMismatch { found: false });
    }
    match (header & HEADER_OOB != 0, have_buffers) {
        (true, false) => {
            return Err(Error::OutOfBand(
                "message was written with out-of-band buffers, but none were given".into(),
            ))
        }
        (false, true) => {
            return Err(Error::OutOfBand(
                "buffers were given, but the message has no out-of-band buffers".into(),
            ))
        }
        _ => {}
    }
    ctx.read_ref_flag()
}

/// [`read_header`], compiled once, for [`Deserialize::SMALL_ROOT`] types.
#[inline(never)]
fn read_header_outlined(
    ctx: &mut ReadContext<'_, '_>,
    have_buffers: bool,
) -> Result<crate::RefFlag> {
    read_header(ctx, have_buffers)
}

/// Surplus out-of-band buffers are an error unless the configuration allows them.
#[inline(never)]
fn check_buffers_used(ctx: &ReadContext<'_, '_>, allow_unused: bool) -> Result<()> {
    let (used, given) = ctx.buffers_used();
    if used < given && !allow_unused {
        return Err(Error::OutOfBand(
            format!("{given} buffers were given, but the message used only {used}").into(),
        ));
    }
    Ok(())
}

fn write_root<'v, T: Serialize + ?Sized>(
    value: &'v T,
    ctx: &mut WriteContext<'_, 'v>,
) -> Result<()> {
    // pyfory tracks every root value, scalars included.
    let track = ctx.track_ref();
    if value.write_ref_flag(ctx, track)? {
        value.write_typed(ctx)?;
    }
    Ok(())
}

//! The entry point: configuration, registration, and the serialize / deserialize calls.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, RwLock};

use rustc_hash::FxHashMap;

use crate::buffer::{Reader, Writer};
use crate::context::DefRef;
use crate::context::{ReadContext, WriteContext};
use crate::error::{Error, Result};
use crate::oob::{AsBuffer, BufferObject, Buffers, IntoPlacement};
use crate::registry::{ReadPlan, Registered, Registry, TypeEntry};
use crate::serializer::{Deserialize, Serialize};
use crate::type_def::TypeDef;

/// (local type index, remote TypeDef address) -> (the TypeDef, kept alive, and the plan).
type PlanCache = FxHashMap<(usize, usize), (Arc<TypeDef>, Arc<ReadPlan>)>;

/// TypeDef address -> (the TypeDef, kept alive, and its encoded bytes).
type EncodedDefs = FxHashMap<usize, (Arc<TypeDef>, Arc<[u8]>)>;

const HEADER_XLANG: u8 = 0x01;
const HEADER_OOB: u8 = 0x02;

/// Limits on cached remote schemas, so that a stream of distinct TypeDefs cannot grow memory
/// without bound: past this many, TypeDefs are parsed per message instead of cached.
const MAX_CACHED_TYPE_DEFS: usize = 4096;

/// Settings of a [`Fory`] instance.
#[derive(Debug, Clone)]
pub struct Config {
    /// Compatible (schema-evolution) mode: structs carry a shared TypeDef. Default `true`, as in
    /// pyfory.
    pub compatible: bool,
    /// Reference tracking: shared `Rc`/`Arc` values are written once. Default `false`.
    pub track_ref: bool,
    /// Deepest nesting accepted when reading, and written when writing (what one side
    /// refuses, the other does too). Default 128.
    pub max_depth: u32,
    /// Container elements per message that take no bytes on the wire (field-less structs in
    /// compatible mode), which the reader cannot bound by the input's length. Reading refuses
    /// a message with more, and writing refuses to write one. Default 8192.
    pub max_unbacked_items: usize,
    /// Whether `deserialize_with_buffers` accepts buffers that the message did not use.
    /// Default `false`: surplus buffers are an error.
    pub allow_unused_buffers: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            compatible: true,
            track_ref: false,
            max_depth: 128,
            max_unbacked_items: 8192,
            allow_unused_buffers: false,
        }
    }
}

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
            id,
            config: self.config,
            registry: Registry::default(),
            type_defs: RwLock::new(FxHashMap::default()),
            plans: RwLock::new(FxHashMap::default()),
            encoded_defs: RwLock::new(FxHashMap::default()),
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
    id: u32,
    config: Config,
    registry: Registry,
    type_defs: RwLock<FxHashMap<Box<[u8]>, Arc<TypeDef>>>,
    /// Read plans per (local type, remote TypeDef). The TypeDef is kept alive beside its plan
    /// so that its address, part of the key, cannot be reused while the entry exists.
    plans: RwLock<PlanCache>,
    /// Encoded TypeDefs of `Value` structs, by the address of their (cached) TypeDef, kept
    /// alive beside the bytes, so re-serializing a `Value` does not encode its TypeDef again.
    encoded_defs: RwLock<EncodedDefs>,
}

impl Default for Fory {
    fn default() -> Self {
        Fory::builder().build()
    }
}

impl std::fmt::Debug for Fory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fory")
            .field("config", &self.config)
            .field("registered", &self.registry.types.len())
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
        &self.config
    }

    /// Registers a derived struct or enum under the id or name its `#[fory(...)]` attribute
    /// gives. Registering twice, or two types under one id or name, is an error.
    pub fn register<T: Registered>(&mut self) -> Result<()> {
        self.registry
            .register(T::type_key(), T::descriptor(), self.config.compatible)
            .map(|_| ())
    }

    /// Whether `T`'s derived straight-line field code is in use (the derive's predicted field
    /// order matched the registry's). For tests of the derive; not a stable API.
    #[doc(hidden)]
    pub fn __uses_straight_line<T: Registered>(&self) -> bool {
        self.registry
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
        let mut ctx = WriteContext::new(Writer::replacing(buf), self, None);
        ctx.writer().u8(HEADER_XLANG);
        write_root(value, &mut ctx)
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
            let mut ctx = WriteContext::new(Writer::new(&mut buf), self, Some(&mut cb));
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
        let mut ctx = ReadContext::new(bytes, self, buffers);
        let header = ctx.reader().u8()?;
        if header & !(HEADER_XLANG | HEADER_OOB) != 0 {
            return Err(Error::UnknownHeaderBits {
                bits: header & !(HEADER_XLANG | HEADER_OOB),
            });
        }
        if header & HEADER_XLANG == 0 {
            return Err(Error::XlangMismatch { found: false });
        }
        match (header & HEADER_OOB != 0, buffers.is_some()) {
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
        let flag = ctx.read_ref_flag()?;
        // The result is returned as it is (not unwrapped and rebuilt): the value is then read
        // straight into the caller's slot.
        let value = T::read_after_flag(&mut ctx, flag, None);
        let (used, given) = ctx.buffers_used();
        if value.is_ok() && used < given && !self.config.allow_unused_buffers {
            return Err(Error::OutOfBand(
                format!("{given} buffers were given, but the message used only {used}").into(),
            ));
        }
        value
    }

    #[inline]
    pub(crate) fn entry(
        &self,
        key: &std::any::TypeId,
        rust_name: &'static str,
    ) -> Result<&TypeEntry> {
        self.registry
            .get(key)
            .ok_or_else(|| Error::UnregisteredType {
                name: rust_name.to_string(),
            })
    }

    /// `T`'s registry entry: from the slot `T`'s hint names when the hint is this instance's
    /// and the slot holds `T`, else by hash lookup (which refreshes the hint).
    #[inline(always)]
    pub(crate) fn entry_of<T: Registered + ?Sized>(&self) -> Result<&TypeEntry> {
        let hint = T::entry_hint().load(Ordering::Relaxed);
        if (hint >> 32) as u32 == self.id && self.id != 0 {
            if let Some(e) = self.registry.types.get(hint as u32 as usize) {
                // An exclusive hint was written by `T` for this instance (ids are never
                // reused), and slots never change type: the check is needed only for hints
                // that types share.
                if T::EXCLUSIVE_HINT || e.key == T::type_key() {
                    return Ok(e);
                }
            }
        }
        self.entry_of_slow::<T>()
    }

    #[cold]
    #[inline(never)]
    fn entry_of_slow<T: Registered + ?Sized>(&self) -> Result<&TypeEntry> {
        let e = self.entry(&T::type_key(), std::any::type_name::<T>())?;
        T::entry_hint().store(
            (u64::from(self.id) << 32) | e.index as u64,
            Ordering::Relaxed,
        );
        Ok(e)
    }

    pub(crate) fn registry(&self) -> &Registry {
        &self.registry
    }

    /// Reads a TypeDef, sharing the parsed form across messages: a TypeDef seen before costs a
    /// length peek and a hash lookup of its raw bytes, not a parse.
    pub(crate) fn cached_type_def(&self, r: &mut Reader<'_>) -> Result<DefRef> {
        let len = type_def_extent(r)?;
        let mut probe = r.clone();
        let raw = r.take(len)?;
        // A registered type's own TypeDef: no lock, no reference count.
        if let Some(i) = self.registry.local_type_def(raw) {
            return Ok(DefRef::Local(i));
        }
        if let Some(d) = self.type_defs.read().expect("poisoned").get(raw) {
            return Ok(DefRef::Remote(d.clone()));
        }
        let def = Arc::new(TypeDef::decode(&mut probe)?);
        let mut cache = self.type_defs.write().expect("poisoned");
        if cache.len() < MAX_CACHED_TYPE_DEFS {
            cache.insert(raw.into(), def.clone());
        }
        Ok(DefRef::Remote(def))
    }

    /// The encoded bytes of a TypeDef held by a `Value`.
    pub(crate) fn encoded_type_def(&self, def: &Arc<TypeDef>) -> Result<Arc<[u8]>> {
        let key = Arc::as_ptr(def) as usize;
        if let Some((_, bytes)) = self.encoded_defs.read().expect("poisoned").get(&key) {
            return Ok(bytes.clone());
        }
        let bytes: Arc<[u8]> = def.encode()?.into();
        let mut cache = self.encoded_defs.write().expect("poisoned");
        if cache.len() < MAX_CACHED_TYPE_DEFS {
            cache.insert(key, (def.clone(), bytes.clone()));
        }
        Ok(bytes)
    }

    /// The read plan for local type `entry` against a remote TypeDef.
    pub(crate) fn plan_for(&self, entry: &TypeEntry, def: &Arc<TypeDef>) -> Arc<ReadPlan> {
        let key = (entry.index, Arc::as_ptr(def) as usize);
        if let Some((_, p)) = self.plans.read().expect("poisoned").get(&key) {
            return p.clone();
        }
        let plan = Arc::new(crate::structs::build_plan(entry, def));
        let mut plans = self.plans.write().expect("poisoned");
        if plans.len() < MAX_CACHED_TYPE_DEFS {
            plans.insert(key, (def.clone(), plan.clone()));
        }
        plan
    }
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

/// The encoded length of the TypeDef at the reader's position (8-byte header, optional size
/// extension, body), read without decoding it. The body is validated on a cache miss only.
fn type_def_extent(r: &Reader<'_>) -> Result<usize> {
    let mut peek = r.clone();
    let start = peek.pos();
    let header = peek.u64()?;
    let mut size = (header & 0xFF) as usize;
    if size == 0xFF {
        size += peek.varuint32()? as usize;
    }
    let total = (peek.pos() - start).saturating_add(size);
    if total > r.remaining() {
        return Err(Error::LengthOverflow {
            at: start,
            len: total as u64,
            remaining: r.remaining(),
        });
    }
    Ok(total)
}

//! What the write and read contexts consult on every message, owned by a [`Fory`](crate::Fory):
//! the settings, the registered types (with the per-type slot hints that find an entry without
//! hashing), and the caches of remote TypeDefs, their read plans and the encoded TypeDefs of
//! `Value` structs. The contexts hold a `&Resolver`, not the `Fory`, so that the per-message
//! layer depends on this module and the registry only.

use std::sync::atomic::Ordering;
use std::sync::{Arc, RwLock};

use rustc_hash::FxHashMap;

use crate::buffer::Reader;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::registry::{ReadPlan, Registered, Registry, TypeEntry};
use crate::type_def::TypeDef;

/// A registered type as the registry's lookups need it, without its type parameter: what the
/// type-erased paths of `small_code` structs pass instead of being generic.
#[derive(Clone, Copy)]
pub(crate) struct TypeRef {
    pub key: std::any::TypeId,
    pub rust_name: &'static str,
    pub hint: &'static std::sync::atomic::AtomicU64,
    pub exclusive: bool,
}

impl TypeRef {
    #[inline(always)]
    pub(crate) fn of<T: Registered + ?Sized>() -> Self {
        TypeRef {
            key: T::type_key(),
            rust_name: std::any::type_name::<T>(),
            hint: T::entry_hint(),
            exclusive: T::EXCLUSIVE_HINT,
        }
    }
}

/// (local type index, remote TypeDef address) -> (the TypeDef, kept alive, and the plan).
type PlanCache = FxHashMap<(usize, usize), (Arc<TypeDef>, Arc<ReadPlan>)>;

/// TypeDef address -> (the TypeDef, kept alive, and its encoded bytes).
type EncodedDefs = FxHashMap<usize, (Arc<TypeDef>, Arc<[u8]>)>;

/// Limits on cached remote schemas, so that a stream of distinct TypeDefs cannot grow memory
/// without bound: past this many, TypeDefs are parsed per message instead of cached.
const MAX_CACHED_TYPE_DEFS: usize = 4096;

/// A TypeDef read from a message: a registered type's (by registry slot, so that holding it
/// costs no reference counting) or another one (shared and cached by the resolver).
#[derive(Clone)]
pub(crate) enum DefRef {
    Local(usize),
    Remote(Arc<TypeDef>),
}

pub(crate) struct Resolver {
    /// Distinct per `Fory` instance, for the per-type slot hints (`Registered::entry_hint`).
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

impl Resolver {
    pub(crate) fn new(id: u32, config: Config) -> Self {
        Resolver {
            id,
            config,
            registry: Registry::default(),
            type_defs: RwLock::new(FxHashMap::default()),
            plans: RwLock::new(FxHashMap::default()),
            encoded_defs: RwLock::new(FxHashMap::default()),
        }
    }

    #[inline]
    pub(crate) fn config(&self) -> &Config {
        &self.config
    }

    pub(crate) fn registry_mut(&mut self) -> &mut Registry {
        &mut self.registry
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
        self.entry_by_key(T::type_key(), std::any::type_name::<T>(), T::entry_hint())
    }

    /// [`entry_of`](Self::entry_of) for a type known by its [`TypeRef`] (the type-erased
    /// paths). Not shared with `entry_of` through a helper: that cost the generic path up to
    /// 6 instructions a struct in callgrind.
    #[inline(always)]
    pub(crate) fn entry_of_ref(&self, t: &TypeRef) -> Result<&TypeEntry> {
        let hint = t.hint.load(Ordering::Relaxed);
        let slot = hint as u32 as usize;
        match self.registry.types.get(slot) {
            Some(e)
                if (hint >> 32) as u32 == self.id
                    && self.id != 0
                    && (t.exclusive || e.key == t.key) =>
            {
                Ok(e)
            }
            _ => self.entry_by_key(t.key, t.rust_name, t.hint),
        }
    }

    /// The slow half of [`entry_of`](Self::entry_of), not generic: the hash lookup, and the
    /// hint refreshed.
    #[cold]
    #[inline(never)]
    fn entry_by_key(
        &self,
        key: std::any::TypeId,
        rust_name: &'static str,
        hint: &std::sync::atomic::AtomicU64,
    ) -> Result<&TypeEntry> {
        let e = self.entry(&key, rust_name)?;
        hint.store(
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

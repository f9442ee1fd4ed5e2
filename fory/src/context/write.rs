//! [`WriteContext`]: the state of one message being written.

use std::mem::ManuallyDrop;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::buffer::Writer;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::meta_string::{self, MetaString};
use crate::oob::{BufferObject, Placement};
use crate::resolver::Resolver;
use crate::type_def::{TypeDef, TypeIdent};

use super::*;

/// The writer's tables, taken from the thread on first use (a free function, so that callers
/// can borrow the writer beside them).
fn tables_of(t: &mut Option<WriteTables>) -> &mut WriteTables {
    t.get_or_insert_with(|| WRITE_TABLES.with(|c| c.take()).unwrap_or_default())
}

/// The buffer callback as the writer stores it.
pub(crate) type Callback<'a, 'v> = &'a mut dyn FnMut(BufferObject<'v>) -> Placement;

/// The per-message tables of a writer. They are kept per thread between messages, cleared,
/// so that a steady stream of messages does not allocate them again.
#[derive(Default)]
struct WriteTables {
    /// Registered names by their registry key -> message index.
    meta_strings: FxHashMap<usize, u32>,
    /// Names of types not in the registry (`Value`), compared exactly.
    dyn_meta_strings: Vec<(MetaString, u32)>,
    /// Meta strings written so far (the next index).
    n_meta_strings: u32,
    /// Registered TypeDefs past the inline ones: (type key, message index).
    type_defs: Vec<(usize, u32)>,
    /// TypeDefs of types not in the registry (`Value`), by their exact bytes.
    dyn_type_defs: Vec<(Arc<[u8]>, u32)>,
    refs: FxHashMap<usize, u32>,
}

impl WriteTables {
    fn clear(&mut self) {
        self.meta_strings.clear();
        self.dyn_meta_strings.clear();
        self.n_meta_strings = 0;
        self.type_defs.clear();
        self.dyn_type_defs.clear();
        self.refs.clear();
    }
}

thread_local! {
    static WRITE_TABLES: std::cell::Cell<Option<WriteTables>> = const { std::cell::Cell::new(None) };
}

/// See [`WriteContext::direct_type_def_slot`].
pub(crate) enum DefSlot {
    /// Written already, with this message index.
    Written(u32),
    /// Not written yet.
    New,
    /// Not decidable from the direct table (the slot is past it): the tables decide.
    Unknown,
}

/// Registered types whose TypeDef the writer tracks in a table indexed by registry slot (the
/// first types registered); later slots go to the tables.
const DIRECT_TYPE_DEFS: usize = 16;

/// State while writing one message. `'v` is the lifetime of the value being written: buffer
/// objects handed to the callback borrow from it.
pub struct WriteContext<'a, 'v> {
    w: Writer<'a>,
    resolver: &'a Resolver,
    /// For the first registry slots: 0 while the slot's TypeDef is not in the message, else
    /// its message index + 1. Indexed directly, so that finding a struct's TypeDef on every
    /// value is one load, not a search; 64 bytes, so that the per-message initialization is a
    /// few vector stores.
    type_defs: [u32; DIRECT_TYPE_DEFS],
    /// TypeDefs written so far, registered or not (the next index).
    n_type_defs: u32,
    /// Taken from the thread only when the message needs them (ref tracking, meta strings, many
    /// TypeDefs); a plain struct message never touches them.
    /// `ManuallyDrop`: `Drop` always moves the tables out (back to the thread), so the field
    /// needs no drop glue of its own, which every message would otherwise run.
    t: ManuallyDrop<Option<WriteTables>>,
    next_ref: u32,
    callback: Option<Callback<'a, 'v>>,
    /// Levels of nesting still allowed (`max_depth` at the root): the writer refuses what the
    /// reader would refuse, counting the same levels (see [`enter`](Self::enter)).
    depth_left: u32,
    /// List elements without bytes still allowed (see [`charge_unbacked`](Self::charge_unbacked)).
    unbacked_left: usize,
}

impl Drop for WriteContext<'_, '_> {
    #[inline]
    fn drop(&mut self) {
        if self.t.is_some() {
            self.return_tables();
        }
    }
}

impl<'a, 'v> WriteContext<'a, 'v> {
    pub(crate) fn new(
        w: Writer<'a>,
        resolver: &'a Resolver,
        callback: Option<Callback<'a, 'v>>,
    ) -> Self {
        WriteContext {
            w,
            resolver,
            type_defs: [0; DIRECT_TYPE_DEFS],
            n_type_defs: 0,
            t: ManuallyDrop::new(None),
            next_ref: 0,
            callback,
            depth_left: resolver.config().max_depth,
            unbacked_left: resolver.config().max_unbacked_items,
        }
    }

    /// Charges `n` elements of a `len`-element list that took no bytes (no flag, no body), as
    /// the reader charges them: past [`Config::max_unbacked_items`](crate::Config) per message
    /// the reader refuses the message, so the writer refuses to write it.
    #[inline]
    pub(crate) fn charge_unbacked(&mut self, len: u32, n: usize) -> Result<()> {
        if self.unbacked_left < n {
            return self.unbacked_overflow(len);
        }
        self.unbacked_left -= n;
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn unbacked_overflow(&self, len: u32) -> Result<()> {
        Err(Error::LengthOverflow {
            at: self.w.len(),
            len: u64::from(len),
            remaining: 0,
        })
    }

    /// Enters one level of nesting, where the reader enters one: a non-empty list or set, a
    /// map, a struct body. Past `max_depth` this is the reader's [`Error::DepthLimit`], so a
    /// message that could not be read back is never written.
    #[inline(always)]
    pub(crate) fn enter(&mut self) -> Result<()> {
        if self.depth_left == 0 {
            return self.depth_limit();
        }
        self.depth_left -= 1;
        Ok(())
    }

    /// Leaves one level of nesting.
    #[inline(always)]
    pub(crate) fn leave(&mut self) {
        self.depth_left += 1;
    }

    /// Enters two levels of nesting at once (a union's case value and the struct in it) if the
    /// depth limit allows both; enters none otherwise, so that the caller's general path reports
    /// the limit where [`enter`](Self::enter) reaches it.
    #[inline(always)]
    pub(crate) fn try_enter_two(&mut self) -> bool {
        let ok = self.depth_left >= 2;
        if ok {
            self.depth_left -= 2;
        }
        ok
    }

    /// Leaves the two levels of [`try_enter_two`](Self::try_enter_two).
    #[inline(always)]
    pub(crate) fn leave_two(&mut self) {
        self.depth_left += 2;
    }

    /// The error of [`enter`](Self::enter), out of line (it returns the whole `Result`, so the
    /// inlined check stays a compare and a branch).
    #[cold]
    #[inline(never)]
    fn depth_limit(&self) -> Result<()> {
        Err(Error::DepthLimit {
            at: self.w.len(),
            limit: self.resolver.config().max_depth,
        })
    }

    /// Clears the tables and gives them back to the thread, for the next message.
    #[cold]
    #[inline(never)]
    fn return_tables(&mut self) {
        if let Some(mut t) = self.t.take() {
            t.clear();
            WRITE_TABLES.with(|c| c.set(Some(t)));
        }
    }

    /// The per-message tables, taken from the thread on first use. A nested serialization
    /// (from inside a callback) finds the thread's slot empty and makes its own.
    fn tables(&mut self) -> &mut WriteTables {
        tables_of(&mut self.t)
    }

    #[doc(hidden)]
    /// The underlying writer.
    #[inline]
    pub fn writer(&mut self) -> &mut Writer<'a> {
        &mut self.w
    }

    /// The settings of the [`Fory`](crate::Fory) doing the writing.
    #[inline]
    pub fn config(&self) -> &'a Config {
        self.resolver.config()
    }

    /// The registered types and the caches of the `Fory` doing the writing.
    #[inline]
    pub(crate) fn resolver(&self) -> &'a Resolver {
        self.resolver
    }

    /// Whether reference tracking is on.
    #[inline]
    pub fn track_ref(&self) -> bool {
        self.resolver.config().track_ref
    }

    /// Whether compatible (schema-evolution) mode is on.
    #[inline]
    pub fn compatible(&self) -> bool {
        self.resolver.config().compatible
    }

    #[doc(hidden)]
    /// Writes `0x00` (REF_VALUE, taking the next ref id) when `track` is set, else `0xFF`.
    #[inline]
    pub fn write_plain_ref_flag(&mut self, track: bool) {
        if track {
            self.next_ref += 1;
            self.w.u8(REF_VALUE_FLAG);
        } else {
            self.w.u8(NOT_NULL_FLAG);
        }
    }

    #[doc(hidden)]
    /// Writes the ref flag for a shared pointer: a back-reference if `ptr` was written before
    /// (returns `false`: no body follows), else REF_VALUE (returns `true`).
    pub fn write_shared_ref_flag(&mut self, ptr: usize) -> bool {
        let next = self.next_ref;
        let refs = &mut self.tables().refs;
        if let Some(&id) = refs.get(&ptr) {
            self.w.u8(REF_FLAG);
            self.w.varuint32(id);
            false
        } else {
            refs.insert(ptr, next);
            self.next_ref += 1;
            self.w.u8(REF_VALUE_FLAG);
            true
        }
    }

    /// Writes a namespace or type name as a stream meta string, or a back-reference to it if
    /// this message already carries it. `key` identifies the string within the `Fory`.
    pub(crate) fn write_meta_string(&mut self, key: usize, ms: &MetaString) {
        let t = tables_of(&mut self.t);
        let found = t.meta_strings.get(&key).copied();
        match found {
            Some(id) => meta_string::write_stream_meta_string_ref(&mut self.w, id),
            None => {
                let id = t.n_meta_strings;
                t.n_meta_strings += 1;
                t.meta_strings.insert(key, id);
                meta_string::write_stream_meta_string(&mut self.w, ms);
            }
        }
    }

    /// Writes a name of a type not in the registry, deduplicated by its exact encoding.
    fn write_dynamic_meta_string(&mut self, ms: MetaString) {
        let t = tables_of(&mut self.t);
        let found = t
            .dyn_meta_strings
            .iter()
            .find(|(m, _)| *m == ms)
            .map(|&(_, id)| id);
        match found {
            Some(id) => meta_string::write_stream_meta_string_ref(&mut self.w, id),
            None => {
                let id = t.n_meta_strings;
                t.n_meta_strings += 1;
                meta_string::write_stream_meta_string(&mut self.w, &ms);
                t.dyn_meta_strings.push((ms, id));
            }
        }
    }

    /// The message index of registered type `index`'s TypeDef, if this message carries it.
    fn find_type_def(&mut self, index: usize) -> Option<u32> {
        match self.direct_type_def_slot(index) {
            DefSlot::Written(id) => Some(id),
            DefSlot::New => None,
            DefSlot::Unknown => self
                .tables()
                .type_defs
                .iter()
                .find(|(k, _)| *k == index)
                .map(|&(_, id)| id),
        }
    }

    /// Where registered type `index`'s TypeDef stands in this message, from the direct table
    /// alone (no table lookup): written (its message index), not written yet, or `Unknown` for
    /// a slot past the direct table (only ever in the tables).
    #[inline(always)]
    pub(crate) fn direct_type_def_slot(&self, index: usize) -> DefSlot {
        match self.type_defs.get(index) {
            Some(0) => DefSlot::New,
            Some(&id1) => DefSlot::Written(id1 - 1),
            None => DefSlot::Unknown,
        }
    }

    /// Writes the TypeDef marker for registered type `index`: the TypeDef itself the first time
    /// in a message, a back-reference after that.
    pub(crate) fn write_type_def(&mut self, index: usize, encoded: &[u8]) {
        if let Some(id) = self.find_type_def(index) {
            self.w.varuint32((id << 1) | 1);
            return;
        }
        self.write_new_type_def(index, encoded);
    }

    /// [`WriteContext::write_type_def`] for a TypeDef known not to be in the message yet.
    #[inline(never)]
    pub(crate) fn write_new_type_def(&mut self, index: usize, encoded: &[u8]) {
        let id = self.n_type_defs;
        self.n_type_defs += 1;
        // `n_type_defs` is now `id + 1`, the direct table's encoding. Past the direct table,
        // the tables keep it.
        match self.type_defs.get_mut(index) {
            Some(slot) => *slot = self.n_type_defs,
            None => self.tables().type_defs.push((index, id)),
        }
        self.w.varuint32(id << 1);
        self.w.bytes(encoded);
    }

    /// Writes the TypeDef marker for a TypeDef not known to the registry (a `Value` struct),
    /// deduplicated within the message by its exact bytes.
    pub(crate) fn write_dynamic_type_def(&mut self, def: &Arc<TypeDef>) -> Result<()> {
        let encoded = self.resolver.encoded_type_def(def)?;
        // A registered type's TypeDef, byte for byte: one entry with the registered writes of
        // the same type (a `Value` struct and a typed value, or a declared element type, in
        // one message), as pyfory writes one TypeDef per type.
        if let Some(index) = self.resolver.registry().local_type_def(&encoded) {
            self.write_type_def(index, &encoded);
            return Ok(());
        }
        let t = self.tables();
        let found = t
            .dyn_type_defs
            .iter()
            .find(|(b, _)| **b == *encoded)
            .map(|&(_, id)| id);
        match found {
            Some(id) => self.w.varuint32((id << 1) | 1),
            None => {
                let id = self.n_type_defs;
                self.n_type_defs += 1;
                self.w.varuint32(id << 1);
                self.w.bytes(&encoded);
                self.tables().dyn_type_defs.push((encoded, id));
            }
        }
        Ok(())
    }

    /// Writes namespace and type name stream meta strings for a type not in the registry.
    pub(crate) fn write_dynamic_names(&mut self, ident: &TypeIdent) {
        if let TypeIdent::Named {
            namespace,
            type_name,
        } = ident
        {
            self.write_dynamic_meta_string(meta_string::encode_namespace(namespace));
            self.write_dynamic_meta_string(meta_string::encode_type_name(type_name));
        }
    }

    /// Whether a buffer callback is installed (header bit 1 set).
    #[inline]
    pub fn out_of_band(&self) -> bool {
        self.callback.is_some()
    }

    /// Writes a buffer-capable body. Without a callback it is a plain `varuint32 len + bytes`;
    /// with one, the callback decides: in-band `01 len bytes`, out-of-band `00`.
    pub fn write_buffer_object(&mut self, data: &'v [u8]) -> Result<()> {
        let placement = match &mut self.callback {
            None => {
                self.write_sized_bytes(data)?;
                return Ok(());
            }
            Some(cb) => cb(BufferObject::new(data)),
        };
        match placement {
            Placement::InBand => {
                self.w.u8(1);
                self.write_sized_bytes(data)
            }
            Placement::OutOfBand => {
                self.w.u8(0);
                Ok(())
            }
        }
    }

    fn write_sized_bytes(&mut self, data: &[u8]) -> Result<()> {
        let len = u32::try_from(data.len())
            .map_err(|_| Error::Unsupported("buffer longer than 4 GiB cannot be in-band".into()))?;
        self.w.varuint32(len);
        self.w.bytes(data);
        Ok(())
    }
}

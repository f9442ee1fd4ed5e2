//! [`ReadContext`]: the state of one message being read.

use std::any::Any;
use std::mem::ManuallyDrop;
use std::sync::Arc;

use crate::buffer::Reader;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::meta_string;
use crate::oob::{BufferRef, Buffers};
use crate::resolver::{DefRef, Resolver};
use crate::serializer::TypeInfo;
use crate::types;

use super::*;

mod unshared;

use unshared::BinaryRefs;

/// The per-message tables of a reader, reused like [`WriteTables`].
#[derive(Default)]
struct ReadTables {
    meta_strings: Vec<Arc<str>>,
    type_defs: Vec<DefRef>,
    refs: Vec<Option<Box<dyn Any>>>,
    /// Shadows of the `Value`s read since the message's first reference-tracked object (see
    /// `value::refs`).
    value_shadow: Vec<std::rc::Rc<crate::value::refs::Node>>,
}

thread_local! {
    static READ_TABLES: std::cell::Cell<Option<ReadTables>> = const { std::cell::Cell::new(None) };
}

/// TypeDefs a message carries before the reader needs its tables: most messages have a few.
const INLINE_TYPE_DEFS: usize = 8;

/// State while reading one message. `'de` is the lifetime of the payload and the out-of-band
/// buffers; borrowed values live that long.
pub struct ReadContext<'a, 'de> {
    r: Reader<'de>,
    resolver: &'a Resolver,
    /// Held by value, like the writer's.
    /// Taken from the thread on first use, like the writer's: a message of structs by id in
    /// schema-consistent mode never needs them.
    /// `ManuallyDrop`, as the writer's.
    t: ManuallyDrop<Option<ReadTables>>,
    /// The message's first TypeDefs while they are all registered ones (registry slots), so
    /// that a plain struct message does not take the tables either. Once a TypeDef is not, or
    /// there are more, every TypeDef lives in the tables (`defs_spilled`).
    local_defs: [usize; INLINE_TYPE_DEFS],
    n_local_defs: usize,
    defs_spilled: bool,
    buffers: Option<&'a dyn Buffers<'de>>,
    next_buffer: usize,
    /// Buffer objects read as tracked values into types without identity (see
    /// [`BinaryRefs`]); boxed, so that a message without any costs one word.
    /// `ManuallyDrop`, like the tables: dropped by `Drop` only when present, so that a message
    /// without any runs no drop glue for it.
    binary_refs: ManuallyDrop<Option<Box<BinaryRefs<'de>>>>,
    depth: u32,
    unbacked_items: usize,
    /// Bytes copied so far for `Value` back-references (see [`charge_copy`](Self::charge_copy)).
    copied: usize,
    /// Whether the message has had a reference-tracked object: from then on `Value`s keep
    /// shadows for back-references.
    refs_seen: bool,
}

impl Drop for ReadContext<'_, '_> {
    #[inline]
    fn drop(&mut self) {
        if self.t.is_some() {
            self.return_tables();
        }
        if self.binary_refs.is_some() {
            self.drop_binary_refs();
        }
    }
}

/// The reader's tables, taken from the thread on first use.
fn read_tables_of(t: &mut Option<ReadTables>) -> &mut ReadTables {
    t.get_or_insert_with(|| READ_TABLES.with(|c| c.take()).unwrap_or_default())
}

impl<'a, 'de> ReadContext<'a, 'de> {
    #[cold]
    #[inline(never)]
    fn drop_binary_refs(&mut self) {
        drop(self.binary_refs.take());
    }

    /// Clears the tables and gives them back to the thread, for the next message.
    #[cold]
    #[inline(never)]
    fn return_tables(&mut self) {
        if let Some(mut t) = self.t.take() {
            t.meta_strings.clear();
            t.type_defs.clear();
            t.refs.clear();
            t.value_shadow.clear();
            READ_TABLES.with(|c| c.set(Some(t)));
        }
    }

    pub(crate) fn new(
        data: &'de [u8],
        resolver: &'a Resolver,
        buffers: Option<&'a dyn Buffers<'de>>,
    ) -> Self {
        ReadContext {
            r: Reader::new(data),
            resolver,
            t: ManuallyDrop::new(None),
            local_defs: [0; INLINE_TYPE_DEFS],
            n_local_defs: 0,
            defs_spilled: false,
            buffers,
            next_buffer: 0,
            binary_refs: ManuallyDrop::new(None),
            depth: 0,
            unbacked_items: 0,
            copied: 0,
            refs_seen: false,
        }
    }

    #[doc(hidden)]
    /// The underlying reader.
    #[inline]
    pub fn reader(&mut self) -> &mut Reader<'de> {
        &mut self.r
    }

    /// The current offset in the payload.
    #[inline]
    pub fn pos(&self) -> usize {
        self.r.pos()
    }

    /// The settings of the [`Fory`](crate::Fory) doing the reading.
    #[inline]
    pub fn config(&self) -> &'a Config {
        self.resolver.config()
    }

    /// The registered types and the caches of the `Fory` doing the reading.
    #[inline]
    pub(crate) fn resolver(&self) -> &'a Resolver {
        self.resolver
    }

    /// Whether compatible mode is on.
    #[inline]
    pub fn compatible(&self) -> bool {
        self.resolver.config().compatible
    }

    #[doc(hidden)]
    /// Enters one level of nesting; fails past the configured depth limit.
    #[inline]
    pub fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        let limit = self.resolver.config().max_depth;
        if self.depth > limit {
            return Err(Error::DepthLimit {
                at: self.r.pos(),
                limit,
            });
        }
        Ok(())
    }

    #[doc(hidden)]
    /// Leaves one level of nesting.
    #[inline]
    pub fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Enters two levels of nesting at once (a union's case value and the struct in it) if the
    /// depth limit allows both; enters none otherwise, so that the caller's general path reports
    /// the limit where [`enter`](Self::enter) reaches it.
    #[inline(always)]
    pub(crate) fn try_enter_two(&mut self) -> bool {
        // In 64 bits: no overflow for any limit.
        let ok = u64::from(self.depth) + 2 <= u64::from(self.resolver.config().max_depth);
        if ok {
            self.depth += 2;
        }
        ok
    }

    /// Leaves the two levels of [`try_enter_two`](Self::try_enter_two).
    #[inline(always)]
    pub(crate) fn leave_two(&mut self) {
        self.depth -= 2;
    }

    #[doc(hidden)]
    /// Reads a container length and checks it against the input. Elements normally take at
    /// least one byte each; a few kinds (empty structs, nulls of a shared NONE type) take none,
    /// so a small per-message budget of such "unbacked" elements is allowed, as pyfory does.
    /// The length may exceed the bytes left by at most what is left of that budget; the
    /// elements that really take no bytes are charged with `charge_unbacked`.
    pub fn read_container_len(&mut self) -> Result<usize> {
        let at = self.r.pos();
        let len = self.r.varuint32()? as usize;
        let remaining = self.r.remaining();
        let budget = self
            .resolver
            .config()
            .max_unbacked_items
            .saturating_sub(self.unbacked_items);
        if len > remaining.saturating_add(budget) {
            return Err(Error::LengthOverflow {
                at,
                len: len as u64,
                remaining,
            });
        }
        Ok(len)
    }

    /// Charges one element of the container whose length prefix (`len`) was read at `at` that
    /// took no input bytes. Past the per-message budget this is an error, so that a short
    /// message cannot make the reader build billions of elements out of nothing.
    pub(crate) fn charge_unbacked(&mut self, at: usize, len: usize) -> Result<()> {
        self.unbacked_items += 1;
        if self.unbacked_items > self.resolver.config().max_unbacked_items {
            return Err(Error::LengthOverflow {
                at,
                len: len as u64,
                remaining: self.r.remaining(),
            });
        }
        Ok(())
    }

    /// The stack of `Value` shadows, once the message has had a reference-tracked object.
    #[inline]
    pub(crate) fn value_shadow(
        &mut self,
    ) -> Option<&mut Vec<std::rc::Rc<crate::value::refs::Node>>> {
        if self.refs_seen {
            Some(&mut read_tables_of(&mut self.t).value_shadow)
        } else {
            None
        }
    }

    /// The current nesting depth (levels entered).
    #[inline]
    pub(crate) fn depth(&self) -> u32 {
        self.depth
    }

    /// What is left of the copy budget (see [`charge_copy`](Self::charge_copy)).
    pub(crate) fn copy_budget_left(&self) -> usize {
        self.copy_limit().saturating_sub(self.copied)
    }

    fn copy_limit(&self) -> usize {
        let input = self.r.pos() + self.r.remaining();
        let buffers = self.buffers.map_or(0, |b| {
            (0..b.count())
                .filter_map(|i| b.get(i))
                .map(|b| b.bytes.len())
                .sum()
        });
        input
            .saturating_add(buffers)
            .saturating_mul(MAX_COPY_FACTOR)
            .max(MIN_COPY_BUDGET)
    }

    /// Charges `bytes` of copies made for a back-reference into a value without identity
    /// (`fory::Value` copies the referenced object). The copies of one message may total at
    /// most [`MAX_COPY_FACTOR`] times the bytes of the payload and its buffers (at least
    /// [`MIN_COPY_BUDGET`]), so that a chain of references doubling at every step cannot make a
    /// small message expand exponentially.
    pub(crate) fn charge_copy(&mut self, at: usize, bytes: usize) -> Result<()> {
        let limit = self.copy_limit();
        self.copied = self.copied.saturating_add(bytes);
        if self.copied > limit {
            return Err(Error::invalid(
                at,
                format!(
                    "back-references would copy more than {limit} bytes \
                     ({MAX_COPY_FACTOR} times the input); read shared objects as Rc/Arc"
                ),
            ));
        }
        Ok(())
    }

    #[doc(hidden)]
    /// Reads a ref/null flag, reserving a ref id for REF_VALUE.
    #[inline]
    pub fn read_ref_flag(&mut self) -> Result<RefFlag> {
        // Inline for the common flag: `Result` is large, so an out-of-line call returns it
        // through memory.
        if self.r.peek() == Some(NOT_NULL_FLAG) {
            self.r.skip_byte();
            return Ok(RefFlag::NotNull);
        }
        self.read_ref_flag_slow()
    }

    fn read_ref_flag_slow(&mut self) -> Result<RefFlag> {
        let at = self.r.pos();
        match self.r.u8()? {
            NOT_NULL_FLAG => Ok(RefFlag::NotNull),
            NULL_FLAG => Ok(RefFlag::Null { at }),
            REF_VALUE_FLAG => {
                self.refs_seen = true;
                let slot = read_tables_of(&mut self.t).refs.len() as u32;
                read_tables_of(&mut self.t).refs.push(None);
                Ok(RefFlag::Value { slot })
            }
            REF_FLAG => {
                let id = self.r.varuint32()?;
                if id as usize >= read_tables_of(&mut self.t).refs.len() {
                    return Err(Error::BadRefId {
                        at,
                        id: id as u64,
                        count: read_tables_of(&mut self.t).refs.len(),
                    });
                }
                Ok(RefFlag::Ref { at, id })
            }
            flag => Err(Error::BadRefFlag { at, flag }),
        }
    }

    #[doc(hidden)]
    /// Stores the object read for ref id `slot`, for later back-references.
    pub fn store_ref(&mut self, slot: u32, value: Box<dyn Any>) {
        if let Some(s) = read_tables_of(&mut self.t).refs.get_mut(slot as usize) {
            *s = Some(value);
        }
    }

    #[doc(hidden)]
    /// The object stored for ref id `id`, if one of type `T` was stored.
    pub fn get_ref<T: 'static>(&self, id: u32) -> Option<&T> {
        self.t
            .as_ref()?
            .refs
            .get(id as usize)
            .and_then(|s| s.as_ref())
            .and_then(|b| b.downcast_ref::<T>())
    }

    #[doc(hidden)]
    /// Reads type info: the type id and whatever identifies a user type.
    pub fn read_type_info(&mut self) -> Result<TypeInfo> {
        let at = self.r.pos();
        let type_id = self.r.u8()? as u32;
        let mut info = TypeInfo::of(type_id);
        match type_id {
            types::STRUCT | types::ENUM | types::EXT | types::TYPED_UNION => {
                info.user_id = Some(self.r.varuint32()?);
            }
            types::COMPATIBLE_STRUCT | types::NAMED_COMPATIBLE_STRUCT => {
                self.read_type_def(&mut info)?;
            }
            types::NAMED_STRUCT | types::NAMED_ENUM | types::NAMED_EXT | types::NAMED_UNION => {
                if self.compatible() {
                    self.read_type_def(&mut info)?;
                } else {
                    let ns = self.read_meta_string(meta_string::NAMESPACE_SPECIALS)?;
                    let name = self.read_meta_string(meta_string::NAME_SPECIALS)?;
                    info.name = Some(Arc::new((ns.to_string(), name.to_string())));
                }
            }
            0 | 42 => return Err(Error::UnknownTypeId { at, id: type_id }),
            id if id > types::FLOAT64_ARRAY => return Err(Error::UnknownTypeId { at, id }),
            _ => {}
        }
        Ok(info)
    }

    fn read_meta_string(&mut self, specials: (char, char)) -> Result<Arc<str>> {
        let at = self.r.pos();
        match meta_string::read_stream_meta_string(
            &mut self.r,
            read_tables_of(&mut self.t).meta_strings.len(),
        )? {
            meta_string::StreamMetaRead::BackRef(index) => {
                Ok(read_tables_of(&mut self.t).meta_strings[index].clone())
            }
            meta_string::StreamMetaRead::New(ms) => {
                let s: Arc<str> = ms
                    .decode(specials)
                    .map_err(|_| Error::BadMetaString {
                        at,
                        reason: "undecodable meta string",
                    })?
                    .into();
                read_tables_of(&mut self.t).meta_strings.push(s.clone());
                Ok(s)
            }
        }
    }

    /// Reads a TypeDef (or a back-reference to one) into `info`.
    fn read_type_def(&mut self, info: &mut TypeInfo) -> Result<()> {
        let def = self.read_def_ref()?;
        match def {
            DefRef::Local(i) => info.local_def = Some(i),
            DefRef::Remote(d) => info.def = Some(d),
        }
        Ok(())
    }

    pub(crate) fn read_def_ref(&mut self) -> Result<DefRef> {
        self.read_def_ref_expecting(None)
    }

    /// The common cases of [`read_def_ref_expecting`](Self::read_def_ref_expecting), inline:
    /// the marker (one byte) is a back-reference to `e`'s own TypeDef, read earlier in the
    /// message; or it introduces the message's next TypeDef, and its bytes are exactly `e`'s
    /// own. Consumes the marker (and the bytes) and records a new TypeDef when so; touches
    /// nothing otherwise.
    #[inline(always)]
    pub(crate) fn take_own_type_def(&mut self, e: &crate::registry::TypeEntry) -> bool {
        if self.defs_spilled {
            return false;
        }
        let count = self.n_local_defs;
        if let Some(marker) = self.r.peek() {
            if marker & 0x81 == 1 {
                // A one-byte back-reference `k << 1 | 1`. Unspilled, every TypeDef read so far
                // is a registered one, kept in `local_defs`.
                let k = usize::from(marker >> 1);
                if k < count && self.local_defs[k] == e.index {
                    self.r.skip_byte();
                    return true;
                }
                return false;
            }
        }
        if count >= INLINE_TYPE_DEFS || count >= 0x40 {
            return false;
        }
        // `count < 0x40`: the marker `count << 1` is one varint byte.
        if !self.r.skip_if_next((count << 1) as u8, &e.type_def) {
            return false;
        }
        self.local_defs[count] = e.index;
        self.n_local_defs += 1;
        true
    }

    /// [`read_def_ref`](Self::read_def_ref) when the reader expects a registered type: its
    /// own TypeDef is recognized by one compare, without a lookup.
    pub(crate) fn read_def_ref_expecting(
        &mut self,
        expected: Option<&crate::registry::TypeEntry>,
    ) -> Result<DefRef> {
        let at = self.r.pos();
        let marker = self.r.varuint32()?;
        let index = (marker >> 1) as usize;
        let count = self.n_type_defs();
        let bad = || Error::BadBackReference {
            at,
            table: "TypeDef",
            index: index as u64,
            count,
        };
        if marker & 1 == 1 {
            if index >= count {
                return Err(bad());
            }
            return Ok(if self.defs_spilled {
                read_tables_of(&mut self.t).type_defs[index].clone()
            } else {
                DefRef::Local(self.local_defs[index])
            });
        }
        if index != count {
            return Err(bad());
        }
        let def = match expected {
            Some(e) if self.r.starts_with(&e.type_def) => {
                self.r.take(e.type_def.len())?;
                DefRef::Local(e.index)
            }
            _ => self.resolver.cached_type_def(&mut self.r)?,
        };
        match def {
            DefRef::Local(i) if !self.defs_spilled && count < INLINE_TYPE_DEFS => {
                self.local_defs[count] = i;
                self.n_local_defs += 1;
            }
            _ => {
                if !self.defs_spilled {
                    self.defs_spilled = true;
                    let inline = &self.local_defs[..self.n_local_defs];
                    let t = read_tables_of(&mut self.t);
                    t.type_defs.extend(inline.iter().map(|&i| DefRef::Local(i)));
                }
                read_tables_of(&mut self.t).type_defs.push(def.clone());
            }
        }
        Ok(def)
    }

    /// TypeDefs read so far in this message.
    fn n_type_defs(&self) -> usize {
        match (&*self.t, self.defs_spilled) {
            (Some(t), true) => t.type_defs.len(),
            _ => self.n_local_defs,
        }
    }

    /// Whether the message was written with a buffer callback.
    #[inline]
    pub fn out_of_band(&self) -> bool {
        self.buffers.is_some()
    }

    /// Out-of-band buffers consumed so far, and how many were given.
    pub(crate) fn buffers_used(&self) -> (usize, usize) {
        (self.next_buffer, self.buffers.map_or(0, |b| b.count()))
    }
}

//! Buffer objects, and what values without identity keep for back-references: pyfory tracks
//! `bytes` and the temporal objects, so a message may refer back to one that was read into a
//! `Vec<u8>` or a `fory::Timestamp`; the buffer (or the body's offset) is kept to read it again.

use super::*;

/// Buffer objects (`bytes`) read as reference-tracked values into Rust types without identity
/// (`Vec<u8>`, `&[u8]`, `Bytes`). pyfory tracks `bytes`, and CPython shares equal small `bytes`
/// objects (every empty and one-byte `bytes` is one object), so `[b"", b""]` arrives with a
/// back-reference although nothing was shared on purpose; keeping the buffer lets that
/// back-reference read the same bytes again.
#[derive(Default)]
pub(super) struct BinaryRefs<'de> {
    /// Ref id and buffer, in reading order.
    by_slot: Vec<(u32, BufferRef<'de>)>,
    /// The next buffer read is kept in `captured`.
    capture: bool,
    captured: Option<BufferRef<'de>>,
    /// The next buffer read is this one (a back-reference being read).
    replay: Option<BufferRef<'de>>,
    /// Ref id, type id and body offset of the temporal values (pyfory tracks `datetime`,
    /// `date` and `timedelta` objects) read into types without identity, in reading order: a
    /// back-reference reads the body again.
    bodies: Vec<(u32, u32, usize)>,
}

/// What a tracked value without identity leaves for a later back-reference.
enum Kept {
    Nothing,
    /// A temporal body at this offset, read again on a back-reference.
    Body(usize),
    /// A buffer object, captured while it is read.
    Buffer,
}

impl<'a, 'de> ReadContext<'a, 'de> {
    /// Reads a buffer-capable body: in-band bytes (borrowed from the payload) or the next
    /// out-of-band buffer.
    pub fn read_buffer_object(&mut self) -> Result<BufferRef<'de>> {
        if self.binary_refs.is_some() {
            return self.read_buffer_object_tracked();
        }
        self.read_buffer_object_plain()
    }

    /// [`read_buffer_object`](Self::read_buffer_object) while a back-reference replays an
    /// earlier buffer, or a tracked one is captured.
    #[cold]
    #[inline(never)]
    fn read_buffer_object_tracked(&mut self) -> Result<BufferRef<'de>> {
        let refs = self.binary_refs.as_mut().expect("checked");
        if let Some(replayed) = refs.replay.take() {
            return Ok(replayed);
        }
        let capture = refs.capture;
        let buf = self.read_buffer_object_plain()?;
        if capture {
            let refs = self.binary_refs.as_mut().expect("checked");
            refs.capture = false;
            refs.captured = Some(buf.clone());
        }
        Ok(buf)
    }

    /// Reads a reference-tracked value (ref id `slot`) of a type without identity, with type
    /// info `info`: when it is a buffer object (BINARY), the buffer is kept, so that a later
    /// back-reference to it reads the same bytes again ([`read_binary_back_ref`]).
    ///
    /// [`read_binary_back_ref`]: Self::read_binary_back_ref
    pub(crate) fn read_tracked_unshared<T: crate::Deserialize<'de>>(
        &mut self,
        slot: u32,
        info: &TypeInfo,
    ) -> Result<T> {
        // One generic call between two that are not: each type read this way costs little.
        let kept = self.start_tracked(info.type_id);
        let v = T::read_data(self, info)?;
        self.finish_tracked(slot, info.type_id, kept);
        Ok(v)
    }

    /// What [`read_tracked_unshared`](Self::read_tracked_unshared) keeps of a value of type
    /// `type_id` about to be read: a temporal body's offset, a buffer object, or nothing.
    fn start_tracked(&mut self, type_id: u32) -> Kept {
        if types::is_temporal(type_id) {
            Kept::Body(self.r.pos())
        } else if type_id == types::BINARY {
            self.start_capture();
            Kept::Buffer
        } else {
            Kept::Nothing
        }
    }

    fn finish_tracked(&mut self, slot: u32, type_id: u32, kept: Kept) {
        match kept {
            Kept::Body(at) => self
                .binary_refs
                .get_or_insert_with(Default::default)
                .bodies
                .push((slot, type_id, at)),
            Kept::Buffer => self.finish_capture(slot),
            Kept::Nothing => {}
        }
    }

    /// Asks the next buffer object read to be kept.
    fn start_capture(&mut self) {
        self.binary_refs
            .get_or_insert_with(Default::default)
            .capture = true;
    }

    /// Keeps the buffer object read since [`start_capture`](Self::start_capture) for `slot`.
    fn finish_capture(&mut self, slot: u32) {
        let refs = self.binary_refs.as_mut().expect("set by start_capture");
        refs.capture = false;
        if let Some(buf) = refs.captured.take() {
            refs.by_slot.push((slot, buf));
        }
    }

    /// Reads a back-reference to ref id `id` into a type without identity: the buffer object
    /// or temporal body kept for that id, read again (`None` when the id is neither).
    pub(crate) fn read_binary_back_ref<T: crate::Deserialize<'de>>(
        &mut self,
        id: u32,
    ) -> Option<Result<T>> {
        let (type_id, resume) = self.start_back_ref(id)?;
        let v = T::read_data(self, &TypeInfo::of(type_id));
        self.finish_back_ref(resume);
        Some(v)
    }

    /// Sets the reader up to read what ref id `id` kept again: a temporal body (the reader
    /// moves to it; the returned reader is where to go on), or a buffer object (replayed).
    fn start_back_ref(&mut self, id: u32) -> Option<(u32, Option<Reader<'de>>)> {
        if let Some((type_id, at)) = self.body_ref(id) {
            let resume = self.r.clone();
            self.r.rewind_to(at);
            return Some((type_id, Some(resume)));
        }
        self.start_replay(id).then_some((types::BINARY, None))
    }

    fn finish_back_ref(&mut self, resume: Option<Reader<'de>>) {
        match resume {
            Some(r) => self.r = r,
            None => {
                if let Some(refs) = self.binary_refs.as_mut() {
                    refs.replay = None;
                }
            }
        }
    }

    /// Sets up the buffer object kept for ref id `id` to be read again; `false` when `id` is
    /// not one.
    fn start_replay(&mut self, id: u32) -> bool {
        let Some(buf) = self.binary_ref(id).cloned() else {
            return false;
        };
        match self.binary_refs.as_mut() {
            Some(refs) => {
                refs.replay = Some(buf);
                true
            }
            None => false,
        }
    }

    /// The type id and body offset of the temporal value kept for ref id `id`, if it is one
    /// (see [`read_tracked_unshared`](Self::read_tracked_unshared)).
    pub(crate) fn body_ref(&self, id: u32) -> Option<(u32, usize)> {
        let bodies = &self.binary_refs.as_ref()?.bodies;
        let i = bodies.binary_search_by_key(&id, |(s, _, _)| *s).ok()?;
        Some((bodies[i].1, bodies[i].2))
    }

    /// Reads the body of type `type_id` at offset `at` (read once already) again, then goes
    /// on where the reader was.
    pub(crate) fn reread_body<T: crate::Deserialize<'de>>(
        &mut self,
        type_id: u32,
        at: usize,
    ) -> Result<T> {
        let resume = self.r.clone();
        self.r.rewind_to(at);
        let v = T::read_data(self, &TypeInfo::of(type_id));
        self.r = resume;
        v
    }

    /// The buffer object kept for ref id `id`, if it is one (see
    /// [`read_tracked_unshared`](Self::read_tracked_unshared)).
    pub(crate) fn binary_ref(&self, id: u32) -> Option<&BufferRef<'de>> {
        let refs = self.binary_refs.as_ref()?;
        // Ref ids are taken in reading order, so the list is sorted by them.
        let i = refs.by_slot.binary_search_by_key(&id, |(s, _)| *s).ok()?;
        Some(&refs.by_slot[i].1)
    }

    #[inline]
    fn read_buffer_object_plain(&mut self) -> Result<BufferRef<'de>> {
        let Some(buffers) = self.buffers else {
            let len = self.r.length(1)?;
            return Ok(BufferRef {
                bytes: self.r.take(len)?,
                shared: None,
            });
        };
        let at = self.r.pos();
        match self.r.u8()? {
            1 => {
                let len = self.r.length(1)?;
                Ok(BufferRef {
                    bytes: self.r.take(len)?,
                    shared: None,
                })
            }
            0 => {
                let i = self.next_buffer;
                let buf = buffers.get(i).ok_or_else(|| {
                    Error::OutOfBand(
                        format!(
                            "byte {at} refers to out-of-band buffer #{i}, but only {} were given",
                            buffers.count()
                        )
                        .into(),
                    )
                })?;
                self.next_buffer += 1;
                Ok(buf)
            }
            other => Err(Error::invalid(
                at,
                format!("buffer object in-band flag must be 0 or 1, found {other}"),
            )),
        }
    }
}

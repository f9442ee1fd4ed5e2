//! The ZeroMQ form of a message (feature `zmq`): one multipart message
//! `[payload, buf0, buf1, …]`, no frame header (ZeroMQ delimits the parts).
//!
//! Sending hands the buffers to libzmq. [`send`] copies each buffer once into a ZeroMQ
//! message (the value is only borrowed); [`send_owned`] / [`send_shared`] move the value into
//! an `Arc` and give libzmq messages that point into the value's own memory, released when
//! libzmq is done with the last of them: no copy. [`send_parts`] takes owned byte vectors
//! (`Vec<u8>`, `Box<[u8]>`) without copying them. Receiving keeps every part in the
//! `zmq::Message` libzmq filled ([`recv`]), and deserializing borrows from them.

use std::os::raw::c_void;
use std::sync::Arc;

use super::aligned::AlignedBuf;
use super::{fault, FrameFault, FrameLimits};
use crate::oob::{AsBuffer, BufferRef};
use crate::serializer::{Deserialize, Serialize};
use crate::{Error, Fory, Result};

/// A `zmq::Error` as [`Error::Io`].
pub fn zmq_error(e: zmq::Error) -> Error {
    use std::io::ErrorKind;
    let kind = match e {
        zmq::Error::EAGAIN => ErrorKind::WouldBlock,
        zmq::Error::EINTR => ErrorKind::Interrupted,
        zmq::Error::ETERM | zmq::Error::ENOTSOCK => ErrorKind::NotConnected,
        zmq::Error::EHOSTUNREACH => ErrorKind::HostUnreachable,
        _ => ErrorKind::Other,
    };
    Error::Io {
        kind,
        message: format!("zmq: {e}"),
    }
}

/// Serializes `value` and sends it as `[payload, buf0, buf1, …]`. The value is borrowed, so
/// each buffer is copied once into a ZeroMQ message; [`send_owned`] avoids that copy.
///
/// ```
/// let ctx = zmq::Context::new();
/// let (tx, rx) = (ctx.socket(zmq::PAIR).unwrap(), ctx.socket(zmq::PAIR).unwrap());
/// tx.bind("inproc://doc-send").unwrap();
/// rx.connect("inproc://doc-send").unwrap();
/// let fory = fory::Fory::default();
/// fory::frame::zmq::send(&tx, &fory, &vec![9u8; 1000])?;
/// let msg = fory::frame::zmq::recv(&rx, &Default::default())?;
/// assert_eq!(msg.deserialize::<&[u8]>(&fory)?, &[9u8; 1000][..]);
/// # Ok::<(), fory::Error>(())
/// ```
pub fn send<T: Serialize + ?Sized>(socket: &zmq::Socket, fory: &Fory, value: &T) -> Result<()> {
    let mut parts = Vec::new();
    let payload = fory.serialize_with(value, |b| parts.push(zmq::Message::from(b.as_slice())))?;
    send_messages(socket, zmq::Message::from(payload), parts)
}

/// Sends a payload and owned buffers as `[payload, buf0, …]`: `Vec<u8>` and `Box<[u8]>`
/// become ZeroMQ messages without a copy.
pub fn send_parts<B: Into<zmq::Message>>(
    socket: &zmq::Socket,
    payload: Vec<u8>,
    buffers: impl IntoIterator<Item = B>,
) -> Result<()> {
    let parts = buffers.into_iter().map(Into::into).collect();
    send_messages(socket, zmq::Message::from(payload), parts)
}

fn send_messages(
    socket: &zmq::Socket,
    payload: zmq::Message,
    parts: Vec<zmq::Message>,
) -> Result<()> {
    let more = if parts.is_empty() { 0 } else { zmq::SNDMORE };
    socket.send(payload, more).map_err(zmq_error)?;
    let n = parts.len();
    for (i, p) in parts.into_iter().enumerate() {
        let flags = if i + 1 < n { zmq::SNDMORE } else { 0 };
        socket.send(p, flags).map_err(zmq_error)?;
    }
    Ok(())
}

/// Moves `value` into an `Arc` and [`send_shared`]s it: every buffer goes to libzmq as a
/// message over the value's own memory, with no copy.
///
/// ```
/// use fory::ndarray::nd::{Array2, ArrayView2};
/// let ctx = zmq::Context::new();
/// let (mut tx, rx) = (ctx.socket(zmq::PAIR).unwrap(), ctx.socket(zmq::PAIR).unwrap());
/// tx.bind("inproc://doc-owned").unwrap();
/// rx.connect("inproc://doc-owned").unwrap();
/// let fory = fory::Fory::default();
/// let batch = Array2::<f32>::ones((256, 64));
/// let at = batch.as_ptr();
/// fory::frame::zmq::send_owned(&mut tx, &fory, batch)?;
/// let msg = fory::frame::zmq::recv(&rx, &Default::default())?;
/// let view: ArrayView2<f32> = msg.deserialize(&fory)?;
/// assert_eq!(view.sum(), 256.0 * 64.0);
/// assert_eq!(view.as_ptr(), at); // inproc: the receiver reads the sender's memory
/// # Ok::<(), fory::Error>(())
/// ```
pub fn send_owned<T>(socket: &mut zmq::Socket, fory: &Fory, value: T) -> Result<()>
where
    T: Serialize + Send + Sync + 'static,
{
    send_shared(socket, fory, Arc::new(value))
}

/// Sends a value kept alive by an `Arc`: each buffer becomes a ZeroMQ message pointing into
/// the value, holding a clone of the `Arc` that libzmq drops (from its I/O thread) when it has
/// sent the part. No copy. The value must not be changed while shared (it cannot be through
/// an `Arc` without interior mutability of its buffers).
pub fn send_shared<T>(socket: &mut zmq::Socket, fory: &Fory, value: Arc<T>) -> Result<()>
where
    T: Serialize + Send + Sync + 'static,
{
    let mut views: Vec<(*const u8, usize)> = Vec::new();
    let payload = fory.serialize_with(&*value, |b| {
        views.push((b.as_slice().as_ptr(), b.len()));
    })?;
    let n = views.len();
    let more = if n == 0 { 0 } else { zmq::SNDMORE };
    socket
        .send(zmq::Message::from(payload), more)
        .map_err(zmq_error)?;
    let sock = socket.as_mut_ptr();
    for (i, (ptr, len)) in views.into_iter().enumerate() {
        let flags = if i + 1 < n { zmq::SNDMORE } else { 0 };
        if len == 0 {
            socket.send(zmq::Message::new(), flags).map_err(zmq_error)?;
            continue;
        }
        let keep: Box<dyn Keep> = Box::new(value.clone());
        let hint = Box::into_raw(Box::new(keep));
        let mut msg = zmq_sys::zmq_msg_t::default();
        // SAFETY: `ptr..ptr + len` is a buffer inside `*value` (the serializer's buffer objects
        // borrow from it); `hint` owns a clone of the `Arc`, so the memory stays valid and
        // unchanged until libzmq calls `release` with that hint, exactly once.
        let rc = unsafe {
            zmq_sys::zmq_msg_init_data(
                &mut msg,
                ptr as *mut c_void,
                len,
                Some(release),
                hint.cast(),
            )
        };
        if rc != 0 {
            // SAFETY: libzmq did not take the hint; reclaim it.
            drop(unsafe { Box::from_raw(hint) });
            return Err(zmq_error(last_error()));
        }
        // SAFETY: `msg` was initialised above and `sock` is the live socket we borrow mutably.
        let sent = unsafe { zmq_sys::zmq_msg_send(&mut msg, sock, flags) };
        if sent < 0 {
            let e = last_error();
            // SAFETY: on failure the message is still ours; closing it releases the hint.
            unsafe { zmq_sys::zmq_msg_close(&mut msg) };
            return Err(zmq_error(e));
        }
    }
    Ok(())
}

fn last_error() -> zmq::Error {
    // SAFETY: zmq_errno has no preconditions (it reads the calling thread's errno).
    zmq::Error::from_raw(unsafe { zmq_sys::zmq_errno() })
}

/// What a message part keeps alive: a type-erased `Arc<T>`.
trait Keep: Send + Sync {}
impl<T: Send + Sync> Keep for Arc<T> {}

unsafe extern "C" fn release(_data: *mut c_void, hint: *mut c_void) {
    // SAFETY: `hint` is the `Box<Box<dyn Keep>>` leaked in `send_shared`; libzmq calls this once.
    drop(unsafe { Box::from_raw(hint.cast::<Box<dyn Keep>>()) });
}

/// One received part: the ZeroMQ message itself, or an aligned copy of it when libzmq placed
/// it at an address not aligned to 8 bytes (see [`ZmqMessage::copied`]).
pub enum Part {
    /// The bytes where libzmq received them.
    Zmq(zmq::Message),
    /// A 64-byte-aligned copy.
    Copied(AlignedPart),
}

/// An aligned copy of a misaligned received part.
pub struct AlignedPart(AlignedBuf);

impl std::ops::Deref for Part {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Part::Zmq(m) => m,
            Part::Copied(c) => c.0.as_slice(),
        }
    }
}

impl AsBuffer for Part {
    fn as_buffer(&self) -> BufferRef<'_> {
        BufferRef {
            bytes: self,
            shared: None,
        }
    }
}

impl std::fmt::Debug for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = if matches!(self, Part::Zmq(_)) {
            "zmq"
        } else {
            "copied"
        };
        write!(f, "Part({kind}, {} bytes)", self.len())
    }
}

/// A received multipart message: the payload and the buffers, in the messages libzmq filled.
#[derive(Debug)]
pub struct ZmqMessage {
    payload: zmq::Message,
    buffers: Vec<Part>,
    copied: usize,
}

impl ZmqMessage {
    /// The payload (part 0).
    pub fn payload(&self) -> &[u8] {
        &self.payload
    }
    /// The buffers (parts 1…).
    pub fn buffers(&self) -> &[Part] {
        &self.buffers
    }
    /// How many buffers were copied because libzmq delivered them at an address not aligned
    /// to 8 bytes (so that `&[f64]` views stay possible). Small parts usually are; large parts
    /// (whole allocations) usually are not copied.
    pub fn copied(&self) -> usize {
        self.copied
    }
    /// Deserializes the message; `&[T]`, `&[u8]` and array-view fields borrow from the parts.
    pub fn deserialize<'s, T: Deserialize<'s>>(&'s self, fory: &Fory) -> Result<T> {
        fory.deserialize_with_buffers(&self.payload, &self.buffers)
    }
}

/// Receives one multipart message `[payload, buf0, …]`. More than
/// `limits.max_buffers + 1` parts is [`FrameFault::PartCount`] (the rest of the message is
/// received and dropped, so the socket stays usable); too few or too many parts for the
/// payload show when deserializing ([`Error::OutOfBand`]).
pub fn recv(socket: &zmq::Socket, limits: &FrameLimits) -> Result<ZmqMessage> {
    recv_flags(socket, limits, 0)
}

/// [`recv`] with `zmq` flags (for example `zmq::DONTWAIT`).
pub fn recv_flags(socket: &zmq::Socket, limits: &FrameLimits, flags: i32) -> Result<ZmqMessage> {
    let payload = socket.recv_msg(flags).map_err(zmq_error)?;
    let mut more = payload.get_more();
    let mut buffers = Vec::new();
    let mut copied = 0;
    let mut count = 1usize;
    let max = limits.max_buffers as usize;
    while more {
        let m = socket.recv_msg(0).map_err(zmq_error)?;
        more = m.get_more();
        count += 1;
        if count > max + 1 {
            continue; // drained, refused below
        }
        if (m.as_ptr() as usize) % 8 == 0 || m.is_empty() {
            buffers.push(Part::Zmq(m));
        } else {
            let mut buf = AlignedBuf::zeroed(m.len()).ok_or_else(|| {
                fault(
                    0,
                    FrameFault::Alloc {
                        len: m.len() as u64,
                    },
                )
            })?;
            buf.as_mut_slice().copy_from_slice(&m);
            buffers.push(Part::Copied(AlignedPart(buf)));
            copied += 1;
        }
    }
    if count > max + 1 {
        return Err(fault(
            0,
            FrameFault::PartCount {
                expected: max + 1,
                found: count,
            },
        ));
    }
    Ok(ZmqMessage {
        payload,
        buffers,
        copied,
    })
}

"""The fory-rs frame and ZeroMQ transports for pyfory 1.7.7.

A frame is one message (a pyfory payload written with a ``buffer_callback`` plus its out-of-band
buffers) as one byte range: a 32-byte header, the buffer lengths, the payload, then every buffer
at a 64-byte-aligned offset from the frame start (see fory-rs's README, "Frames"). Readers build
numpy arrays (via ``fory_ndarray``) directly on the received memory: no copy.

    import pyfory, fory_ndarray, fory_frame
    f = fory_ndarray.register(pyfory.Fory(xlang=True))
    fory_frame.write_frame(stream, f, obj)            # header + payload + buffers, no copies
    obj = fory_frame.read_frame(stream_or_buffer, f)  # one aligned allocation, or in place

The ZeroMQ form (``send`` / ``recv``, needs pyzmq) sends ``[payload, buf0, buf1, ...]`` as one
multipart message with ``copy=False``.
"""

from .frame import (
    ALIGN,
    HEADER_LEN,
    MAGIC,
    VERSION,
    FrameError,
    frame_parts,
    iter_frames,
    parse_frame,
    read_frame,
    read_frame_bytes,
    write_frame,
)


def send(socket, fory, obj, **kwargs):
    """Sends ``obj`` as a multipart message ``[payload, buf0, buf1, ...]`` (``copy=False``)."""
    from .zmq_io import send as _send

    return _send(socket, fory, obj, **kwargs)


def recv(socket, fory, **kwargs):
    """Receives one multipart message sent by :func:`send` (or fory-rs) with ``copy=False``."""
    from .zmq_io import recv as _recv

    return _recv(socket, fory, **kwargs)


__all__ = [
    "ALIGN",
    "HEADER_LEN",
    "MAGIC",
    "VERSION",
    "FrameError",
    "frame_parts",
    "iter_frames",
    "parse_frame",
    "read_frame",
    "read_frame_bytes",
    "write_frame",
    "send",
    "recv",
]

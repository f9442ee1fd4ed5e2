"""The ZeroMQ form: one message is the multipart ``[payload, buf0, buf1, ...]`` (no header)."""

import zmq
from pyfory.serialization import Buffer

from .frame import _bytes_view


def send(socket, fory, obj, flags=0):
    """Serializes ``obj`` with every buffer out-of-band and sends it with ``copy=False``: pyzmq
    hands buffers at or above ``zmq.COPY_THRESHOLD`` (64 KiB) to libzmq without copying."""
    collected = []
    payload = fory.serialize(obj, buffer_callback=collected.append)
    parts = [payload] + [_bytes_view(b) for b in collected]
    return socket.send_multipart(parts, flags=flags, copy=False)


def recv_parts(socket, flags=0):
    """Receives one multipart message as a list of memoryviews into libzmq's messages."""
    return [f.buffer for f in socket.recv_multipart(flags=flags, copy=False)]


def recv(socket, fory, flags=0):
    """Receives one message sent by :func:`send` (or fory-rs) and deserializes it; numpy arrays
    are views of the received ZeroMQ frames (no copy)."""
    parts = recv_parts(socket, flags)
    if not parts:
        raise ValueError("empty multipart message")
    return fory.deserialize(Buffer(parts[0]), buffers=parts[1:])


__all__ = ["send", "recv", "recv_parts", "zmq"]

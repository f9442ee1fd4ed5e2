"""The frame reader and writer (byte layout: fory-rs README, "Frames"; version 1)."""

import struct

import numpy as np
from pyfory.serialization import Buffer

MAGIC = b"\x89FRM"
VERSION = 1
ALIGN = 64
HEADER_LEN = 32
DEFAULT_MAX_FRAME_LEN = 1 << 32
DEFAULT_MAX_BUFFERS = 1 << 16

_FIXED = struct.Struct("<4sBBHIIQQ")
_ZEROS = bytes(ALIGN)


class FrameError(ValueError):
    """A malformed, oversized or truncated frame; ``at`` is the byte offset of the problem."""

    def __init__(self, at, reason):
        super().__init__(f"frame at byte {at}: {reason}")
        self.at = at
        self.reason = reason


def _align(n):
    return (n + ALIGN - 1) & ~(ALIGN - 1)


def _frame_len(payload_len, buffer_lens):
    pos = _align(HEADER_LEN + 8 * len(buffer_lens) + payload_len)
    for n in buffer_lens:
        pos = _align(pos) + n
    return _align(pos)


def _bytes_view(b):
    """A flat byte memoryview of a buffer object or any bytes-like (no copy)."""
    view = b.getbuffer() if hasattr(b, "getbuffer") else memoryview(b)
    view = memoryview(view)
    return view if view.format == "B" and view.ndim == 1 else view.cast("B")


def frame_parts(fory, obj):
    """Serializes ``obj`` with every buffer out-of-band; returns the list of byte views that
    make up its frame (header, payload, padding, buffers...), ready for ``os.writev`` or
    ``socket.sendmsg``. The buffers are views of ``obj``'s memory: no copy."""
    collected = []
    payload = fory.serialize(obj, buffer_callback=collected.append)
    views = [_bytes_view(b) for b in collected]
    lens = [v.nbytes for v in views]
    total = _frame_len(len(payload), lens)
    header = _FIXED.pack(MAGIC, VERSION, 0, 0, len(lens), 0, len(payload), total)
    header += struct.pack(f"<{len(lens)}Q", *lens)
    parts = [header, payload]
    pos = len(header) + len(payload)
    for v in views:
        pad = _align(pos) - pos
        parts += [_ZEROS[:pad], v]
        pos += pad + v.nbytes
    parts.append(_ZEROS[: total - pos])
    return parts


def write_frame(stream, fory, obj):
    """Writes ``obj`` as one frame to a binary stream; returns the frame length."""
    total = 0
    for part in frame_parts(fory, obj):
        if len(part):
            view = memoryview(part)
            while view.nbytes:  # raw streams may write less than asked
                n = stream.write(view)
                if n is None:  # non-blocking raw stream without room; BufferedWriter never
                    raise BlockingIOError("write_frame needs a blocking stream")
                view = view[n:]
                total += n
    return total


def _check_fixed(head, max_frame_len, max_buffers):
    magic, version, flags, res1, count, res2, payload_len, frame_len = _FIXED.unpack(head)
    if magic != MAGIC:
        raise FrameError(0, f"bad magic {magic!r}")
    if version != VERSION:
        raise FrameError(4, f"unsupported version {version}")
    if flags:
        raise FrameError(5, f"unknown flag bits {flags:#04x}")
    if res1 or res2:
        raise FrameError(6 if res1 else 12, "non-zero reserved field")
    if count > max_buffers:
        raise FrameError(8, f"{count} buffers exceed the limit of {max_buffers}")
    if frame_len > max_frame_len:
        raise FrameError(24, f"frame length {frame_len} exceeds the limit of {max_frame_len}")
    if frame_len % ALIGN:
        raise FrameError(24, "frame length is not a multiple of 64")
    if _align(HEADER_LEN + 8 * count + payload_len) > frame_len:
        raise FrameError(16, "header and payload exceed the frame length")
    return count, payload_len, frame_len


def parse_frame(buf, offset=0, max_frame_len=DEFAULT_MAX_FRAME_LEN, max_buffers=DEFAULT_MAX_BUFFERS):
    """Validates the frame at ``offset`` of a bytes-like (an ``mmap``, a received buffer) and
    returns ``(payload, buffers, frame_len)`` as memoryviews into it: no copy."""
    view = memoryview(buf).cast("B")[offset:]
    if view.nbytes < HEADER_LEN:
        raise FrameError(offset + view.nbytes, f"truncated: needs {HEADER_LEN} bytes, {view.nbytes} left")
    count, payload_len, frame_len = _check_fixed(bytes(view[:HEADER_LEN]), max_frame_len, max_buffers)
    if view.nbytes < frame_len:
        raise FrameError(offset + view.nbytes, f"truncated: needs {frame_len} bytes, {view.nbytes} left")
    frame = view[:frame_len]
    lens = struct.unpack_from(f"<{count}Q", frame, HEADER_LEN)
    start = HEADER_LEN + 8 * count
    payload = frame[start : start + payload_len]
    pos = start + payload_len
    buffers = []
    for i, n in enumerate(lens):
        at = _align(pos)
        if at + n > frame_len:
            raise FrameError(offset + HEADER_LEN + 8 * i, "a buffer extends past the frame length")
        if any(frame[pos:at]):
            raise FrameError(offset + pos, "non-zero padding")
        buffers.append(frame[at : at + n])
        pos = at + n
    if _align(pos) != frame_len:
        raise FrameError(offset + 24, "the parts do not add up to the frame length")
    if any(frame[pos:frame_len]):
        raise FrameError(offset + pos, "non-zero padding")
    return payload, buffers, frame_len


def _deserialize(fory, payload, buffers):
    return fory.deserialize(Buffer(payload), buffers=buffers)


def _read_fully(stream, view):
    got = 0
    while got < view.nbytes:
        n = stream.readinto(view[got:])
        if not n:
            break
        got += n
    return got


def read_frame_bytes(stream, max_frame_len=DEFAULT_MAX_FRAME_LEN, max_buffers=DEFAULT_MAX_BUFFERS):
    """Reads one frame from a binary stream into one new 64-byte-aligned buffer (a numpy
    array); returns a memoryview of the frame, or ``None`` at the end of the stream."""
    head = bytearray(HEADER_LEN)
    got = _read_fully(stream, memoryview(head))
    if got == 0:
        return None
    if got < HEADER_LEN:
        raise FrameError(got, f"truncated: needs {HEADER_LEN} bytes, {got} arrived")
    _, _, frame_len = _check_fixed(bytes(head), max_frame_len, max_buffers)
    raw = np.empty(frame_len + ALIGN, dtype=np.uint8)
    skip = (-raw.ctypes.data) % ALIGN
    frame = memoryview(raw[skip : skip + frame_len])
    frame[:HEADER_LEN] = head
    got = HEADER_LEN + _read_fully(stream, frame[HEADER_LEN:])
    if got < frame_len:
        raise FrameError(got, f"truncated: needs {frame_len} bytes, {got} arrived")
    return frame


def read_frame(source, fory, offset=0, max_frame_len=DEFAULT_MAX_FRAME_LEN, max_buffers=DEFAULT_MAX_BUFFERS):
    """Reads one frame and deserializes it. ``source`` is a binary stream (read into one
    aligned allocation; returns ``None`` at its end) or a bytes-like read in place from
    ``offset``. numpy arrays in the result are views of the frame's memory."""
    if hasattr(source, "readinto"):
        frame = read_frame_bytes(source, max_frame_len, max_buffers)
        if frame is None:
            return None
        source, offset = frame, 0
    payload, buffers, _ = parse_frame(source, offset, max_frame_len, max_buffers)
    return _deserialize(fory, payload, buffers)


def iter_frames(buf, fory, max_frame_len=DEFAULT_MAX_FRAME_LEN, max_buffers=DEFAULT_MAX_BUFFERS):
    """Yields the value of every frame of a bytes-like holding frames back to back (in place)."""
    view = memoryview(buf).cast("B")
    offset = 0
    while offset < view.nbytes:
        payload, buffers, n = parse_frame(view, offset, max_frame_len, max_buffers)
        yield _deserialize(fory, payload, buffers)
        offset += n

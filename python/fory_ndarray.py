"""N-D numpy arrays for pyfory 1.7.7 in xlang mode, in the wire layout fory-rs uses.

pyfory 1.7.7 cannot serialize an N-D ``numpy.ndarray`` in xlang mode (it raises
``NotImplementedError``), and writes 1-D arrays as dense ``*_ARRAY`` bodies that never go
out-of-band. This module registers a serializer for ``numpy.ndarray`` under the named extension
type ``fory.ndarray`` (NAMED_EXT, namespace ``fory``, name ``ndarray``) whose body is::

    u8         element type id (xlang scalar id: BOOL=1, INT8=2, INT16=3, INT32=4, INT64=6,
               UINT8=9, UINT16=10, UINT32=11, UINT64=13, FLOAT16=17, FLOAT32=19, FLOAT64=20)
    varuint32  ndim
    ndim x varuint64  dims (C order, outermost first)
    buffer object     the elements, little-endian, C order (``varuint32 len + bytes`` without a
                      buffer callback; ``u8 in_band`` [+ ``varuint32 len + bytes``] with one)

so any array goes out-of-band whenever a ``buffer_callback`` is given, and reads back without a
copy (``np.frombuffer`` over the received buffer).

Usage::

    import pyfory, fory_ndarray
    f = pyfory.Fory(xlang=True)
    fory_ndarray.register(f)
    bufs = []
    payload = f.serialize(np.ones((2, 3)), buffer_callback=bufs.append)
    back = f.deserialize(payload, buffers=[b.getbuffer() for b in bufs])

Registration replaces pyfory's own xlang ``numpy.ndarray`` serializer on that ``Fory`` instance:
from then on every ``numpy.ndarray`` written through it (1-D included) uses ``fory.ndarray``.
Dense ``*_ARRAY`` payloads (from a Rust ``Vec<f64>`` or an un-registered pyfory) still read as
1-D numpy arrays, through pyfory's own readers, which are keyed by type id and left alone.

Two pyfory 1.7.7 details are worked around here (see ``register``): ``numpy.ndarray`` is
pre-registered internally, so it is removed from the resolver before ``register_type``; and in
compatible mode pyfory replaces a named extension's serializer when it builds the type's TypeDef
lazily, so the (field-less) TypeDef is built eagerly at registration.
"""

import sys

import numpy as np
from pyfory._fory import BufferObject
from pyfory.meta.typedef_encoder import encode_typedef
from pyfory.serialization import Serializer

__all__ = ["NAMESPACE", "TYPE_NAME", "NDArrayXlangSerializer", "register", "buffer_views"]

NAMESPACE = "fory"
TYPE_NAME = "ndarray"

# numpy dtype -> xlang scalar type id, and back.
_DTYPE_TO_ID = {
    np.dtype(np.bool_): 1,
    np.dtype(np.int8): 2,
    np.dtype(np.int16): 3,
    np.dtype(np.int32): 4,
    np.dtype(np.int64): 6,
    np.dtype(np.uint8): 9,
    np.dtype(np.uint16): 10,
    np.dtype(np.uint32): 11,
    np.dtype(np.uint64): 13,
    np.dtype(np.float16): 17,
    np.dtype(np.float32): 19,
    np.dtype(np.float64): 20,
}
_ID_TO_DTYPE = {i: d.newbyteorder("<") for d, i in _DTYPE_TO_ID.items()}

# numpy's own limit (NPY_MAXDIMS) in numpy 2.x.
MAX_NDIM = 64


class _ArrayBuffer(BufferObject):
    """A buffer object over a C-contiguous little-endian array: ``getbuffer`` is zero-copy."""

    __slots__ = ("array",)

    def __init__(self, array):
        self.array = array

    def total_bytes(self):
        return self.array.nbytes

    def write_to(self, stream):
        view = memoryview(self.array.reshape(-1).view(np.uint8))
        if hasattr(stream, "write_buffer"):
            stream.write_buffer(view)
        elif hasattr(stream, "write_bytes"):
            stream.write_bytes(bytes(view))
        else:
            stream.write(view)

    def getbuffer(self):
        return memoryview(self.array.reshape(-1).view(np.uint8))

    def raw(self):
        return self.getbuffer()


def _wire_array(value):
    """The array as its wire bytes: C-contiguous and little-endian (no copy when it already is)."""
    arr = np.asarray(value)
    # Big-endian input ('>f8') maps to the same element type; it is byte-swapped below.
    type_id = _DTYPE_TO_ID.get(arr.dtype.newbyteorder("="))
    if type_id is None:
        raise NotImplementedError(f"fory.ndarray does not support dtype {arr.dtype}")
    want = _ID_TO_DTYPE[type_id]
    if arr.dtype != want or not arr.flags.c_contiguous:
        arr = np.ascontiguousarray(arr, dtype=want)
    return type_id, arr


class NDArrayXlangSerializer(Serializer):
    """pyfory serializer for ``numpy.ndarray`` speaking the ``fory.ndarray`` layout."""

    def __init__(self, type_resolver, type_=np.ndarray):
        super().__init__(type_resolver, type_)
        self.read_data_always_advances = True

    def write(self, write_context, value):
        type_id, arr = _wire_array(value)
        write_context.write_uint8(type_id)
        write_context.write_var_uint32(arr.ndim)
        for dim in arr.shape:
            write_context.write_var_uint64(dim)
        write_context.write_buffer_object(_ArrayBuffer(arr))

    def read(self, read_context):
        type_id = read_context.read_uint8()
        dtype = _ID_TO_DTYPE.get(type_id)
        if dtype is None:
            raise ValueError(f"fory.ndarray: unknown element type id {type_id}")
        ndim = read_context.read_var_uint32()
        if ndim > MAX_NDIM:
            raise ValueError(f"fory.ndarray: rank {ndim} exceeds {MAX_NDIM}")
        shape = tuple(read_context.read_var_uint64() for _ in range(ndim))
        buf = read_context.read_buffer_object()
        view = memoryview(buf).cast("B") if not isinstance(buf, (bytes, bytearray)) else memoryview(buf)
        count = 1
        for dim in shape:
            count *= dim  # Python ints do not overflow
        if count * dtype.itemsize != view.nbytes:
            raise ValueError(
                f"fory.ndarray: shape {shape} of {dtype} needs {count * dtype.itemsize} bytes, "
                f"the buffer has {view.nbytes}"
            )
        # Zero-copy: the array is a view of the received buffer (in-band: of the payload).
        arr = np.frombuffer(view, dtype=dtype, count=count).reshape(shape)
        if sys.byteorder == "little" and dtype.itemsize > 1:
            arr = arr.view(dtype.newbyteorder("="))
        elif dtype.itemsize > 1:
            arr = arr.astype(dtype.newbyteorder("="))
        return arr


def register(fory):
    """Registers ``numpy.ndarray`` as ``fory.ndarray`` on an xlang ``pyfory.Fory``; returns it."""
    resolver = fory.type_resolver
    # pyfory pre-registers numpy.ndarray (1-D only) in xlang mode; register_type refuses a
    # registered class, so drop that entry first.
    resolver._types_info.pop(np.ndarray, None)
    info = fory.register_type(
        np.ndarray,
        name=f"{NAMESPACE}.{TYPE_NAME}",
        serializer=NDArrayXlangSerializer(resolver, np.ndarray),
    )
    if getattr(resolver, "meta_share", False) or getattr(resolver, "compatible", False):
        # Build the field-less NAMED_EXT TypeDef now: pyfory's lazy path would replace our
        # serializer with a generic one.
        info.type_def = encode_typedef(resolver, np.ndarray)
    return fory


def buffer_views(buffers):
    """``getbuffer()`` of each buffer object a ``buffer_callback`` collected (no copies)."""
    return [b.getbuffer() for b in buffers]

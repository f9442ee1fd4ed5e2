"""Union classes for pyfory 1.7.7 in xlang mode, as fory-rs derives them from Rust enums with data.

pyfory 1.7.7 reads and writes unions (``pyfory.union.Union`` subclasses registered with
``Fory.register_union``) but leaves two steps to the caller: the class must build its values from
a case id (``_from_case_id``), and ``register_union`` needs a ``UnionSerializer`` holding the
case table. A third is a pyfory bug: with ``compatible=True`` a union registered **by name** has
its serializer replaced by pyfory's generic object serializer when pyfory builds the type's
TypeDef lazily (the first message then carries the union's ``_case_id`` and ``_value`` slots as
fields). ``register_union`` here builds that TypeDef eagerly, as pyfory does for the types it
registers itself, so the union serializer stays.

```python
import pyfory, fory_union

class Shape(fory_union.Union):
    CASES = {0: float, 1: Rect, 2: str, 3: type(None)}

f = pyfory.Fory(xlang=True, compatible=True)
fory_union.register_union(f, Shape, name="demo.Shape")
f.serialize(Shape(1, Rect(3, 4)))
```
"""

from pyfory.meta.typedef_encoder import encode_typedef
from pyfory.union import Union as _PyforyUnion
from pyfory.union import UnionSerializer

__all__ = ["Union", "register_union"]


class Union(_PyforyUnion):
    """A ``pyfory.union.Union`` with a case table (``CASES``: case id -> Python type), equality,
    and the ``_from_case_id`` constructor pyfory's reader calls."""

    __slots__ = ()
    CASES = {}

    @classmethod
    def _from_case_id(cls, case_id, value):
        return cls(case_id, value)

    def __eq__(self, other):
        return type(other) is type(self) and other._case_id == self._case_id and other._value == self._value

    def __hash__(self):
        return hash((type(self), self._case_id))


def register_union(fory, cls, *, type_id=None, name=None, cases=None):
    """Registers union class ``cls`` (by ``type_id`` or ``name``) with its case table ``cases``
    (default ``cls.CASES``) on an xlang ``pyfory.Fory``; returns the ``fory``."""
    resolver = fory.type_resolver
    serializer = UnionSerializer(resolver, cls, dict(cases if cases is not None else cls.CASES))
    info = fory.register_union(cls, type_id=type_id, name=name, serializer=serializer)
    if info is None:
        info = resolver.get_type_info(cls)
    if name is not None and (getattr(resolver, "meta_share", False) or getattr(resolver, "compatible", False)):
        info.type_def = encode_typedef(resolver, cls)
    return fory

//! Fory xlang type ids, as pyfory 1.7.7 writes them (one byte on the wire).

#![allow(missing_docs)]

pub const UNKNOWN: u32 = 0;
pub const BOOL: u32 = 1;
pub const INT8: u32 = 2;
pub const INT16: u32 = 3;
pub const INT32: u32 = 4;
pub const VARINT32: u32 = 5;
pub const INT64: u32 = 6;
pub const VARINT64: u32 = 7;
pub const TAGGED_INT64: u32 = 8;
pub const UINT8: u32 = 9;
pub const UINT16: u32 = 10;
pub const UINT32: u32 = 11;
pub const VAR_UINT32: u32 = 12;
pub const UINT64: u32 = 13;
pub const VAR_UINT64: u32 = 14;
pub const TAGGED_UINT64: u32 = 15;
pub const FLOAT8: u32 = 16;
pub const FLOAT16: u32 = 17;
pub const BFLOAT16: u32 = 18;
pub const FLOAT32: u32 = 19;
pub const FLOAT64: u32 = 20;
pub const STRING: u32 = 21;
pub const LIST: u32 = 22;
pub const SET: u32 = 23;
pub const MAP: u32 = 24;
pub const ENUM: u32 = 25;
pub const NAMED_ENUM: u32 = 26;
pub const STRUCT: u32 = 27;
pub const COMPATIBLE_STRUCT: u32 = 28;
pub const NAMED_STRUCT: u32 = 29;
pub const NAMED_COMPATIBLE_STRUCT: u32 = 30;
pub const EXT: u32 = 31;
pub const NAMED_EXT: u32 = 32;
pub const UNION: u32 = 33;
pub const TYPED_UNION: u32 = 34;
pub const NAMED_UNION: u32 = 35;
pub const NONE: u32 = 36;
pub const DURATION: u32 = 37;
pub const TIMESTAMP: u32 = 38;
pub const DATE: u32 = 39;
pub const DECIMAL: u32 = 40;
pub const BINARY: u32 = 41;
pub const ARRAY: u32 = 42;
pub const BOOL_ARRAY: u32 = 43;
pub const INT8_ARRAY: u32 = 44;
pub const INT16_ARRAY: u32 = 45;
pub const INT32_ARRAY: u32 = 46;
pub const INT64_ARRAY: u32 = 47;
pub const UINT8_ARRAY: u32 = 48;
pub const UINT16_ARRAY: u32 = 49;
pub const UINT32_ARRAY: u32 = 50;
pub const UINT64_ARRAY: u32 = 51;
pub const FLOAT8_ARRAY: u32 = 52;
pub const FLOAT16_ARRAY: u32 = 53;
pub const BFLOAT16_ARRAY: u32 = 54;
pub const FLOAT32_ARRAY: u32 = 55;
pub const FLOAT64_ARRAY: u32 = 56;

/// Whether values of this type are "primitive" in pyfory's field grouping (scalars).
pub const fn is_primitive(id: u32) -> bool {
    matches!(id, BOOL..=FLOAT64)
}

/// Whether the type uses a variable-length encoding (pyfory sorts these after fixed-size ones).
pub const fn is_compressed(id: u32) -> bool {
    matches!(
        id,
        VARINT32 | VARINT64 | TAGGED_INT64 | VAR_UINT32 | VAR_UINT64 | TAGGED_UINT64
    )
}

/// Size in bytes of a primitive type's in-memory value, used for field sorting.
pub const fn primitive_size(id: u32) -> usize {
    match id {
        BOOL | INT8 | UINT8 | FLOAT8 => 1,
        INT16 | UINT16 | FLOAT16 | BFLOAT16 => 2,
        INT32 | VARINT32 | UINT32 | VAR_UINT32 | FLOAT32 => 4,
        INT64 | VARINT64 | TAGGED_INT64 | UINT64 | VAR_UINT64 | TAGGED_UINT64 | FLOAT64 => 8,
        _ => 0,
    }
}

/// Whether the id names a user struct (any of the four struct kinds).
pub const fn is_struct(id: u32) -> bool {
    matches!(
        id,
        STRUCT | COMPATIBLE_STRUCT | NAMED_STRUCT | NAMED_COMPATIBLE_STRUCT
    )
}

/// Where a value with a declared type sits: each position has its own rule for whether the
/// value's type info is still written (see [`carries_type_info`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// A struct field.
    Field,
    /// An element of a LIST or SET whose element type is declared.
    Element,
    /// A key or value of a MAP whose key or value type is declared.
    MapEntry,
}

/// Whether a value declared as `id` at `pos` still has its type info on the wire, as pyfory
/// 1.7.7 writes it. This is the one place that decides it, for writing and reading alike:
/// * UNKNOWN (untyped, `Any`, `numpy.ndarray`) always carries it;
/// * list and set elements of struct or ext type always carry it;
/// * a struct field of struct type carries it, except a struct registered by id
///   in schema-consistent mode (pyfory's serializer for it is fixed, so no per-field type info);
/// * map keys and values of struct type carry it only in compatible mode (the child schema may
///   differ); in schema-consistent mode the chunk header declares them.
/// * a union declared as UNION (a field of a registered union class, its list elements and map
///   values) never carries it: the declaration names the union, and its case value carries
///   its own type info inside the body. TYPED_UNION and NAMED_UNION are never declared
///   (pyfory declares every union UNION); they carry it like any undeclared value.
/// * everything else (scalars, strings, containers, enums, and DURATION, TIMESTAMP, DATE,
///   DECIMAL) is declared.
#[inline(always)]
pub const fn carries_type_info(id: u32, pos: Position, compatible: bool) -> bool {
    match id {
        UNKNOWN => true,
        STRUCT | COMPATIBLE_STRUCT | NAMED_STRUCT | NAMED_COMPATIBLE_STRUCT | EXT | NAMED_EXT => {
            match pos {
                Position::Element => true,
                Position::Field => compatible || !matches!(id, STRUCT | EXT),
                Position::MapEntry => compatible && is_struct(id),
            }
        }
        UNION => false,
        TYPED_UNION | NAMED_UNION => true,
        _ => false,
    }
}

/// Whether the id is one of the three union kinds.
pub const fn is_union(id: u32) -> bool {
    matches!(id, UNION | TYPED_UNION | NAMED_UNION)
}

/// Whether values written in a declared position as type `id` carry a ref flag when ref
/// tracking is on (pyfory's `need_to_write_ref` of the serializer the declaration selects):
/// containers, binary, structs, untyped values and the temporal types (DURATION, TIMESTAMP,
/// DATE: pyfory tracks `timedelta`, `datetime` and `date` objects) do; scalars, strings,
/// DECIMAL, enums and dense arrays (`pyfory.Int32Array`, unlike an untyped `numpy.ndarray`) do
/// not. In undeclared positions the value's own type decides (`fory::Serialize::tracked`).
#[inline(always)]
pub const fn declared_tracked(id: u32) -> bool {
    !(is_primitive(id)
        || is_dense_array(id)
        || matches!(id, STRING | DECIMAL | ENUM | NAMED_ENUM | NONE))
}

/// Whether the id is one of the temporal types (DURATION, TIMESTAMP, DATE), whose values
/// pyfory tracks by reference although they have no identity in Rust.
pub const fn is_temporal(id: u32) -> bool {
    matches!(id, DURATION | TIMESTAMP | DATE)
}

/// Whether the id is a user type (struct, enum, ext, union) whose type info carries more than the id.
pub const fn is_user_type(id: u32) -> bool {
    matches!(id, ENUM..=EXT | NAMED_EXT | TYPED_UNION | NAMED_UNION)
}

/// Whether the id is one of the dense `*_ARRAY` types.
pub const fn is_dense_array(id: u32) -> bool {
    matches!(id, BOOL_ARRAY..=FLOAT64_ARRAY)
}

/// Element width in bytes of a dense array type.
pub const fn dense_elem_size(id: u32) -> usize {
    match id {
        BOOL_ARRAY | INT8_ARRAY | UINT8_ARRAY | FLOAT8_ARRAY => 1,
        INT16_ARRAY | UINT16_ARRAY | FLOAT16_ARRAY | BFLOAT16_ARRAY => 2,
        INT32_ARRAY | UINT32_ARRAY | FLOAT32_ARRAY => 4,
        INT64_ARRAY | UINT64_ARRAY | FLOAT64_ARRAY => 8,
        _ => 0,
    }
}

//! The settings a [`Fory`](crate::Fory) instance is built with, which the write and read
//! contexts consult on every message.

/// Settings of a [`Fory`](crate::Fory) instance.
#[derive(Debug, Clone)]
pub struct Config {
    /// Compatible (schema-evolution) mode: structs carry a shared TypeDef. Default `true`, as in
    /// pyfory.
    pub compatible: bool,
    /// Reference tracking: shared `Rc`/`Arc` values are written once. Default `false`.
    pub track_ref: bool,
    /// Deepest nesting accepted when reading, and written when writing (what one side
    /// refuses, the other does too). Default 128.
    pub max_depth: u32,
    /// Container elements per message that take no bytes on the wire (field-less structs in
    /// compatible mode), which the reader cannot bound by the input's length. Reading refuses
    /// a message with more, and writing refuses to write one. Default 8192.
    pub max_unbacked_items: usize,
    /// Whether `deserialize_with_buffers` accepts buffers that the message did not use.
    /// Default `false`: surplus buffers are an error.
    pub allow_unused_buffers: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            compatible: true,
            track_ref: false,
            max_depth: 128,
            max_unbacked_items: 8192,
            allow_unused_buffers: false,
        }
    }
}

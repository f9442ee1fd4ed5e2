//! Meta strings: the compact encodings pyfory uses for namespaces, type names and field names.

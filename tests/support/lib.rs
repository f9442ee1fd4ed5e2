//! Shared helpers for the integration tests: locating and running the pinned pyfory.
//!
//! Interop tests never skip: if the interpreter or pyfory is missing they fail with a message
//! saying how to install it (`.ci/run` does).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// The Python interpreter with pyfory 1.7.7: `$FORY_PYTHON`, else `<workspace>/.venv/bin/python`.
pub fn python() -> PathBuf {
    if let Some(p) = std::env::var_os("FORY_PYTHON") {
        return PathBuf::from(p);
    }
    let venv = workspace_root().join(".venv/bin/python");
    assert!(
        venv.exists(),
        "no Python for the interop tests: set FORY_PYTHON or run \
         `python3 -m venv .venv && .venv/bin/pip install -r python/requirements.txt`"
    );
    venv
}

/// Runs a Python script (with `tests/python` and `python/` on `sys.path`), feeding `stdin`,
/// and returns its stdout. Panics with the script's stderr if it fails.
pub fn run_python(script: &str, args: &[&str], stdin: &[u8]) -> Vec<u8> {
    let root = workspace_root();
    let path = format!(
        "{}:{}",
        root.join("tests/python").display(),
        root.join("python").display()
    );
    let mut child = Command::new(python())
        .arg("-c")
        .arg(script)
        .args(args)
        .env("PYTHONPATH", path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", python().display()));
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(stdin)
        .expect("write to python");
    let out = child.wait_with_output().expect("python runs");
    assert!(
        out.status.success(),
        "python failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The bytes pyfory writes for `expr` with Fory `ctor` after running `setup` (which may define
/// and register dataclasses on the instance `f`).
pub fn pyfory_bytes(expr: &str, ctor: &str, setup: &str) -> Vec<u8> {
    let script = format!(
        "import sys, dataclasses, enum, typing\nimport pyfory\nfrom dataclasses import dataclass\n\
         from typing import List, Dict, Optional, Set\nf = pyfory.{ctor}\n{setup}\n\
         sys.stdout.write(f.serialize({expr}).hex())\n"
    );
    let out = run_python(&script, &[], b"");
    hex_decode(std::str::from_utf8(&out).expect("hex"))
}

/// Decodes lower-case hex.
pub fn hex_decode(s: &str) -> Vec<u8> {
    let s = s.trim();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex digit"))
        .collect()
}

/// Encodes as lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

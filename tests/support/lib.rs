//! Shared helpers for the integration tests: locating and running the pinned pyfory.
//!
//! Interop tests never skip: if the interpreter or pyfory is missing they fail with a message
//! saying how to install it (`.ci/run` does).

pub mod counting;

/// A `Fory` in the given modes, nothing registered: the one builder of the tests.
pub fn fory(compatible: bool, track_ref: bool) -> fory::Fory {
    fory::Fory::builder()
        .compatible(compatible)
        .ref_tracking(track_ref)
        .build()
}

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

/// Sends `input` (case name -> what Rust wrote) as JSON to `<script> check` (a script in
/// `tests/python`) and returns its verdict per case: the one "ask Python, parse the verdict"
/// helper of the interop tests.
pub fn python_verdicts(
    script: &str,
    input: serde_json::Map<String, serde_json::Value>,
) -> serde_json::Map<String, serde_json::Value> {
    let out = run_python(
        &script_runner(script),
        &["check"],
        serde_json::to_string(&input).expect("json").as_bytes(),
    );
    let json: serde_json::Value = serde_json::from_slice(&out).expect("verdict JSON");
    json.as_object().expect("an object of verdicts").clone()
}

/// Messages written by Rust (case name, payload, out-of-band buffers) as the `check` input
/// of the out-of-band scripts: `{name: {"payload": hex, "buffers": [hex, ...]}}`.
pub fn messages_json(written: &[OobWritten]) -> serde_json::Map<String, serde_json::Value> {
    written
        .iter()
        .map(|(n, p, bufs)| {
            let bufs: Vec<String> = bufs.iter().map(|b| hex(b)).collect();
            (
                n.clone(),
                serde_json::json!({"payload": hex(p), "buffers": bufs}),
            )
        })
        .collect()
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

/// One catalogue case as pyfory wrote it.
#[derive(Debug, Clone)]
pub struct Case {
    /// The case name (shared with `tests/python/catalogue.py`).
    pub name: String,
    /// pyfory's bytes.
    pub bytes: Vec<u8>,
    /// Whether it was written in compatible mode.
    pub compatible: bool,
    /// Whether it was written with ref tracking.
    pub track_ref: bool,
}

impl Case {
    /// A `Fory` in the case's modes, nothing registered.
    pub fn fory(&self) -> fory::Fory {
        fory(self.compatible, self.track_ref)
    }
}

/// Runs `catalogue.py emit`: every catalogue case as pyfory 1.7.7 serializes it.
pub fn catalogue() -> Vec<Case> {
    let out = run_python(&catalogue_script(), &["emit"], b"");
    let json: serde_json::Value = serde_json::from_slice(&out).expect("catalogue JSON");
    json.as_object()
        .expect("object")
        .iter()
        .map(|(name, c)| Case {
            name: name.clone(),
            bytes: hex_decode(c["hex"].as_str().expect("hex")),
            compatible: c["compatible"].as_bool().expect("bool"),
            track_ref: c["ref"].as_bool().expect("bool"),
        })
        .collect()
}

/// pyfory's verdict on one payload written by Rust.
#[derive(Debug, Clone)]
pub struct Verdict {
    /// pyfory read it back equal to the catalogue value.
    pub ok: bool,
    /// The bytes equal pyfory's own for the same value.
    pub same_bytes: bool,
    /// pyfory's bytes, for diagnostics.
    pub pyfory_hex: String,
    /// What went wrong, if anything.
    pub error: String,
}

/// Runs `catalogue.py check` on payloads written by Rust.
pub fn check_in_python(
    written: &[(String, Vec<u8>)],
) -> std::collections::BTreeMap<String, Verdict> {
    let input = written
        .iter()
        .map(|(n, b)| (n.clone(), serde_json::Value::String(hex(b))))
        .collect();
    let json = python_verdicts("catalogue.py", input);
    json.iter()
        .map(|(n, v)| {
            (
                n.clone(),
                Verdict {
                    ok: v["ok"].as_bool().expect("ok"),
                    same_bytes: v["same_bytes"].as_bool().expect("same_bytes"),
                    pyfory_hex: v["pyfory_hex"].as_str().unwrap_or_default().to_string(),
                    error: v["error"].as_str().unwrap_or_default().to_string(),
                },
            )
        })
        .collect()
}

fn catalogue_script() -> String {
    script_runner("catalogue.py")
}

/// A `python -c` program that runs `tests/python/<name>` as `__main__` with our arguments.
pub fn script_runner(name: &str) -> String {
    let path = workspace_root().join("tests/python").join(name);
    format!(
        "import runpy, sys\nsys.argv = ['script'] + sys.argv[1:]\nrunpy.run_path({:?}, run_name='__main__')\n",
        path.display().to_string()
    )
}

/// One out-of-band case: payload plus buffers.
#[derive(Debug, Clone)]
pub struct OobCase {
    /// Case name (shared with `tests/python/oob.py`).
    pub name: String,
    /// The payload.
    pub payload: Vec<u8>,
    /// The out-of-band buffers in callback order.
    pub buffers: Vec<Vec<u8>>,
    /// Compatible mode.
    pub compatible: bool,
    /// Ref tracking.
    pub track_ref: bool,
}

impl OobCase {
    /// A `Fory` in the case's modes, nothing registered.
    pub fn fory(&self) -> fory::Fory {
        fory(self.compatible, self.track_ref)
    }
}

/// Runs `oob.py emit`.
pub fn oob_cases() -> Vec<OobCase> {
    let out = run_python(&script_runner("oob.py"), &["emit"], b"");
    let json: serde_json::Value = serde_json::from_slice(&out).expect("oob JSON");
    json.as_object()
        .expect("object")
        .iter()
        .map(|(name, c)| OobCase {
            name: name.clone(),
            payload: hex_decode(c["payload"].as_str().expect("payload")),
            buffers: c["buffers"]
                .as_array()
                .expect("buffers")
                .iter()
                .map(|b| hex_decode(b.as_str().expect("hex")))
                .collect(),
            compatible: c["compatible"].as_bool().expect("bool"),
            track_ref: c["ref"].as_bool().expect("bool"),
        })
        .collect()
}

/// pyfory's verdict on one out-of-band case: (name, read back equal, payload equals
/// pyfory's, error, pyfory's payload).
pub type OobVerdict = (String, bool, bool, String, String);

/// One out-of-band message written by Rust: (case name, payload, buffers).
pub type OobWritten = (String, Vec<u8>, Vec<Vec<u8>>);

/// Runs `oob.py check` on messages written by Rust.
pub fn oob_check(written: &[OobWritten]) -> Vec<OobVerdict> {
    let json = python_verdicts("oob.py", messages_json(written));
    json.iter()
        .map(|(n, v)| {
            (
                n.clone(),
                v["ok"].as_bool().expect("ok"),
                v["same_payload"].as_bool().expect("same"),
                v["error"].as_str().unwrap_or_default().to_string(),
                v["pyfory_payload"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// An item registered by id or by name, the same source for both: `user!(id | name, ID, "ns.Name",
/// [derives], item)` derives the item and gives it `#[fory(id = ID)]` or
/// `#[fory(name = "ns.Name")]`, so that one test module can run a schema both ways.
#[macro_export]
macro_rules! user {
    (id, $id:tt, $name:tt, [$($d:path),*], $($item:tt)*) => {
        #[derive($($d),*)]
        #[fory(id = $id)]
        $($item)*
    };
    (name, $id:tt, $name:tt, [$($d:path),*], $($item:tt)*) => {
        #[derive($($d),*)]
        #[fory(name = $name)]
        $($item)*
    };
}

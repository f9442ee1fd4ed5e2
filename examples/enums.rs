//! A Rust enum with data as an xlang union, round-tripped through Python (pyfory 1.7.7).
//!
//! `Shape` derives as a union registered by name: each value is its case id and the case's
//! value. Rust writes a `Vec<Shape>` inside a struct; a Python process reads it as
//! `pyfory.union.Union` values (registered with `python/fory_union.py`), adds a case, and
//! writes the struct back; Rust reads Python's bytes. A newer case Rust does not know lands in
//! the `#[fory(other)]` variant and is written back unchanged.
//!
//! ```sh
//! cargo run -p fory-examples --example enums
//! ```
//! (Python: `$FORY_PYTHON`, else `.venv/bin/python` with `python/requirements.txt`.)

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use fory::{Fory, ForyDeserialize, ForySerialize, Value};

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Clone, Default)]
#[fory(name = "demo.Rect")]
pub struct Rect {
    pub w: i32,
    pub h: i32,
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Clone, Default)]
#[fory(name = "demo.Shape")]
pub enum Shape {
    Circle(f64),
    Rect(Rect),
    Label {
        text: String,
    },
    #[default]
    Empty,
    /// A case this enum does not have (Python's case 4): kept, and written back as it came.
    #[fory(other)]
    Unknown(u32, Value),
}

#[derive(ForySerialize, ForyDeserialize, Debug, PartialEq, Clone, Default)]
#[fory(name = "demo.Drawing")]
pub struct Drawing {
    pub title: String,
    pub shapes: Vec<Shape>,
}

const PY: &str = r#"
import sys
from dataclasses import dataclass
from typing import List
import pyfory, fory_union

@dataclass
class Rect:
    w: pyfory.Int32 = 0
    h: pyfory.Int32 = 0

class Shape(fory_union.Union):
    CASES = {0: float, 1: Rect, 2: str, 3: type(None), 4: list}

@dataclass
class Drawing:
    title: str = ""
    shapes: List[Shape] = None

f = pyfory.Fory(xlang=True, compatible=True)
f.register(Rect, name="demo.Rect")
fory_union.register_union(f, Shape, name="demo.Shape")
f.register(Drawing, name="demo.Drawing")
d = f.deserialize(sys.stdin.buffer.read())
assert d.shapes[1] == Shape(1, Rect(3, 4)), d
d.shapes.append(Shape(4, [1, 2, 3]))       # a case Rust's enum does not have
d.title += " (seen by Python)"
sys.stdout.write(f.serialize(d).hex())
"#;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("examples/ has a parent")
        .to_path_buf()
}

fn python() -> PathBuf {
    std::env::var_os("FORY_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join(".venv/bin/python"))
}

/// Runs the Python side: `payload` on stdin, its payload back as hex on stdout.
fn through_python(payload: &[u8]) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let mut child = Command::new(python())
        .arg("-c")
        .arg(PY)
        .env("PYTHONPATH", root().join("python"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", python().display()))?;
    child.stdin.take().expect("piped").write_all(payload)?;
    let out = child.wait_with_output()?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into());
    }
    let hex = std::str::from_utf8(&out.stdout)?.trim();
    Ok((0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16))
        .collect::<Result<_, _>>()?)
}

pub fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut fory = Fory::builder().compatible(true).build();
    fory.register::<Rect>()?;
    fory.register::<Shape>()?;
    fory.register::<Drawing>()?;

    let drawing = Drawing {
        title: "demo".into(),
        shapes: vec![
            Shape::Circle(1.5),
            Shape::Rect(Rect { w: 3, h: 4 }),
            Shape::Label { text: "hi".into() },
            Shape::Empty,
        ],
    };
    let from_python = through_python(&fory.serialize(&drawing)?)?;
    let back: Drawing = fory.deserialize(&from_python)?;
    assert_eq!(back.title, "demo (seen by Python)");
    assert_eq!(back.shapes[..4], drawing.shapes[..]);
    let Shape::Unknown(4, list) = &back.shapes[4] else {
        return Err(format!("expected Python's case 4, got {:?}", back.shapes[4]).into());
    };
    println!("Python added case 4 = {list:?}");
    // Written back unchanged: Rust's bytes are Python's.
    assert_eq!(fory.serialize(&back)?, from_python);
    println!("{} shapes round-tripped through Python", back.shapes.len());
    Ok(())
}

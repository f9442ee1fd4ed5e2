//! Runs every example's `main`, so the README's scenarios cannot rot.

#[path = "../examples/quickstart.rs"]
mod quickstart;

#[test]
fn run_quickstart() {
    quickstart::main().unwrap();
}

#[path = "../examples/oob_f64_array.rs"]
mod oob_f64_array;

#[test]
fn run_oob_f64_array() {
    oob_f64_array::main().unwrap();
}

#[path = "../examples/oob_dataframe.rs"]
mod oob_dataframe;

#[test]
fn run_oob_dataframe() {
    oob_dataframe::main().unwrap();
}

#[path = "../examples/oob_selective.rs"]
mod oob_selective;

#[test]
fn run_oob_selective() {
    oob_selective::main().unwrap();
}

#[path = "../examples/oob_raw_buffer.rs"]
mod oob_raw_buffer;

#[test]
fn run_oob_raw_buffer() {
    oob_raw_buffer::main().unwrap();
}

#[path = "../examples/oob_write_to.rs"]
mod oob_write_to;

#[test]
fn run_oob_write_to() {
    oob_write_to::main().unwrap();
}

#[path = "../examples/frame_file.rs"]
mod frame_file;

#[test]
fn run_frame_file() {
    frame_file::main().unwrap();
}

#[cfg(feature = "zmq")]
#[path = "../examples/zmq_numpy_worker.rs"]
mod zmq_numpy_worker;

/// Two Python worker processes over ZeroMQ (feature `zmq`).
#[cfg(feature = "zmq")]
#[test]
fn run_zmq_numpy_worker() {
    zmq_numpy_worker::main().unwrap();
}

#[path = "../examples/enums.rs"]
mod enums;

/// A data enum round trip with Python (pyfory 1.7.7).
#[test]
fn run_enums() {
    enums::main().unwrap();
}

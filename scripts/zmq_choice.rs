//! Which Rust ZeroMQ binding sends a large buffer without copying it? 64 MiB messages over
//! tcp://127.0.0.1, PUSH -> PULL: time per message and bytes allocated per message (a copy of
//! the message on the send path shows as +64 MiB).
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

struct Counting;
static BYTES: AtomicU64 = AtomicU64::new(0);
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 { BYTES.fetch_add(l.size() as u64, Ordering::Relaxed); System.alloc(l) }
    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 { BYTES.fetch_add(l.size() as u64, Ordering::Relaxed); System.alloc_zeroed(l) }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 { BYTES.fetch_add(n as u64, Ordering::Relaxed); System.realloc(p, l, n) }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) { System.dealloc(p, l) }
}
#[global_allocator]
static G: Counting = Counting;

const N: usize = 64 << 20;
const ROUNDS: usize = 10;

fn libzmq() {
    let ctx = zmq::Context::new();
    let push = ctx.socket(zmq::PUSH).unwrap();
    push.bind("tcp://127.0.0.1:*").unwrap();
    let ep = push.get_last_endpoint().unwrap().unwrap();
    let pull = ctx.socket(zmq::PULL).unwrap();
    pull.connect(&ep).unwrap();
    let data: Vec<Vec<u8>> = (0..ROUNDS).map(|i| vec![i as u8; N]).collect();
    let before = BYTES.load(Ordering::Relaxed);
    let t = Instant::now();
    let recv = std::thread::spawn(move || {
        for _ in 0..ROUNDS { let m = pull.recv_msg(0).unwrap(); assert_eq!(m.len(), N); }
    });
    for d in data { push.send(zmq::Message::from(d), 0).unwrap(); }
    recv.join().unwrap();
    let dt = t.elapsed() / ROUNDS as u32;
    let alloc = (BYTES.load(Ordering::Relaxed) - before) / ROUNDS as u64;
    println!("zmq crate (libzmq 4.3): {:?}/msg, {:.2} MiB allocated by Rust/msg (libzmq's own receive buffer is malloc'd in C)", dt, alloc as f64 / (1 << 20) as f64);
    // inproc: does the receiver see the sender's memory?
    let a = ctx.socket(zmq::PAIR).unwrap(); a.bind("inproc://x").unwrap();
    let b = ctx.socket(zmq::PAIR).unwrap(); b.connect("inproc://x").unwrap();
    let v = vec![1u8; N]; let p = v.as_ptr();
    a.send(zmq::Message::from(v), 0).unwrap();
    let m = b.recv_msg(0).unwrap();
    println!("zmq crate inproc: received pointer == sent pointer: {}", m.as_ptr() == p);
}

async fn zeromq_rs() {
    use zeromq::{Socket, SocketRecv, SocketSend};
    let mut push = zeromq::PushSocket::new();
    let ep = push.bind("tcp://127.0.0.1:0").await.unwrap();
    let mut pull = zeromq::PullSocket::new();
    pull.connect(&ep.to_string()).await.unwrap();
    let data: Vec<bytes::Bytes> = (0..ROUNDS).map(|i| bytes::Bytes::from(vec![i as u8; N])).collect();
    let before = BYTES.load(Ordering::Relaxed);
    let t = Instant::now();
    let recv = tokio::spawn(async move {
        for _ in 0..ROUNDS { let m = pull.recv().await.unwrap(); assert_eq!(m.get(0).unwrap().len(), N); }
    });
    for d in data { push.send(zeromq::ZmqMessage::from(d)).await.unwrap(); }
    recv.await.unwrap();
    let dt = t.elapsed() / ROUNDS as u32;
    let alloc = (BYTES.load(Ordering::Relaxed) - before) / ROUNDS as u64;
    println!("zeromq crate (pure Rust): {:?}/msg, {:.2} MiB allocated by Rust/msg", dt, alloc as f64 / (1 << 20) as f64);
}

fn main() {
    libzmq();
    tokio::runtime::Runtime::new().unwrap().block_on(zeromq_rs());
}

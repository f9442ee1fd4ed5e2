//! Writes the seed corpus of `decode_derived`: the sample values in every configuration.
//! `cargo +nightly run --example seed_derived` from `fuzz/`.

use std::io::Write;

#[path = "derived.rs"]
mod derived;

fn main() -> std::io::Result<()> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/decode_derived");
    std::fs::create_dir_all(&dir)?;
    let tree = derived::sample();
    for cfg in 0u8..4 {
        let f = derived::fory(cfg);
        let payloads = [
            f.serialize(&tree),
            f.serialize(&tree.leaf),
            f.serialize(&tree.leaves),
            f.serialize(&Some(tree.clone())),
            f.serialize(&derived::scene()),
            f.serialize(&derived::small()),
            f.serialize(&derived::scene().all),
        ];
        for (kind, p) in payloads.into_iter().enumerate() {
            let mut seed = vec![cfg | (kind as u8) << 2];
            seed.extend(p.expect("the sample serializes"));
            let name = dir.join(format!("seed-derived-{cfg}-{kind}"));
            std::fs::File::create(name)?.write_all(&seed)?;
        }
    }
    Ok(())
}

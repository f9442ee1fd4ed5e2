//! Compile-fail tests of the derives: each file under `ui/<topic>/` is one small wrong use, and
//! its `.stderr` is the message the user sees. `ui/pass/` must compile. Regenerate the
//! expectations with `TRYBUILD=overwrite cargo test -p fory-tests --test compiletest` and
//! review the diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/attr/*.rs");
    t.compile_fail("ui/enum/*.rs");
    t.compile_fail("ui/out_of_band/*.rs");
    t.pass("ui/pass/*.rs");
}

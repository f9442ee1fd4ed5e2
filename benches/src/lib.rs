//! Shared data for the benchmarks in `benches/` (and for the tests that check the data round
//! trips in every library). Not published.

pub mod data;
pub mod logs;
pub mod series;
pub mod shapes;

/// `FORY_BENCH_QUICK=1` (set by `.ci/bench-quick`): small sizes only, so the suite runs in
/// seconds in CI.
pub fn quick() -> bool {
    std::env::var_os("FORY_BENCH_QUICK").is_some_and(|v| v != "0")
}

/// Criterion with modest sample sizes: the full suite runs in minutes on 2 cores.
pub fn criterion() -> criterion::Criterion {
    let c = criterion::Criterion::default()
        .sample_size(20)
        .warm_up_time(std::time::Duration::from_millis(300))
        .measurement_time(std::time::Duration::from_millis(1000));
    if quick() {
        c.sample_size(10)
            .warm_up_time(std::time::Duration::from_millis(10))
            .measurement_time(std::time::Duration::from_millis(20))
            .nresamples(1000)
            .configure_from_args()
    } else {
        c.configure_from_args()
    }
}

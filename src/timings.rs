//! How long each step of a build or a preview rebuild took, printed when
//! the environment variable `LUPAUS_TIMINGS` is set (see
//! docs/PERFORMANCE.md). Below every step, so that any of them can time
//! itself.

use std::time::Instant;

/// Prints how long each step took when the environment variable
/// `LUPAUS_TIMINGS` is set (see docs/PERFORMANCE.md).
pub struct Steps {
    on: bool,
    last: Instant,
}

impl Default for Steps {
    fn default() -> Self {
        Self::new()
    }
}

/// Whether `LUPAUS_TIMINGS` is set (read once).
pub fn on() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("LUPAUS_TIMINGS").is_some())
}

impl Steps {
    pub fn new() -> Self {
        Steps {
            on: on(),
            last: Instant::now(),
        }
    }

    pub fn done(&mut self, step: &str) {
        if self.on {
            // Resident and peak memory so far, where the system says (Linux).
            let memory = std::fs::read_to_string("/proc/self/status")
                .map(|s| {
                    s.lines()
                        .filter(|l| l.starts_with("VmRSS") || l.starts_with("VmHWM"))
                        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default();
            eprintln!(
                "{step}: {:.3} s; {memory}",
                self.last.elapsed().as_secs_f64()
            );
        }
        self.last = Instant::now();
    }
}

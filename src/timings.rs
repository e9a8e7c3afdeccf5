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
    /// The process's CPU time (user + system) when the last step ended.
    last_cpu: f64,
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
        let on = on();
        Steps {
            on,
            last: Instant::now(),
            last_cpu: if on { cpu_seconds() } else { 0.0 },
        }
    }

    pub fn done(&mut self, step: &str) {
        if self.on {
            let memory = memory();
            let cpu = cpu_seconds();
            eprintln!(
                "{step}: {:.3} s (CPU {:.2} s); {memory}",
                self.last.elapsed().as_secs_f64(),
                cpu - self.last_cpu
            );
            self.last_cpu = cpu;
        }
        self.last = Instant::now();
    }
}

/// The process's resident and peak memory so far (`VmRSS`, `VmHWM`), where
/// the system says (Linux); empty elsewhere.
pub fn memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .map(|s| {
            s.lines()
                .filter(|l| l.starts_with("VmRSS") || l.starts_with("VmHWM"))
                .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

/// [`memory`] in brackets after a space, or nothing where the system
/// does not say.
pub fn memory_note() -> String {
    let memory = memory();
    if memory.is_empty() {
        memory
    } else {
        format!(" ({memory})")
    }
}

/// The CPU time (user + system, all threads) this process has used so
/// far, in seconds, where the system says (Linux: `/proc/self/stat`, in
/// clock ticks of 1/100 s); 0 elsewhere.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // The fields after the command's name, which is in brackets and may
    // hold spaces: utime and stime are the 12th and 13th of them.
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let ticks: u64 = after_name
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|f| f.parse::<u64>().ok())
        .sum();
    ticks as f64 / 100.0
}

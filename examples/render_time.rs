//! Times [`render_site`] in preview mode, the rebuild `lupaus serve` does on
//! every save, without the server, the watcher or the debounce around it.
//!
//! ```text
//! cargo run --release --example render_time -- SITE_ROOT [RUNS]
//! ```
//!
//! Prints each run and the median, so that a change to loading or rendering
//! can be judged against `scripts/bench-serve`'s "server's rebuild" figure.

use std::path::PathBuf;
use std::time::Instant;

use lupaus::build::render_site;
use lupaus::serve::preview_options;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next() else {
        eprintln!("usage: render_time SITE_ROOT [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(10);
    let opts = preview_options(PathBuf::from(root));
    let mut times = Vec::with_capacity(runs);
    for i in 0..runs.max(1) {
        let start = Instant::now();
        let pages = match render_site(&opts) {
            Ok(r) => r.pages,
            Err(diags) => {
                for d in diags {
                    eprintln!("{d}");
                }
                std::process::exit(1);
            }
        };
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        println!("run {}: {pages} pages in {ms:.1} ms", i + 1);
        times.push(ms);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "median {:.1} ms over {} runs",
        times[times.len() / 2],
        times.len()
    );
}

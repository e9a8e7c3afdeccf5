//! Results CSV: arbitrary bytes as `content/results/x.csv` with a fixed set
//! of indicators. Never panics; every problem has a line of the file; what
//! is read is sorted by period, one kind of period per indicator, finite.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use lupaus::diagnostics::Diagnostics;
use lupaus::indicators::{self, Indicators};

fn indicators() -> &'static Indicators {
    static I: OnceLock<Indicators> = OnceLock::new();
    I.get_or_init(|| {
        let src = "wait:\n  name: Wait\n  direction: lower\n  target: 7\n\
                   care-guarantee:\n  name: Care\n  direction: higher\n  target: 90\n";
        indicators::parse(src, &["fi".into()], &Diagnostics::new())
    })
}

fuzz_target!(|data: &[u8]| {
    let diags = Diagnostics::new();
    let set = lupaus::results::load(
        &[("content/results/x.csv".to_string(), data.to_vec())],
        indicators(),
        &diags,
    );
    let text = String::from_utf8_lossy(data).replace("\r\n", "\n").replace('\r', "\n");
    let lines = text.split('\n').count();
    for d in diags.into_sorted() {
        let line = d.line.unwrap_or_else(|| panic!("no line: {d}"));
        assert!(line >= 1 && line <= lines, "line {line} of {lines}: {d}");
    }
    for (_, series) in set.iter() {
        assert!(series.windows(2).all(|w| w[0].period < w[1].period));
        assert!(series.iter().all(|p| p.period.kind() == series[0].period.kind()));
        assert!(series.iter().all(|p| p.value.is_none_or(f64::is_finite)));
    }
});

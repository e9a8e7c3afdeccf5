//! Front matter: arbitrary bytes as a content file. `text_from_bytes` either
//! accepts them or names a line; `split` and `parse` (for every kind of
//! file) never panic, and every problem has a line inside the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lupaus::content::front_matter::{self, Kind};

fuzz_target!(|data: &[u8]| {
    if let Err(d) = lupaus::content::text_from_bytes(data.to_vec(), "content/x.md") {
        assert!(d.line.is_some(), "{d}");
    }
    let text = String::from_utf8_lossy(data);
    let lines = text.split('\n').count();
    let split = match front_matter::split(&text) {
        Ok(s) => s,
        Err((line, _)) => {
            assert!(line >= 1 && line <= lines);
            return;
        }
    };
    for kind in [
        Kind::Promise,
        Kind::Area { area: "a".into() },
        Kind::Commitment { area: "a".into(), name: "b".into() },
        Kind::Free { name: "p".into() },
    ] {
        let mut out = Vec::new();
        let fm = front_matter::parse(split.yaml, split.yaml_line, &kind, "content/x.md", &mut out);
        if fm.is_none() {
            assert!(out.iter().any(|d| d.is_error()), "gave up without an error");
        }
        for d in &out {
            let line = d.line.unwrap_or_else(|| panic!("no line: {d}"));
            assert!(line >= 1 && line <= lines, "line {line} of {lines}: {d}");
        }
    }
});

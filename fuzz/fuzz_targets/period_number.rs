//! Periods and numbers: arbitrary text through `Period::parse` (a period
//! read prints canonically and reads back to itself) and `parse_number` (a
//! number read is finite, and formatting it for fi/sv/en with 1..=4
//! decimals reads back to the value as rounded); the first 8 bytes as an
//! f64 through format → parse → format, which must be a fixed point.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lupaus::format::{format_number, parse_number};
use lupaus::results::Period;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(p) = Period::parse(&text) {
        assert_eq!(Period::parse(&p.to_string()), Ok(p));
        assert!(p.start_date() <= p.end_date());
    }
    let decimals = u32::from(data.first().copied().unwrap_or(0) % 4) + 1;
    let langs = ["fi", "sv", "en"];
    if let Some(v) = parse_number(&text) {
        assert!(v.is_finite());
        for lang in langs {
            let shown = format_number(v, decimals, lang);
            let back = parse_number(&shown).unwrap_or_else(|| panic!("{shown:?} does not read back"));
            assert_eq!(format_number(back, decimals, lang), shown);
        }
    }
    if data.len() >= 8 {
        let v = f64::from_le_bytes(data[..8].try_into().unwrap());
        if v.is_finite() {
            for lang in langs {
                let shown = format_number(v, decimals, lang);
                let back = parse_number(&shown).unwrap_or_else(|| panic!("{v} as {shown:?} does not read back"));
                assert_eq!(format_number(back, decimals, lang), shown, "{v}");
            }
        }
    }
});

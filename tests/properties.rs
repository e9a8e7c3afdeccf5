//! Property tests for every loader and pure function that reads what people
//! write: front matter and its YAML, results CSV files, numbers, periods,
//! heading anchors, `@/` links and slugs.
//!
//! Two kinds of property run here, through the library's public API:
//! - arbitrary input never panics, and every problem it causes is a
//!   [`Diagnostic`] with a line inside the input (where the input has lines);
//! - where a function has a law, it holds: periods sort totally and in time
//!   order, numbers formatted for fi/sv/en read back to the same value,
//!   anchors are stable and unique within a page, links resolve to the page
//!   and anchor they name and broken ones are reported where they stand.
//!
//! Case counts are kept moderate (256, fewer for the tests that write a site
//! to disk) so that the suite stays a few seconds in `cargo test`. Bugs these
//! properties found are pinned as plain tests at the end of the file.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use proptest::prelude::*;

use lupaus::build::{BuildOptions, load_site};
use lupaus::content::front_matter::{self, Kind, valid_slug};
use lupaus::content::text_from_bytes;
use lupaus::diagnostics::{Diagnostic, Diagnostics, Message};
use lupaus::format::{format_number, parse_number};
use lupaus::indicators::{self, Indicators};
use lupaus::markdown::{self, Resolved, anchor_of};
use lupaus::results::{self, Period, PeriodKind};
use lupaus::site::links;
use lupaus::yaml;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        // Failures found are pinned as named tests below instead.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Number of lines of `s` as an editor counts them (at least 1).
fn line_count(s: &str) -> usize {
    s.split('\n').count()
}

/// Asserts every diagnostic has a line in `1..=max_line` (and a column ≥ 1
/// where it has one).
fn assert_located(ds: &[Diagnostic], max_line: usize, input: &str) {
    for d in ds {
        let Some(line) = d.line else {
            panic!("no line in {d}\ninput: {input:?}");
        };
        assert!(
            (1..=max_line).contains(&line),
            "line {line} outside 1..={max_line} in {d}\ninput: {input:?}"
        );
        if let Some(c) = d.column {
            assert!(c >= 1, "column 0 in {d}");
        }
    }
}

// ---------------------------------------------------------------- strategies

/// Text that looks like YAML often enough to reach the parser's deeper paths:
/// keys of every kind of content file, values of every type, flow and block
/// collections, anchors, aliases, tags, quotes and comments.
fn yamlish() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        Just("title"),
        Just("summary"),
        Just("order"),
        Just("draft"),
        Just("slug"),
        Just("languages"),
        Just("valid_from"),
        Just("valid_until"),
        Just("decision"),
        Just("date"),
        Just("icon"),
        Just("perspective"),
        Just("indicators"),
        Just("resident_view"),
        Just("body"),
        Just("sumary"),
        Just("\"title\""),
        Just("? title"),
        Just("x"),
    ];
    let value = prop_oneof![
        Just(" X".to_string()),
        Just(" 2025-02-30".to_string()),
        Just(" 2025-06-10".to_string()),
        Just(" 1".to_string()),
        Just(" -9223372036854775809".to_string()),
        Just(" true".to_string()),
        Just(" ~".to_string()),
        Just(" [fi, sv]".to_string()),
        Just(" {a: 1, date: 2025-13-01}".to_string()),
        Just(" &a [x]".to_string()),
        Just(" *a".to_string()),
        Just(" !!binary aGk=".to_string()),
        Just(" \"quoted: value\"".to_string()),
        Just(" 'single'".to_string()),
        Just(" |\n  block".to_string()),
        Just(" availabilty".to_string()),
        Just(" ../x y".to_string()),
        Just("".to_string()),
        "[ -~äöå\u{a0}]{0,12}".prop_map(|s| format!(" {s}")),
    ];
    let line = (0usize..4, key, value).prop_map(|(indent, k, v)| {
        let pad = "  ".repeat(indent);
        format!("{pad}{k}:{v}")
    });
    let other = prop_oneof![
        Just("- item".to_string()),
        Just("# comment".to_string()),
        Just("---".to_string()),
        Just("\t".to_string()),
        Just("".to_string()),
        "[ -~]{0,20}",
    ];
    prop::collection::vec(prop_oneof![4 => line, 1 => other], 0..10).prop_map(|v| v.join("\n"))
}

fn any_kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        Just(Kind::Promise),
        Just(Kind::Area { area: "a".into() }),
        Just(Kind::Commitment {
            area: "a".into(),
            name: "b".into()
        }),
        Just(Kind::Free { name: "p".into() }),
    ]
}

// -------------------------------------------------------- front matter, YAML

proptest! {
    #![proptest_config(config(256))]

    /// `split` never panics; on success its parts are the text's own slices at
    /// the lines it says, and on failure it names a line.
    #[test]
    fn split_is_total_and_consistent(text in prop_oneof![
        any::<String>(),
        (yamlish(), "[ -~\n]{0,40}", any::<bool>(), any::<bool>()).prop_map(|(y, b, bom, crlf)| {
            let nl = if crlf { "\r\n" } else { "\n" };
            format!("{}---{nl}{y}{nl}---{nl}{b}", if bom { "\u{feff}" } else { "" })
        }),
    ]) {
        match front_matter::split(&text) {
            Ok(s) => {
                let t = text.strip_prefix('\u{feff}').unwrap_or(&text);
                prop_assert_eq!(s.yaml_line, 2);
                prop_assert!(t.ends_with(s.body));
                let before_body = &t[..t.len() - s.body.len()];
                prop_assert_eq!(before_body.matches('\n').count() + 1, s.body_line);
                prop_assert!(before_body.contains(s.yaml));
                prop_assert!(s.body_line >= 3);
            }
            Err((line, msg)) => {
                prop_assert!(line >= 1 && line <= line_count(&text));
                prop_assert!(!msg.is_empty());
            }
        }
    }

    /// `parse` never panics, on any text and any kind; whatever it reports
    /// stands on a line of the front matter (or the `---` line above it),
    /// and when it gives up there is an error saying why.
    #[test]
    fn front_matter_parse_is_total_and_located(
        src in prop_oneof![any::<String>(), yamlish()],
        kind in any_kind(),
        yaml_line in 2usize..5,
    ) {
        let mut out = Vec::new();
        let fm = front_matter::parse(&src, yaml_line, &kind, "content/x.md", &mut out);
        if fm.is_none() {
            prop_assert!(out.iter().any(Diagnostic::is_error), "None without an error");
        }
        let max = yaml_line + line_count(&src) - 1;
        for d in &out {
            let line = d.line.unwrap_or_else(|| panic!("no line: {d}\nsrc: {src:?}"));
            prop_assert!(line + 1 >= yaml_line && line <= max, "{} outside {}..={}: {:?}", d, yaml_line - 1, max, src);
        }
    }

    /// The site-wide settings files go through the same YAML layer: no
    /// panic, and every problem, a YAML error or a field check (keys in a
    /// `{flow: map}` or in quotes too), has a line of the file.
    #[test]
    fn settings_parsers_are_total_and_located(src in prop_oneof![any::<String>(), yamlish()]) {
        let diags = Diagnostics::new();
        let _ = indicators::parse(&src, &["fi".to_string(), "sv".to_string()], &diags);
        let _ = lupaus::config::parse(&src, &diags);
        let ds = diags.into_sorted();
        assert_located(&ds, line_count(&src), &src);
    }

    /// The position helpers never panic, whatever the text and key path.
    #[test]
    fn yaml_locators_are_total(
        src in prop_oneof![any::<String>(), yamlish()],
        path in prop::collection::vec("[a-z_]{0,6}|title|date|decision", 0..3),
        item in "[a-z-]{0,5}",
    ) {
        let keys: Vec<&str> = path.iter().map(String::as_str).collect();
        if let Some((l, c)) = yaml::locate_key(&src, &keys) {
            prop_assert!(l >= 1 && l <= line_count(&src) && c >= 1);
        }
        let (l, c) = yaml::place_key(&src, &keys);
        prop_assert!(l >= 1 && l <= line_count(&src) && c >= 1);
        if let Some(k) = keys.first()
            && let Some((l, c)) = yaml::locate_item(&src, k, &item)
        {
            prop_assert!(l >= 1 && l <= line_count(&src) && c >= 1);
        }
    }

    /// Bytes are text when they are UTF-8 without NUL; otherwise the error
    /// names the line of the first bad byte.
    #[test]
    fn text_from_bytes_names_the_bad_line(bytes in prop_oneof![
        any::<Vec<u8>>(),
        (any::<String>(), any::<String>(), prop_oneof![Just(vec![0u8]), Just(vec![0xffu8]), Just(vec![0xe2u8, 0x82])])
            .prop_map(|(a, b, bad)| [a.as_bytes(), &bad, b.as_bytes()].concat()),
    ]) {
        let first_bad = {
            let nul = bytes.iter().position(|&b| b == 0);
            let utf8 = std::str::from_utf8(&bytes).err().map(|e| e.valid_up_to());
            match (nul, utf8) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            }
        };
        match text_from_bytes(bytes.clone(), "content/x.md") {
            Ok(s) => {
                prop_assert!(first_bad.is_none());
                prop_assert_eq!(s.as_bytes(), &bytes[..]);
            }
            Err(d) => {
                prop_assert!(first_bad.is_some());
                let line = d.line.expect("a line");
                let nul = bytes.iter().position(|&b| b == 0);
                // UTF-16's byte-order mark is named at line 1; otherwise
                // a NUL is reported first, wherever it stands.
                let at = if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
                    0
                } else {
                    nul.unwrap_or_else(|| first_bad.unwrap())
                };
                prop_assert_eq!(line, bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1);
            }
        }
    }

    /// Any slug that `valid_slug` accepts is one URL path segment: no
    /// separators, no characters that end a path or need escaping.
    #[test]
    fn valid_slugs_are_one_path_segment(s in prop_oneof![any::<String>(), "[a-zäöå0-9._ /#?%-]{0,12}"]) {
        if valid_slug(&s) {
            prop_assert!(!s.is_empty() && s != "." && s != "..");
            prop_assert!(!s.contains(['/', '\\', '#', '?', '%', ' ', '"', '<', '>']));
            prop_assert!(!s.chars().any(char::is_control));
        }
    }

    /// The slug suggested in the "slug cannot be a URL part" message (an
    /// anchor of the bad slug) is itself valid whenever it is not empty.
    #[test]
    fn suggested_slugs_are_valid(s in any::<String>()) {
        let suggestion = anchor_of(&s);
        prop_assert!(suggestion.is_empty() || valid_slug(&suggestion), "{:?} -> {:?}", s, suggestion);
    }
}

// ------------------------------------------------------------ results CSV

fn test_indicators() -> Indicators {
    let src = "wait:\n  name: Wait\n  direction: lower\n  target: 7\n\
               care-guarantee:\n  name: Care\n  direction: higher\n  target: 90\n\
               x1:\n  name: X\n  direction: higher\n  target: 0\n";
    let d = Diagnostics::new();
    let i = indicators::parse(src, &["fi".into()], &d);
    assert!(!d.has_errors(), "{:?}", d.into_sorted());
    i
}

/// Text that looks like a results file: headers in any order and case,
/// either delimiter, quotes, blank and short rows, numbers in every form.
fn csvish() -> impl Strategy<Value = Vec<u8>> {
    let cell = prop_oneof![
        Just("wait".to_string()),
        Just("care-guarantee".to_string()),
        Just("x1".to_string()),
        Just("nope".to_string()),
        Just("2025".to_string()),
        Just("2025-H2".to_string()),
        Just("2025-q3".to_string()),
        Just("2025-07".to_string()),
        Just("2025-13".to_string()),
        Just("6,5".to_string()),
        Just("\"6,5\"".to_string()),
        Just("1 234".to_string()),
        Just("-0".to_string()),
        Just("1e400".to_string()),
        Just("\"".to_string()),
        Just("\"a\"\"b\"".to_string()),
        Just(" ".to_string()),
        Just("".to_string()),
        Just("indicator".to_string()),
        Just("period".to_string()),
        Just("value".to_string()),
        Just("Note".to_string()),
        "[ -~äö\u{a0}\t]{0,8}",
    ];
    let row = (
        prop::collection::vec(cell, 0..6),
        prop_oneof![Just(","), Just(";")],
    )
        .prop_map(|(cells, d)| cells.join(d));
    let eol = prop_oneof![Just("\n"), Just("\r\n"), Just("\r")];
    (
        any::<bool>(),
        prop::collection::vec((row, eol), 0..8),
        prop_oneof![
            Just(None),
            Just(Some("indicator;period;value;note")),
            Just(Some("indicator,period,value"))
        ],
    )
        .prop_map(|(bom, rows, header)| {
            let mut s = String::new();
            if bom {
                s.push('\u{feff}');
            }
            if let Some(h) = header {
                s.push_str(h);
                s.push('\n');
            }
            for (r, e) in rows {
                s.push_str(&r);
                s.push_str(e);
            }
            s.into_bytes()
        })
}

/// Number of lines of a results file as an editor shows them (`\r\n`, `\n`
/// and a lone `\r` each end a line).
fn csv_line_count(bytes: &[u8]) -> usize {
    let text = String::from_utf8_lossy(bytes)
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    line_count(&text)
}

/// One generated results row: indicator, period, value.
type Row = (String, Period, Option<f64>);

fn any_period() -> impl Strategy<Value = Period> {
    (1000i32..=9999, 0usize..4, 1u32..=12).prop_map(|(y, k, i)| {
        let kind = [
            PeriodKind::Year,
            PeriodKind::Half,
            PeriodKind::Quarter,
            PeriodKind::Month,
        ][k];
        let max = 12 / kind.months();
        Period::new(y, kind, (i - 1) % max + 1).expect("in range")
    })
}

/// Several indicators, each with one kind of period and distinct periods.
fn valid_rows() -> impl Strategy<Value = Vec<Row>> {
    let ids = ["wait", "care-guarantee", "x1"];
    prop::collection::vec(
        (
            0usize..3,
            0usize..4,
            prop::collection::btree_set((2000i32..2030, 1u32..=12), 1..6),
            prop::collection::vec(
                prop_oneof![
                    Just(None),
                    (-99_999_999i64..99_999_999, 0u32..4)
                        .prop_map(|(n, d)| Some(n as f64 / 10f64.powi(d as i32)))
                ],
                6,
            ),
        ),
        1..4,
    )
    .prop_map(move |specs| {
        let mut used = BTreeSet::new();
        let mut rows = Vec::new();
        for (id, kind, periods, values) in specs {
            if !used.insert(id) {
                continue;
            }
            let kind = [
                PeriodKind::Year,
                PeriodKind::Half,
                PeriodKind::Quarter,
                PeriodKind::Month,
            ][kind];
            let max = 12 / kind.months();
            let mut seen = BTreeSet::new();
            for ((year, i), v) in periods.into_iter().zip(values) {
                let p = Period::new(year, kind, (i - 1) % max + 1).expect("in range");
                if seen.insert(p) {
                    rows.push((ids[id].to_string(), p, v));
                }
            }
        }
        rows
    })
}

/// Writes `rows` as a spreadsheet would: either delimiter, columns in the
/// given order, values with a decimal comma or point, thousands spaces,
/// optional BOM, CRLF and padding.
fn write_csv(
    rows: &[Row],
    semi: bool,
    order: [usize; 3],
    bom: bool,
    crlf: bool,
    pad: bool,
) -> Vec<u8> {
    let d = if semi { ";" } else { "," };
    let nl = if crlf { "\r\n" } else { "\n" };
    let names = ["indicator", "period", "value"];
    let mut s = String::new();
    if bom {
        s.push('\u{feff}');
    }
    s.push_str(&order.iter().map(|&i| names[i]).collect::<Vec<_>>().join(d));
    s.push_str(nl);
    for (id, p, v) in rows {
        let value = match v {
            None => String::new(),
            Some(v) => {
                let lang = if semi { "fi" } else { "en" };
                // Enough decimals to write the value exactly.
                let shown = format_number(*v, 3, lang);
                let shown = if semi {
                    shown.replace('\u{2212}', "-")
                } else {
                    shown.replace(',', "")
                };
                if pad { format!(" {shown} ") } else { shown }
            }
        };
        let fields = [id.clone(), p.to_string(), value];
        s.push_str(
            &order
                .iter()
                .map(|&i| fields[i].as_str())
                .collect::<Vec<_>>()
                .join(d),
        );
        s.push_str(nl);
    }
    s.into_bytes()
}

proptest! {
    #![proptest_config(config(256))]

    /// Any bytes as a results file: no panic, and every problem on a line of
    /// the file.
    #[test]
    fn results_load_is_total_and_located(bytes in prop_oneof![any::<Vec<u8>>(), csvish()]) {
        let inds = test_indicators();
        let diags = Diagnostics::new();
        let set = results::load(&[("content/results/x.csv".to_string(), bytes.clone())], &inds, &diags);
        let ds = diags.into_sorted();
        assert_located(&ds, csv_line_count(&bytes), &String::from_utf8_lossy(&bytes));
        // What was read is in time order, one kind of period per indicator.
        for (_, series) in set.iter() {
            prop_assert!(series.windows(2).all(|w| w[0].period < w[1].period));
            prop_assert!(series.iter().all(|p| p.period.kind() == series[0].period.kind()));
            prop_assert!(series.iter().all(|p| p.value.is_none_or(f64::is_finite)));
        }
    }

    /// Valid rows written in either dialect read back exactly, sorted by
    /// period, without a single diagnostic.
    #[test]
    fn results_dialects_read_back(
        rows in valid_rows(),
        semi in any::<bool>(),
        order in Just([0usize, 1, 2]).prop_shuffle(),
        bom in any::<bool>(),
        crlf in any::<bool>(),
        pad in any::<bool>(),
    ) {
        let order = [order[0], order[1], order[2]];
        let bytes = write_csv(&rows, semi, order, bom, crlf, pad);
        let inds = test_indicators();
        let diags = Diagnostics::new();
        let set = results::load(&[("content/results/x.csv".to_string(), bytes.clone())], &inds, &diags);
        let ds = diags.into_sorted();
        prop_assert!(ds.is_empty(), "{:?}\n{}", ds, String::from_utf8_lossy(&bytes));
        let mut want: BTreeMap<&str, Vec<(Period, Option<f64>)>> = BTreeMap::new();
        for (id, p, v) in &rows {
            want.entry(id.as_str()).or_default().push((*p, *v));
        }
        for v in want.values_mut() {
            v.sort_by_key(|x| x.0);
        }
        let got: BTreeMap<&str, Vec<(Period, Option<f64>)>> = set
            .iter()
            .map(|(id, s)| (id, s.iter().map(|p| (p.period, p.value)).collect()))
            .collect();
        prop_assert_eq!(got, want);
    }
}

// ------------------------------------------------------------------ numbers

proptest! {
    #![proptest_config(config(256))]

    /// Any text: `parse_number` never panics, and what it reads is finite.
    #[test]
    fn parse_number_is_total(s in prop_oneof![any::<String>(), "[-+−0-9., \u{a0}\u{202f}]{0,14}"]) {
        if let Some(v) = parse_number(&s) {
            prop_assert!(v.is_finite());
        }
    }

    /// A number formatted for fi, sv or en reads back as the same value.
    /// Values are decimals with exactly `decimals` places, so formatting
    /// does not round. The documented exception: English `1,234` alone (no
    /// decimals, four or more integer digits) is read as a decimal comma, so
    /// en is checked with decimals ≥ 1 or values below 1000.
    #[test]
    fn formatted_numbers_parse_back(
        n in -999_999_999_999i64..999_999_999_999,
        decimals in 0u32..5,
        lang in prop_oneof![Just("fi"), Just("sv"), Just("en"), Just("fi-FI")],
    ) {
        let v = n as f64 / 10f64.powi(decimals as i32);
        let shown = format_number(v, decimals, lang);
        let en = !lang.starts_with("fi") && lang != "sv";
        if en && decimals == 0 && v.abs() >= 1000.0 {
            // The documented exception: `1,234` is a decimal comma in results files.
            return Ok(());
        }
        prop_assert_eq!(parse_number(&shown), Some(v), "{} as {} {}", v, lang, shown);
    }

    /// Formatting any finite value and reading it back is a fixed point:
    /// formatting the value read gives the same text (rounding happens once).
    #[test]
    fn format_parse_format_is_stable(v in any::<f64>(), decimals in 1u32..6, lang in prop_oneof![Just("fi"), Just("sv"), Just("en")]) {
        prop_assume!(v.is_finite());
        let shown = format_number(v, decimals, lang);
        let back = parse_number(&shown);
        prop_assert!(back.is_some(), "{} -> {:?} does not read back", v, shown);
        prop_assert_eq!(format_number(back.unwrap(), decimals, lang), shown);
    }

    /// Thousands separators a spreadsheet may write are ignored.
    #[test]
    fn thousands_spaces_are_ignored(n in 0u64..10_000_000_000, sep in prop_oneof![Just(" "), Just("\u{a0}"), Just("\u{202f}")]) {
        let digits = n.to_string();
        let mut spaced = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                spaced.push_str(sep);
            }
            spaced.push(c);
        }
        prop_assert_eq!(parse_number(&spaced), Some(n as f64));
    }
}

// ------------------------------------------------------------------ periods

proptest! {
    #![proptest_config(config(256))]

    /// Any text: `Period::parse` never panics, and a period it reads prints
    /// in canonical form and reads back to itself.
    #[test]
    fn period_parse_is_total(s in prop_oneof![any::<String>(), "[0-9]{3,5}(-[HhQq0-9]{0,3})?", " ?[0-9]{4}-[HQ][0-9] ?"]) {
        match Period::parse(&s) {
            Ok(p) => {
                let canon = p.to_string();
                prop_assert_eq!(Period::parse(&canon), Ok(p));
                prop_assert!(canon.len() <= s.trim().len());
            }
            Err(msg) => prop_assert!(msg.to_string().contains("YYYY")),
        }
    }

    /// Periods sort totally and in time order: by start date, then shorter
    /// first; equal only when they are the same span.
    #[test]
    fn periods_order_by_time(a in any_period(), b in any_period(), c in any_period()) {
        use std::cmp::Ordering;
        let key = |p: &Period| (p.start_date(), p.kind().months());
        prop_assert_eq!(a.cmp(&b), key(&a).cmp(&key(&b)));
        prop_assert_eq!(a.cmp(&b), b.cmp(&a).reverse());
        prop_assert_eq!(a == b, a.cmp(&b) == Ordering::Equal);
        prop_assert_eq!(a == b, a.to_string() == b.to_string());
        if a <= b && b <= c {
            prop_assert!(a <= c);
        }
        // Every period is a real span of dates; a later start is a later period.
        prop_assert!(a.start_date() <= a.end_date());
        if a.start_date() < b.start_date() {
            prop_assert!(a < b);
        }
        prop_assert_eq!(Period::parse(&a.to_string()), Ok(a));
    }

    /// Sorting any list of periods gives start dates in order.
    #[test]
    fn sorted_periods_follow_the_calendar(mut v in prop::collection::vec(any_period(), 0..20)) {
        v.sort();
        prop_assert!(v.windows(2).all(|w| w[0].start_date() <= w[1].start_date()));
    }
}

// ---------------------------------------------------------- Markdown, anchors

/// Markdown with headings drawn from a small vocabulary, so that repeats and
/// collisions with derived `-2` anchors and explicit ids are common.
fn headings_body() -> impl Strategy<Value = String> {
    let heading = (
        1usize..7,
        prop_oneof![
            Just("A"),
            Just("a"),
            Just("A-2"),
            Just("Så gjorde vi"),
            Just("Mitä, jos?"),
            Just("!!!"),
            Just("Section"),
            Just("A {#a}"),
            Just("B {#a-2}"),
            Just("C {#x}"),
            Just("`code` and *em*"),
        ],
    )
        .prop_map(|(level, text)| format!("{} {text}", "#".repeat(level)));
    let block = prop_oneof![
        3 => heading,
        1 => Just("Text with [a link](@/pages/p.md#a).".to_string()),
        1 => Just("> quoted\n> # Quoted heading".to_string()),
        1 => Just("- item\n  ## In a list".to_string()),
        1 => Just("Setext\n------".to_string()),
    ];
    prop::collection::vec(block, 0..12).prop_map(|v| v.join("\n\n"))
}

proptest! {
    #![proptest_config(config(256))]

    /// `anchor_of` is deterministic and gives a lowercase, dash-separated
    /// word list with no leading, trailing or doubled dash.
    #[test]
    fn anchors_are_well_formed(s in any::<String>()) {
        let a = anchor_of(&s);
        prop_assert_eq!(&a, &anchor_of(&s));
        prop_assert!(!a.starts_with('-') && !a.ends_with('-') && !a.contains("--"), "{:?}", a);
        prop_assert!(a.chars().all(|c| c == '-' || c.is_alphanumeric()), "{:?} -> {:?}", s, a);
        prop_assert_eq!(anchor_of(&a), a.clone());
    }

    /// Heading anchors are stable (the same body gives the same anchors) and
    /// unique within a page, and the HTML carries exactly those ids.
    #[test]
    fn heading_anchors_are_stable_and_unique(body in prop_oneof![headings_body(), any::<String>()]) {
        let a = markdown::parse(&body);
        let b = markdown::parse(&body);
        let anchors: Vec<&str> = a.headings.iter().map(|h| h.anchor.as_str()).collect();
        prop_assert_eq!(&anchors, &b.headings.iter().map(|h| h.anchor.as_str()).collect::<Vec<_>>());
        let unique: HashSet<&str> = anchors.iter().copied().collect();
        prop_assert_eq!(unique.len(), anchors.len(), "repeated anchor in {:?}", anchors);
        prop_assert!(anchors.iter().all(|a| !a.is_empty()));
        for h in &a.headings {
            prop_assert!(h.line >= 1 && h.line <= line_count(&body));
            prop_assert!(a.has_anchor(&h.anchor));
        }
        let (html, errors) = markdown::render(&a, |_| Ok(None));
        prop_assert!(errors.is_empty());
        for anchor in &anchors {
            let escaped = anchor.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;");
            prop_assert!(html.contains(&format!(" id=\"{escaped}\"")), "no id {:?} in {}", anchor, html);
        }
        prop_assert!(!html.contains("<h1"), "an h1 in a body: {}", html);
    }

    /// Any text as a body: parsing and rendering never panic, and every link
    /// is placed inside the body.
    #[test]
    fn markdown_is_total_and_links_are_placed(body in prop_oneof![
        any::<String>(),
        "([\\[\\]()<>!#*_`@/.:a-zä \n-]|\\]\\(@/){0,60}",
    ]) {
        let p = markdown::parse(&body);
        for l in &p.links {
            prop_assert!(l.line >= 1 && l.line <= line_count(&body), "{:?}", l);
            let line_text = body.split('\n').nth(l.line - 1).unwrap_or("");
            prop_assert!(l.column >= 1 && l.column <= line_text.chars().count() + 1, "{:?}", l);
        }
        let mut n = 0;
        let (_, errors) = markdown::render(&p, |d| {
            n += 1;
            if d.starts_with("@/") { Err(Message::plain(format!("broken {d}"))) } else { Ok(None) }
        });
        prop_assert_eq!(n, p.links.len());
        let broken = errors.iter().filter(|e| e.2.to_string().starts_with("broken ")).count();
        prop_assert_eq!(broken, p.links.iter().filter(|l| l.dest.starts_with("@/")).count());
    }
}

/// A body with `@/` links at known places, some to pages and anchors that
/// exist and some not.
#[derive(Debug, Clone)]
struct LinkCase {
    body: String,
    /// (line, column, destination, should resolve)
    links: Vec<(usize, usize, String, bool)>,
}

fn link_case() -> impl Strategy<Value = LinkCase> {
    let dest = prop_oneof![
        Just(("@/pages/a.md".to_string(), true)),
        Just(("@/pages/a.md#intro".to_string(), true)),
        Just(("@/pages/b.md#työpajat".to_string(), true)),
        Just(("@/pages/b.md#nope".to_string(), false)),
        Just(("@/pages/c.md".to_string(), false)),
        Just(("@/_index.md".to_string(), true)),
        Just(("@/results/".to_string(), true)),
        Just(("https://example.fi/".to_string(), true)),
    ];
    let item = (
        "([a-zäö][a-zäö ]{0,7})?",
        prop::collection::vec(dest, 0..4),
        any::<bool>(),
    );
    prop::collection::vec(item, 1..8).prop_map(|lines| {
        let mut body = String::new();
        let mut links = Vec::new();
        for (i, (prefix, dests, image)) in lines.into_iter().enumerate() {
            let mut line = prefix.clone();
            for (d, ok) in dests {
                let col = line.chars().count() + 1;
                let bang = if image { "!" } else { "" };
                links.push((i + 1, col, d.clone(), ok));
                line.push_str(&format!("{bang}[t]({d}) "));
            }
            body.push_str(&line);
            body.push('\n');
        }
        LinkCase { body, links }
    })
}

proptest! {
    #![proptest_config(config(256))]

    /// Every link reaches the resolver in order, the resolved address is
    /// written, and every broken one is reported at its own line and column.
    #[test]
    fn links_resolve_or_are_reported_where_they_stand(case in link_case()) {
        let parsed = markdown::parse(&case.body);
        let want: Vec<&str> = case.links.iter().map(|l| l.2.as_str()).collect();
        prop_assert_eq!(parsed.links.iter().map(|l| l.dest.as_str()).collect::<Vec<_>>(), want);
        let known = |d: &str| case.links.iter().find(|l| l.2 == d).map(|l| l.3).unwrap_or(false);
        let (html, errors) = markdown::render(&parsed, |d| {
            if !d.starts_with("@/") {
                Ok(None)
            } else if known(d) {
                Ok(Some(Resolved { href: format!("/fi/{}", &d[2..]), hreflang: None, warning: None }))
            } else {
                Err(Message::plain(format!("no {d}")))
            }
        });
        // Links are placed at their `[`, images at their `!`.
        let expected: Vec<(usize, usize, Message)> = case
            .links
            .iter()
            .filter(|l| !l.3)
            .map(|l| (l.0, l.1, Message::plain(format!("no {}", l.2))))
            .collect();
        prop_assert_eq!(&errors, &expected);
        for l in case.links.iter().filter(|l| l.3 && l.2.starts_with("@/")) {
            // (pulldown-cmark percent-encodes an image's address.)
            let path = l.2[2..].split('#').next().unwrap_or("");
            prop_assert!(html.contains(&format!("/fi/{path}")), "{} not written in {}", l.2, html);
        }
        if errors.is_empty() {
            prop_assert!(!html.contains("@/"), "an unresolved @/ link left in {}", html);
        }
    }
}

// ---------------------------------------------- `@/` links in a built site

/// A small site on disk: free pages with the given names and headings, in
/// fi and sv (sv only for some).
fn write_site(dir: &Path, pages: &[(String, Vec<String>, bool)]) {
    let c = dir.join("content");
    std::fs::create_dir_all(c.join("pages")).unwrap();
    std::fs::write(
        c.join("site.yaml"),
        "title: T\norganisation: O\nbase_url: https://example.fi\nlanguages: [fi, sv]\n",
    )
    .unwrap();
    std::fs::write(c.join("_index.fi.md"), "---\ntitle: Etusivu\n---\n").unwrap();
    for (name, headings, translated) in pages {
        let body: String = headings
            .iter()
            .map(|h| format!("## {h}\n\nx\n\n"))
            .collect();
        std::fs::write(
            c.join("pages").join(format!("{name}.fi.md")),
            format!("---\ntitle: {name}\n---\n{body}"),
        )
        .unwrap();
        if *translated {
            std::fs::write(
                c.join("pages").join(format!("{name}.sv.md")),
                format!("---\ntitle: {name} sv\n---\n{body}"),
            )
            .unwrap();
        }
    }
}

proptest! {
    #![proptest_config(config(24))]

    /// Through the real site model: a link to a page resolves to that page's
    /// address in the linking page's language (or its fallback, marked with
    /// `hreflang`), with the anchor kept; an anchor the page does not have,
    /// or a page that does not exist, is an error naming it.
    #[test]
    fn site_links_resolve_to_pages_and_anchors(
        pages in prop::collection::btree_map(
            "[a-zäö][a-zäö0-9-]{0,6}",
            (prop::collection::vec("[A-Za-zÅÄÖåäö0-9 ,?]{1,10}", 0..4), any::<bool>()),
            1..4,
        ),
        missing_anchor in "[a-z]{1,6}",
    ) {
        let pages: Vec<(String, Vec<String>, bool)> = pages
            .into_iter()
            .filter(|(n, _)| n != "results" && n != "data" && n != "media")
            .map(|(n, (h, t))| (n, h, t))
            .collect();
        let dir = tempfile::tempdir().unwrap();
        write_site(dir.path(), &pages);
        let diags = Diagnostics::new();
        let opts = BuildOptions { root: dir.path().to_path_buf(), drafts: false, preview: false, minify: false };
        let site = load_site(&opts, &diags).expect("a site");
        let ds = diags.into_sorted();
        prop_assert!(!ds.iter().any(Diagnostic::is_error), "{:?}", ds);
        for (name, headings, translated) in &pages {
            let key = format!("pages/{name}.md");
            let page = site.page(&key).expect("page");
            // A build releases the bodies it has read: their anchors are
            // read again from the file (the model's outline has none).
            let anchors = site.anchors_of(page.default_file);
            prop_assert_eq!(anchors.len(), headings.len(), "{:?}", anchors);
            for lang in ["fi", "sv"] {
                let r = links::resolve(&site, lang, &format!("@/{key}"), false).unwrap().unwrap();
                prop_assert_eq!(r.href.as_str(), &*page.variant(lang).unwrap().url);
                prop_assert_eq!(r.hreflang.as_deref(), (lang == "sv" && !translated).then_some("fi"));
                for anchor in &anchors {
                    let r = links::resolve(&site, lang, &format!("@/{key}#{anchor}"), false).unwrap().unwrap();
                    prop_assert_eq!(r.href, format!("{}#{anchor}", page.variant(lang).unwrap().url));
                }
                if !anchors.contains(&missing_anchor) {
                    let e = links::resolve(&site, lang, &format!("@/{key}#{missing_anchor}"), false).unwrap_err();
                    prop_assert!(e.to_string().contains(&missing_anchor), "{}", e);
                }
            }
        }
        let e = links::resolve(&site, "fi", "@/pages/zz-no-such-page.md", false).unwrap_err();
        prop_assert!(e.to_string().contains("no such file"), "{}", e);
    }
}

// ------------------------------------------------ regressions found above

/// Billion laughs: aliases that expand exponentially are refused fast, with
/// a line (the YAML library gives none for this error).
#[test]
fn alias_bombs_are_refused_with_a_line() {
    let mut src = String::from(
        "title: X\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut prev = 'a';
    for c in 'b'..='j' {
        let refs = vec![format!("*{prev}"); 9].join(",");
        src.push_str(&format!("{c}: &{c} [{refs}]\n"));
        prev = c;
    }
    let start = std::time::Instant::now();
    let mut out = Vec::new();
    let fm = front_matter::parse(&src, 2, &Kind::Promise, "content/_index.md", &mut out);
    assert!(fm.is_none());
    assert!(start.elapsed().as_secs() < 5, "took {:?}", start.elapsed());
    let e = out.iter().find(|d| d.is_error()).expect("an error");
    assert!(e.line.is_some(), "no line: {e}");
    let diags = Diagnostics::new();
    let _ = lupaus::config::parse(&src, &diags);
    let _ = indicators::parse(
        &format!(
            "x:\n{}",
            src.lines().map(|l| format!("  {l}\n")).collect::<String>()
        ),
        &["fi".into()],
        &diags,
    );
    for d in diags.into_sorted().iter().filter(|d| d.is_error()) {
        assert!(d.line.is_some(), "no line: {d}");
    }
}

/// Found by `settings_parsers_are_total_and_located`: a field of
/// `site.yaml` or `indicators.yaml` written in a flow map or with a quoted
/// key got a message without a line (`yaml::locate_key` reads block keys
/// only; `config.rs` and `indicators.rs` now use `yaml::place_key`).
#[test]
fn settings_keys_in_flow_maps_are_located() {
    let diags = Diagnostics::new();
    let _ = lupaus::config::parse(
        "{title: T, organisation: O, base_url: x, languages: [fi], \"theme\": [1]}\n",
        &diags,
    );
    let _ = indicators::parse(
        "{a: {name: A, direction: up, target: 1}}\n",
        &["fi".into()],
        &diags,
    );
    let ds = diags.into_sorted();
    assert!(!ds.is_empty());
    assert_located(&ds, 1, "flow maps");
}

/// Many identical headings: anchors stay unique and take linear time, not
/// cubic (100,000 `## A` took hours before).
#[test]
fn many_repeated_headings_are_fast() {
    let body = "## A\n\n".repeat(100_000);
    let start = std::time::Instant::now();
    let p = markdown::parse(&body);
    assert_eq!(p.headings.len(), 100_000);
    assert_eq!(p.headings[99_999].anchor, "a-100000");
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
}

/// Many footnotes: whether each note has a link back is found in linear
/// time (each note scanned all of the body's events for a reference to it:
/// 4,000 notes took 0.23 s, 100,000 would take minutes).
#[test]
fn many_footnotes_are_fast() {
    let n = 100_000;
    let text: String = (0..n).map(|i| format!("T[^{i}].\n")).collect();
    let notes: String = (0..n).map(|i| format!("[^{i}]: N.\n\n")).collect();
    let p = markdown::parse(&format!("{text}\n{notes}"));
    let start = std::time::Instant::now();
    let html = markdown::render_body(&p, markdown::NoteWords::default(), |_| Ok(None)).html;
    assert_eq!(html.matches("class=\"footnote-back\"").count(), n);
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
}

/// Many links on one long line: their columns are computed in linear time.
#[test]
fn many_links_on_one_line_are_fast() {
    let body = "[a](b) ".repeat(200_000);
    let start = std::time::Instant::now();
    let p = markdown::parse(&body);
    assert_eq!(p.links.len(), 200_000);
    assert_eq!(p.links[199_999].column, 199_999 * 7 + 1);
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
}

/// A NUL byte in a results file is named as such, at its line.
#[test]
fn nul_in_results_is_named() {
    let diags = Diagnostics::new();
    results::load(
        &[(
            "content/results/x.csv".into(),
            b"indicator,period,value\nwait,2024,1\0\n".to_vec(),
        )],
        &test_indicators(),
        &diags,
    );
    let ds = diags.into_sorted();
    assert_eq!(ds.len(), 1, "{ds:?}");
    assert_eq!(ds[0].line, Some(2), "{}", ds[0]);
    assert!(ds[0].message.contains("NUL"), "{}", ds[0]);
}

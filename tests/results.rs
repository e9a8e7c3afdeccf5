//! Follow-up results end to end: the real binary on small hand-written sites
//! under `tests/fixtures/results-*` and on the example site. What the content
//! format's sections on `indicators.yaml`, `results/*.csv`, "Status" and
//! "Errors" promise, checked in the published files.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{Built, build, build_fixture, copy_fixture, read_output, read_tree};
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("bad selector {s}: {e:?}"))
}

fn text_of(e: ElementRef<'_>) -> String {
    e.text().collect::<String>().trim().to_string()
}

fn json(text: &str, what: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{what} is not JSON ({e}):\n{text}"))
}

/// The object in `list` whose `id` is `id`.
fn by_id<'a>(list: &'a Value, id: &str) -> &'a Value {
    list.as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .find(|x| x["id"] == id)
        .unwrap_or_else(|| panic!("no entry with id {id:?} in {list:#}"))
}

// ---------------------------------------------------------------------------
// 1. A Finnish spreadsheet export (`;`, decimal comma, byte-order mark, CRLF,
//    thousands spaces) gives the same values as a plain `,` file.

/// The open data of a successful build: (results.json, results.csv).
fn open_data(b: &Built) -> (String, String) {
    b.assert_ok();
    (b.read("data/results.json"), b.read("data/results.csv"))
}

#[test]
fn semicolon_fixture_really_is_a_finnish_export() {
    // Guards the fixture itself: if a checkout rewrote its bytes (line ends),
    // the comparison below would prove less than it claims.
    let root = common::fixture("results-semicolon");
    let bytes = std::fs::read(root.join("content/results/2025.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFindicator;period;value;note\r\n"));
    let text = String::from_utf8(bytes).unwrap();
    assert_eq!(text.matches("\r\n").count(), text.lines().count());
    assert!(text.contains(";1 234;") && text.contains(";1 050,5;"));
    assert!(text.contains("; 91,5 ;") && text.contains(";6,5;"));
    let indicators =
        |f: &str| std::fs::read(common::fixture(f).join("content/indicators.yaml")).unwrap();
    assert_eq!(
        indicators("results-semicolon"),
        indicators("results-comma"),
        "the two fixtures must differ only in their results file"
    );
}

#[test]
fn semicolon_decimal_comma_bom_file_gives_the_same_open_data_as_a_comma_file() {
    let (comma_json, comma_csv) = open_data(&build_fixture("results-comma", &[]));
    let (semi_json, semi_csv) = open_data(&build_fixture("results-semicolon", &[]));
    assert_eq!(
        semi_json, comma_json,
        "data/results.json differs between the `;` and the `,` file"
    );
    assert_eq!(
        semi_csv, comma_csv,
        "data/results.csv differs between the `;` and the `,` file"
    );

    // Identical could still mean identically wrong: the values, exactly.
    let data = json(&comma_json, "results.json");
    let values = |id: &str| -> Vec<(String, Option<f64>, Option<String>)> {
        by_id(&data["indicators"], id)["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                (
                    v["period"].as_str().unwrap().to_string(),
                    v["value"].as_f64(),
                    v["note"].as_str().map(str::to_string),
                )
            })
            .collect()
    };
    let p = |s: &str| s.to_string();
    assert_eq!(
        values("odotus"),
        vec![
            (p("2025-H1"), Some(7.5), None),
            (p("2025-H2"), Some(6.5), None)
        ]
    );
    assert_eq!(
        values("osuus"),
        vec![
            (p("2025-Q1"), Some(88.25), None),
            (p("2025-Q2"), None, Some(p("Uusi järjestelmä, ei tietoa"))),
            (p("2025-Q3"), Some(91.5), None),
        ]
    );
    assert_eq!(
        values("kaynnit"),
        vec![
            (p("2024"), Some(1234.0), None),
            (p("2025"), Some(1050.5), None)
        ]
    );
    assert_eq!(
        comma_csv,
        "indicator,period,value,note\n\
         odotus,2025-H1,7.5,\n\
         odotus,2025-H2,6.5,\n\
         osuus,2025-Q1,88.25,\n\
         osuus,2025-Q2,,\"Uusi järjestelmä, ei tietoa\"\n\
         osuus,2025-Q3,91.5,\n\
         kaynnit,2024,1234,\n\
         kaynnit,2025,1050.5,\n"
    );
}

#[test]
fn no_break_spaces_are_thousands_separators_too() {
    let site = copy_fixture("results-semicolon");
    let csv = site.path().join("content/results/2025.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.contains(";1 234;"));
    // U+00A0 NO-BREAK SPACE, as spreadsheet programs write it.
    std::fs::write(&csv, text.replace(";1 234;", ";1\u{a0}234;")).unwrap();
    let (nbsp_json, nbsp_csv) = open_data(&build(site.path(), &[]));
    let (comma_json, comma_csv) = open_data(&build_fixture("results-comma", &[]));
    assert_eq!(nbsp_json, comma_json);
    assert_eq!(nbsp_csv, comma_csv);
}

// ---------------------------------------------------------------------------
// 2. Bad input: every problem with its file, line and column, in one run.

#[test]
fn every_results_problem_is_reported_with_its_place_in_one_run() {
    let b = build_fixture("results-errors", &[]);
    let expected = [
        // indicators.yaml: `ilman-tavoitetta:` is line 9; `direction: up` is
        // line 14, its value at column 14.
        "content/indicators.yaml:9:1: indicator \"ilman-tavoitetta\" has no `target`",
        "content/indicators.yaml:14:14: indicator \"suunta\" has unknown direction \"up\"",
        // 2025.csv line 3 repeats (odotus, 2024-H2) of 2024.csv line 3.
        "content/results/2025.csv:3:1: \"odotus\" has a value for 2024-H2 twice: here and in content/results/2024.csv line 3",
        "content/results/2025.csv:4:1: unknown indicator \"tuntematon\"",
        // `osuus,2025-Q1,n/a`: the value starts at column 15.
        "content/results/2025.csv:5:15: value \"n/a\" is not a number",
        // `osuus,2025-H3,90`: the period starts at column 7.
        "content/results/2025.csv:6:7: \"2025-H3\" is not a period",
        // osuus: two quarters (lines 7, 8), then a year on line 9.
        "content/results/2025.csv:9:1: \"osuus\" is reported in quarters",
        "content/results/ilman-arvoa.csv:1:1: the header has no `value` column",
        "content/results/ilman-otsikkoa.csv:1:1: the file has no header row",
    ];
    let errors = b.run.errors();
    for (i, want) in expected.iter().enumerate() {
        assert!(
            errors.get(i).is_some_and(|l| l.starts_with(want)),
            "error {i} should start with {want:?}; errors were:\n{}",
            errors.join("\n")
        );
    }
    // The unknown direction names both allowed ones; the period error says
    // what is allowed; the mixed kinds error names the usual row.
    assert!(
        errors[1].contains("expected lower or higher"),
        "{}",
        errors[1]
    );
    assert!(errors[5].contains("YYYY-H1 or YYYY-H2"), "{}", errors[5]);
    assert!(
        errors[6].contains("2025-Q2 in content/results/2025.csv line 7")
            && errors[6].contains("this row has 2025"),
        "{}",
        errors[6]
    );
    // Exit 1, exactly these errors, and nothing published.
    b.assert_failed(expected.len());
}

/// An `indicators.yaml` that is not valid YAML: its one error, at its
/// place, and not one "unknown indicator" per results row and commitment
/// that names an indicator it would have defined.
#[test]
fn broken_indicators_yaml_gives_only_its_own_error() {
    let site = copy_fixture("results-status");
    let path = site.path().join("content/indicators.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    // `name: { fi: Odotusaika, en: Waiting time` never closes its `{`.
    std::fs::write(&path, text.replacen("Waiting time }", "Waiting time", 1)).unwrap();
    let b = build(site.path(), &[]);
    let errors = b.run.errors();
    assert!(
        errors.len() == 1 && errors[0].starts_with("content/indicators.yaml:"),
        "expected only the YAML error; errors were:\n{}",
        errors.join("\n")
    );
    let place = errors[0].split(':').nth(1).unwrap_or("");
    assert!(
        place.parse::<usize>().is_ok_and(|l| (2..=6).contains(&l)),
        "{}",
        errors[0]
    );
    assert!(
        !b.run.stderr.contains("unknown indicator"),
        "{}",
        b.run.stderr
    );
    b.assert_failed(1);
    // `lupaus check` says the same.
    let out = common::lupaus_command()
        .args(["check", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        !stdout.contains("unknown indicator") && !stderr.contains("unknown indicator"),
        "{stdout}{stderr}"
    );
}

#[test]
fn crlf_export_errors_name_the_right_line_and_column() {
    // A Finnish Excel export has CRLF line ends and may have a note over two
    // lines; the row after it is then on line 4, not 3.
    let site = copy_fixture("results-semicolon");
    std::fs::write(
        site.path().join("content/results/2025.csv"),
        "\u{feff}indicator;period;value;note\r\n\
         kaynnit;2025;1 050,5;\"kaksi\r\nriviä\"\r\n\
         kaynnit;2024;x;\r\n\
         \r\n\
         osuus;2025-Q3;9,1,5;\r\n\
         odotus;2025-H7;6,5;\r\n",
    )
    .unwrap();
    let b = build(site.path(), &[]);
    let errors = b.run.errors();
    let expected = [
        "content/results/2025.csv:4:14: value \"x\" is not a number",
        "content/results/2025.csv:6:15: value \"9,1,5\" is not a number",
        "content/results/2025.csv:7:8: \"2025-H7\" is not a period",
    ];
    for (i, want) in expected.iter().enumerate() {
        assert!(
            errors.get(i).is_some_and(|l| l.starts_with(want)),
            "error {i} should start with {want:?}; errors were:\n{}",
            errors.join("\n")
        );
    }
    b.assert_failed(expected.len());
}

// ---------------------------------------------------------------------------
// 3. Statuses, trends and commitment statuses, computed by hand.

fn status_build() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        common::shared_build(&common::fixture("results-status"), "results-rs-status")
    })
}

/// (status, trend, latest_period, latest_value) of each indicator.
type Standing = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<f64>,
);

#[test]
fn indicator_statuses_match_hand_computed_ones() {
    let data = json(
        &read_output(status_build(), "data/results.json"),
        "results.json",
    );
    let expected: [(&str, Standing); 6] = [
        // lower, target 7. Rows 2024-12: 9, 2025-03: 7, 2025-01: 12 (written
        // out of order). Latest 2025-03 = 7; 7 <= 7 → met (exactly on target).
        // Previous 2025-01 = 12; 7 < 12, lower is better → improving.
        ("odotus", ("met", "improving", Some("2025-03"), Some(7.0))),
        // higher, target 90. Q1: 92, Q2: 88.5, Q3: empty (skipped).
        // Latest Q2 = 88.5; 88.5 < 90 → not_met. Previous Q1 = 92;
        // 88.5 < 92, higher is better → worsening.
        (
            "osuus",
            ("not_met", "worsening", Some("2025-Q2"), Some(88.5)),
        ),
        // higher, target 100. 2024-H1: 120, 2024-H2: empty, 2025-H1: 120.
        // Latest 2025-H1 = 120 >= 100 → met. Previous with a value is
        // 2024-H1 (the empty H2 is skipped) = 120; equal → unchanged.
        (
            "kaynnit",
            ("met", "unchanged", Some("2025-H1"), Some(120.0)),
        ),
        // lower, target 5, decimals 0. Only 2025: 5.4. Shown as "5", but
        // 5.4 > 5 → not_met; no previous value → none.
        ("jonotus", ("not_met", "none", Some("2025"), Some(5.4))),
        // No rows at all → no_data, none.
        ("suunnitelmat", ("no_data", "none", None, None)),
        // One row with an empty value → no_data, none.
        ("tyhja", ("no_data", "none", None, None)),
    ];
    let list = data["indicators"].as_array().expect("indicators list");
    let ids: Vec<&str> = list.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        expected.iter().map(|e| e.0).collect::<Vec<_>>(),
        "indicators in the order of indicators.yaml"
    );
    for (id, (status, trend, period, value)) in expected {
        let ind = by_id(&data["indicators"], id);
        assert_eq!(ind["status"], status, "{id} status: {ind:#}");
        assert_eq!(ind["trend"], trend, "{id} trend: {ind:#}");
        assert_eq!(ind["latest_period"].as_str(), period, "{id}: {ind:#}");
        assert_eq!(ind["latest_value"].as_f64(), value, "{id}: {ind:#}");
        if period.is_none() {
            assert!(ind["latest_period"].is_null() && ind["latest_value"].is_null());
        }
    }
    // Periods in time order whatever the order of the rows; empty values kept
    // as null.
    let periods = |id: &str| -> Vec<(String, Option<f64>)> {
        by_id(&data["indicators"], id)["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                (
                    v["period"].as_str().unwrap().to_string(),
                    v["value"].as_f64(),
                )
            })
            .collect()
    };
    assert_eq!(
        periods("odotus"),
        [("2024-12", 9.0), ("2025-01", 12.0), ("2025-03", 7.0)]
            .map(|(p, v)| (p.to_string(), Some(v)))
    );
    assert_eq!(periods("tyhja"), vec![("2025".to_string(), None)]);
    assert_eq!(periods("suunnitelmat"), vec![]);
}

#[test]
fn commitment_statuses_and_counts_match_hand_computed_ones() {
    let promise = json(
        &read_output(status_build(), "data/promise.json"),
        "promise.json",
    );
    let areas = &promise["areas"];
    let status = |area: &str, id: &str| {
        by_id(&by_id(areas, area)["commitments"], id)["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // Indicator statuses (above): odotus met, osuus not_met, kaynnit met,
    // jonotus not_met, suunnitelmat no_data, tyhja no_data.
    // kaikki [odotus met, kaynnit met]: all with data met → met.
    assert_eq!(status("perhe", "kaikki"), "met");
    // osittain [odotus met, osuus not_met, suunnitelmat no_data]: some → partly_met.
    assert_eq!(status("perhe", "osittain"), "partly_met");
    // ei [osuus not_met, jonotus not_met, tyhja no_data]: none met → not_met.
    assert_eq!(status("vanhus", "ei"), "not_met");
    // ei-tietoa [suunnitelmat, tyhja]: none has data → no_data.
    assert_eq!(status("vanhus", "ei-tietoa"), "no_data");
    // ilman-mittaria []: no indicators → no_data.
    assert_eq!(status("vanhus", "ilman-mittaria"), "no_data");

    let counts = |v: &Value| -> [u64; 5] {
        ["met", "partly_met", "not_met", "no_data", "total"].map(|k| {
            v[k].as_u64()
                .unwrap_or_else(|| panic!("no count {k} in {v}"))
        })
    };
    // perhe: met 1 (kaikki), partly 1 (osittain), total 2.
    assert_eq!(counts(&by_id(areas, "perhe")["counts"]), [1, 1, 0, 0, 2]);
    // vanhus: not_met 1 (ei), no_data 2 (ei-tietoa, ilman-mittaria), total 3.
    assert_eq!(counts(&by_id(areas, "vanhus")["counts"]), [0, 0, 1, 2, 3]);
    // Whole promise: 1 + 0, 1 + 0, 0 + 1, 0 + 2, 2 + 3.
    assert_eq!(counts(&promise["counts"]), [1, 1, 1, 2, 5]);
    assert_eq!(
        by_id(&by_id(areas, "perhe")["commitments"], "osittain")["indicators"],
        serde_json::json!(["odotus", "osuus", "suunnitelmat"])
    );
}

#[test]
fn commitment_summary_reads_naturally_for_some_none_and_all_met() {
    // kaikki: 2 of 2 measured met; osittain: 1 of 2 (a third has no data);
    // ei: 0 of 2. Before: "2 mittarista 0 saavutti tavoitteen",
    // "1 of 2 indicators met their target".
    let expected = [
        ("fi", "perhe/osittain", "2 mittarista tavoitteen saavutti 1"),
        (
            "fi",
            "perhe/kaikki",
            "Molemmat mittarit saavuttivat tavoitteen",
        ),
        (
            "fi",
            "vanhus/ei",
            "Kumpikaan mittari ei saavuttanut tavoitetta",
        ),
        ("en", "perhe/osittain", "1 of 2 indicators met its target"),
        ("en", "perhe/kaikki", "Both indicators met their targets"),
        ("en", "vanhus/ei", "Neither indicator met its target"),
    ];
    for (lang, page, words) in expected {
        let rel = format!("{lang}/{page}/index.html");
        assert_eq!(summary_reason(status_build(), &rel), words, "{rel}");
    }
}

/// Why a built commitment page `rel` has its status, in words, without
/// the dash before them or the period after them.
fn summary_reason(out: &Path, rel: &str) -> String {
    let doc = Html::parse_document(&read_output(out, rel));
    let reason = doc
        .select(&sel(".summary-reason"))
        .next()
        .map(text_of)
        .unwrap_or_else(|| panic!("{rel}: no .summary-reason"));
    let reason = reason.trim_start_matches("— ");
    reason.split(" (").next().unwrap().to_string()
}

/// A site whose areas have one, two and three commitments that all, none
/// or some met their targets, and whose commitments have one, two and three
/// indicators in the same states, in Finnish, Swedish and English.
fn counted_site() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, Built)> = OnceLock::new();
    let (_, built) = OUT.get_or_init(|| {
        let root = tempfile::tempdir().expect("temp dir");
        let write = |rel: &str, text: &str| {
            let path = root.path().join("content").join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(
            "site.yaml",
            "title: Lupaus\norganisation: Koeniemi\nbase_url: https://lupaus.koeniemi.example\nlanguages: [fi, sv, en]\n",
        );
        let mut indicators = String::new();
        let mut csv = String::from("indicator,period,value\n");
        // a* meet their target of 7 (lower is better), b* miss it, c* have
        // no value.
        for (id, value) in [("a1", "5"), ("a2", "5"), ("a3", "5"), ("b1", "9"), ("b2", "9"), ("b3", "9"), ("c1", ""), ("c2", "")] {
            indicators.push_str(&format!("{id}:\n  name: {id}\n  direction: lower\n  target: 7\n"));
            csv.push_str(&format!("{id},2025,{value}\n"));
        }
        write("indicators.yaml", &indicators);
        write("results/2025.csv", &csv);
        write("_index.fi.md", "---\ntitle: Lupaus\n---\n\nLupaus.\n");
        // area: its commitments, each as its indicators.
        let areas: [(&str, &[&[&str]]); 7] = [
            ("yksi-kylla", &[&["a1"]]),
            ("yksi-ei", &[&["b1"]]),
            ("kaksi-kylla", &[&["a1", "a2"], &["a1"]]),
            ("kaksi-ei", &[&["b1", "b2"], &["c1"]]),
            ("kolme-kylla", &[&["a1", "a2", "a3"], &["a1"], &["a2"]]),
            ("kolme-ei", &[&["b1", "b2", "b3"], &["b1"], &["c1", "c2"]]),
            ("kolme-osa", &[&["a1", "b1"], &["a2"], &["c1"]]),
        ];
        for (order, (area, commitments)) in areas.into_iter().enumerate() {
            write(
                &format!("areas/{area}/_index.fi.md"),
                &format!("---\ntitle: {area}\norder: {}\n---\n\n{area}.\n", order + 1),
            );
            for (i, ids) in commitments.iter().enumerate() {
                write(
                    &format!("areas/{area}/c{i}.fi.md"),
                    &format!("---\ntitle: {area} {i}\nperspective: availability\nindicators: [{}]\n---\n\nTeksti.\n", ids.join(", ")),
                );
            }
        }
        let built = build(root.path(), &[]);
        built.assert_ok();
        (root, built)
    });
    &built.out
}

/// The results page's headline and each area's count say none, all, one
/// and two in words of their own: "3 lupauksesta toteutui 0", "1 lupauksesta
/// toteutui 1", "All 2 commitments" and "Inget av de 3 åtagande…" were
/// not natural. Commitments without data or partly met are among those
/// that "have not been met" (perfect tense), not "were not met".
#[test]
fn results_headlines_read_naturally_for_none_all_one_and_two_commitments() {
    let expected = [
        (
            "fi",
            [
                "15 lupauksesta toteutui 7",
                "Lupaus on toteutunut",
                "Lupaus ei ole toteutunut",
                "Molemmat lupaukset ovat toteutuneet",
                "Kumpikaan lupaus ei ole toteutunut",
                "Kaikki 3 lupausta ovat toteutuneet",
                "Yksikään 3 lupauksesta ei ole toteutunut",
                "3 lupauksesta toteutui 1",
            ],
        ),
        (
            "sv",
            [
                "7 av 15 åtaganden har uppfyllts",
                "Åtagandet har uppfyllts",
                "Åtagandet har inte uppfyllts",
                "Båda åtagandena har uppfyllts",
                "Inget av de två åtagandena har uppfyllts",
                "Alla 3 åtagandena har uppfyllts",
                "Inget av de 3 åtagandena har uppfyllts",
                "1 av 3 åtaganden har uppfyllts",
            ],
        ),
        (
            "en",
            [
                "7 of 15 commitments met",
                "The commitment has been met",
                "The commitment has not been met",
                "Both commitments have been met",
                "Neither commitment has been met",
                "All 3 commitments have been met",
                "None of the 3 commitments has been met",
                "1 of 3 commitments met",
            ],
        ),
    ];
    for (lang, [total, areas @ ..]) in expected {
        let rel = format!("{lang}/results/index.html");
        let doc = Html::parse_document(&read_output(counted_site(), &rel));
        let headline = doc.select(&sel("#summary-heading")).next().map(text_of);
        assert_eq!(headline.as_deref(), Some(total), "{rel}");
        let counts: Vec<String> = doc
            .select(&sel(".results-area .count"))
            .map(text_of)
            .collect();
        assert_eq!(counts, areas, "{rel}");
    }
}

/// A site with results but no commitments yet said "0 lupauksesta
/// toteutui 0" and "0 of 0 commitments met".
#[test]
fn results_headline_without_commitments_says_there_are_none() {
    let root = tempfile::tempdir().expect("temp dir");
    for (rel, text) in [
        (
            "site.yaml",
            "title: L\norganisation: K\nbase_url: https://lupaus.koeniemi.example\nlanguages: [fi, sv, en]\n",
        ),
        (
            "indicators.yaml",
            "a:\n  name: a\n  direction: lower\n  target: 7\n",
        ),
        ("results/2025.csv", "indicator,period,value\na,2025,5\n"),
        ("_index.fi.md", "---\ntitle: Lupaus\n---\n\nLupaus.\n"),
    ] {
        let path = root.path().join("content").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let built = build(root.path(), &[]);
    built.assert_ok();
    for (lang, words) in [
        ("fi", "Lupauksia ei vielä ole"),
        ("sv", "Inga åtaganden ännu"),
        ("en", "No commitments yet"),
    ] {
        let doc = Html::parse_document(&built.read(&format!("{lang}/results/index.html")));
        let headline = doc.select(&sel("#summary-heading")).next().map(text_of);
        assert_eq!(headline.as_deref(), Some(words), "{lang}");
    }
}

/// A commitment's summary for two indicators is "kumpikaan"/"molemmat"
/// ("neither"/"both"), not "Yksikään 2 mittarista", "All 2 indicators";
/// and one without results says "the indicator", not "the indicators".
#[test]
fn commitment_summaries_read_naturally_for_one_two_and_three_indicators() {
    let expected = [
        ("fi", "yksi-kylla/c0", "Mittari saavutti tavoitteen"),
        (
            "fi",
            "kaksi-kylla/c0",
            "Molemmat mittarit saavuttivat tavoitteen",
        ),
        (
            "fi",
            "kaksi-ei/c0",
            "Kumpikaan mittari ei saavuttanut tavoitetta",
        ),
        (
            "fi",
            "kolme-kylla/c0",
            "Kaikki 3 mittaria saavuttivat tavoitteen",
        ),
        (
            "fi",
            "kolme-ei/c0",
            "Yksikään 3 mittarista ei saavuttanut tavoitetta",
        ),
        ("fi", "kolme-osa/c0", "2 mittarista tavoitteen saavutti 1"),
        ("fi", "kaksi-ei/c1", "Mittarilla ei ole vielä tuloksia."),
        ("fi", "kolme-ei/c2", "Mittareilla ei ole vielä tuloksia."),
        ("sv", "kaksi-kylla/c0", "Båda mätarna nådde målet"),
        ("sv", "kaksi-ei/c0", "Ingen av de två mätarna nådde målet"),
        ("sv", "kolme-kylla/c0", "Alla 3 mätarna nådde målet"),
        ("sv", "kaksi-ei/c1", "Mätaren har inga resultat ännu."),
        ("sv", "kolme-ei/c2", "Mätarna har inga resultat ännu."),
        ("en", "kaksi-kylla/c0", "Both indicators met their targets"),
        ("en", "kaksi-ei/c0", "Neither indicator met its target"),
        (
            "en",
            "kolme-ei/c0",
            "None of the 3 indicators met their target",
        ),
        ("en", "kaksi-ei/c1", "The indicator has no results yet."),
        ("en", "kolme-ei/c2", "The indicators have no results yet."),
    ];
    for (lang, page, words) in expected {
        let rel = format!("{lang}/{page}/index.html");
        assert_eq!(summary_reason(counted_site(), &rel), words, "{rel}");
    }
}

#[test]
fn indicator_without_results_is_shown_as_no_data() {
    let out = status_build();
    for (lang, label, sentence) in [
        ("fi", "Ei tietoa", "Tälle mittarille ei ole vielä tuloksia."),
        (
            "en",
            "No data",
            "There are no results for this indicator yet.",
        ),
    ] {
        let rel = format!("{lang}/results/suunnitelmat/index.html");
        let doc = Html::parse_document(&read_output(out, &rel));
        let main = doc.select(&sel("main")).next().expect("<main>");
        let text = text_of(main);
        assert!(text.contains(sentence), "{rel} lacks {sentence:?}:\n{text}");
        // The facts box: the indicator's own status is "no data".
        let facts: Vec<ElementRef> = main.select(&sel("dl.facts .status")).collect();
        assert_eq!(facts.len(), 1, "{rel}: expected one status in the facts");
        let classes: Vec<&str> = facts[0].value().classes().collect();
        assert!(classes.contains(&"status-no_data"), "{rel}: {classes:?}");
        assert_eq!(text_of(facts[0]), label, "{rel}");
        assert!(
            main.select(&sel("svg")).next().is_none(),
            "{rel} draws a chart without values"
        );
        // The overview's cell of the latest result says so in words to a
        // screen reader (a bare dash is read as "viiva", or not at all).
        let rel = format!("{lang}/results/index.html");
        let doc = Html::parse_document(&read_output(out, &rel));
        let row = doc
            .select(&sel("tbody tr"))
            .find(|r| r.inner_html().contains("suunnitelmat"))
            .expect("the indicator's row");
        let latest = row.select(&sel("td")).next().expect("its latest result");
        let hidden: Vec<String> = latest
            .select(&sel(".visually-hidden"))
            .map(text_of)
            .collect();
        assert_eq!(hidden, [label], "{rel}: {}", latest.html());
    }
}

#[test]
fn rounded_display_does_not_change_the_status() {
    // jonotus: 5.4 min with 0 decimals and a target of at most 5 would read
    // as "5 min", met; it is shown as 5.4 min, not met.
    let doc = Html::parse_document(&read_output(
        status_build(),
        "en/results/jonotus/index.html",
    ));
    let cells: Vec<String> = doc.select(&sel("td.num")).map(text_of).collect();
    assert_eq!(cells.len(), 1, "{cells:?}");
    assert!(cells[0].starts_with("5.4"), "{cells:?}");
    let row = doc.select(&sel("tbody tr")).next().expect("a table row");
    assert!(
        row.select(&sel(".status-not_met")).next().is_some(),
        "the 5.4 row is not shown as not met: {}",
        row.html()
    );
}

// ---------------------------------------------------------------------------
// 4. The example site's results pages, in all three languages.

fn example() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| common::shared_build(&common::example_root(), "results-rs-example"))
}

fn example_doc(rel: &str) -> Html {
    Html::parse_document(&read_output(example(), rel))
}

/// The example indicator with a decimal value: `child-clinic-wait` is 6,5 in
/// 2025-H2 in content/results/2025.csv (written `6,5` in a `;` file).
const INDICATOR: &str = "child-clinic-wait";

#[test]
fn example_has_results_pages_in_every_language() {
    let source = std::fs::read_to_string(common::example_root().join("content/results/2025.csv"))
        .expect("the example's results file");
    assert!(
        source.contains("child-clinic-wait;2025-H2;6,5;"),
        "the example data changed; pick another decimal value for these tests"
    );
    for lang in ["fi", "sv", "en"] {
        let doc = example_doc(&format!("{lang}/results/index.html"));
        let html = doc.select(&sel("html")).next().unwrap();
        assert_eq!(html.value().attr("lang"), Some(lang));
        let link = format!("/{lang}/results/{INDICATOR}/");
        assert!(
            doc.select(&sel("a[href]"))
                .any(|a| a.value().attr("href") == Some(link.as_str())),
            "{lang}/results/ does not link to {link}"
        );
        let page = example_doc(&format!("{lang}/results/{INDICATOR}/index.html"));
        assert_eq!(
            page.select(&sel("html"))
                .next()
                .unwrap()
                .value()
                .attr("lang"),
            Some(lang)
        );
    }
}

/// The chart's name says from which period to which: English periods have
/// a dash of their own, and "January–June 2024 – January–June 2026" read
/// as a range of ranges.
#[test]
fn example_chart_names_read_from_one_period_to_another() {
    let name = |lang: &str, id: &str| -> String {
        let rel = format!("{lang}/results/{id}/index.html");
        let doc = example_doc(&rel);
        doc.select(&sel(&format!("svg title#chart-{id}-title")))
            .next()
            .map(text_of)
            .unwrap_or_else(|| panic!("{rel}: no chart title"))
    };
    let expected = [
        (
            "en",
            "child-clinic-wait",
            "Line chart: results (days) and the target, January–\u{2060}June 2024 to January–\u{2060}June 2026",
        ),
        (
            "en",
            "home-care-first-visit",
            "Line chart: results (days) and the target, January–\u{2060}March 2025 to April–\u{2060}June 2026",
        ),
        (
            "en",
            "doctor-wait-median",
            "Line chart: results (days) and the target, March 2026 to August 2026",
        ),
        (
            "fi",
            "child-clinic-wait",
            "Viivakaavio: tulokset (vuorokautta) ja tavoite, tammi–\u{2060}kesäkuu 2024 – tammi–\u{2060}kesäkuu 2026",
        ),
        (
            "sv",
            "home-care-first-visit",
            "Linjediagram: resultaten (dygn) och målet, första kvartalet 2025 – andra kvartalet 2026",
        ),
    ];
    for (lang, id, want) in expected {
        assert_eq!(name(lang, id), want, "{lang} {id}");
    }
}

/// "vrk" is read letter by letter ("vee är koo"): every value and target
/// in Finnish looks as written and is read in words, in the form its
/// number takes; the chart, which is only heard, names its unit in words.
/// Swedish and English units are words already and stay as they are.
#[test]
fn example_abbreviated_units_look_as_written_and_are_read_as_words() {
    let rel = "fi/results/doctor-wait-median/index.html";
    let doc = example_doc(rel);
    let facts: Vec<ElementRef> = doc.select(&sel(".facts dd")).collect();
    assert_eq!(common::visible(facts[0]), "16\u{a0}vrk (elokuu 2026)");
    assert_eq!(
        common::spoken(facts[0]),
        "16\u{a0}vuorokautta (elokuu 2026)"
    );
    assert_eq!(common::visible(facts[1]), "enintään 14\u{a0}vrk");
    assert_eq!(common::spoken(facts[1]), "enintään 14\u{a0}vuorokautta");
    let cells: Vec<ElementRef> = doc.select(&sel("main table td.num")).collect();
    assert_eq!(common::visible(cells[0]), "18\u{a0}vrk");
    assert_eq!(common::spoken(cells[0]), "18\u{a0}vuorokautta");
    let caption = doc.select(&sel("figcaption")).next().expect("a caption");
    assert!(
        common::spoken(caption).ends_with("Tavoite enintään 14\u{a0}vuorokautta: ei saavutettu."),
        "{}",
        common::spoken(caption)
    );
    assert!(common::visible(caption).ends_with("Tavoite enintään 14\u{a0}vrk: ei saavutettu."));
    let title = doc
        .select(&sel("svg title"))
        .next()
        .expect("the chart's name");
    assert!(text_of(title).starts_with("Viivakaavio: tulokset (vuorokautta) ja tavoite"));
    // Nowhere a screen reader goes does it meet "vrk", nor the eye the words.
    for rel in [
        rel,
        "fi/results/index.html",
        "fi/results/child-clinic-wait/index.html",
        "fi/family/child-health-clinic/index.html",
        "fi/document/index.html",
        "fi/changes/index.html",
    ] {
        let doc = example_doc(rel);
        let main = doc.select(&sel("main")).next().expect("main");
        let (spoken, visible) = (common::spoken(main), common::visible(main));
        assert!(!spoken.contains("\u{a0}vrk"), "{rel}: {spoken}");
        assert!(visible.contains("\u{a0}vrk"), "{rel}: {visible}");
        assert!(!visible.contains("vuorokautta"), "{rel}: {visible}");
    }
    for (rel, value) in [
        ("sv/results/doctor-wait-median/index.html", "16\u{a0}dygn"),
        ("en/results/doctor-wait-median/index.html", "16\u{a0}days"),
    ] {
        let doc = example_doc(rel);
        let latest = doc.select(&sel(".facts dd")).next().expect("facts");
        assert!(
            latest.select(&sel("[aria-hidden]")).next().is_none(),
            "{rel}"
        );
        assert!(common::spoken(latest).starts_with(value), "{rel}");
    }
}

/// Checks one indicator page's chart: an inline `<svg role="img">` whose
/// `aria-labelledby` names a `<title>` and a `<desc>` that exist in it.
fn assert_accessible_chart(doc: &Html, rel: &str) {
    let svgs: Vec<ElementRef> = doc.select(&sel("svg")).collect();
    assert_eq!(svgs.len(), 1, "{rel}: expected one chart");
    let svg = svgs[0];
    assert_eq!(svg.value().attr("role"), Some("img"), "{rel}");
    let ids: Vec<&str> = svg
        .value()
        .attr("aria-labelledby")
        .unwrap_or_else(|| panic!("{rel}: the chart has no aria-labelledby"))
        .split_whitespace()
        .collect();
    assert!(!ids.is_empty(), "{rel}: empty aria-labelledby");
    let mut kinds = Vec::new();
    for id in &ids {
        let found: Vec<ElementRef> = doc
            .select(&sel("[id]"))
            .filter(|e| e.value().attr("id") == Some(*id))
            .collect();
        assert_eq!(found.len(), 1, "{rel}: id {id:?} must exist exactly once");
        let el = found[0];
        assert!(
            el.ancestors().any(|a| a.id() == svg.id()),
            "{rel}: #{id} is not inside the chart"
        );
        assert!(!text_of(el).is_empty(), "{rel}: #{id} is empty");
        kinds.push(el.value().name().to_string());
    }
    assert!(
        kinds.iter().any(|k| k == "title"),
        "{rel}: aria-labelledby must name a <title>, names {kinds:?}"
    );
    // The name says what the chart shows, not the page's heading again: a
    // screen reader has just read the h1 and would hear it twice.
    let h1 = text_of(doc.select(&sel("h1")).next().expect("an h1"));
    let name = text_of(
        svg.select(&sel("title"))
            .next()
            .expect("the chart's <title>"),
    );
    assert!(
        !name.contains(&h1),
        "{rel}: the chart's name repeats the h1 {h1:?}: {name:?}"
    );
    let periods: Vec<String> = doc
        .select(&sel("main table tbody th[scope=row]"))
        .map(text_of)
        .collect();
    let (first, last) = (periods.first().unwrap(), periods.last().unwrap());
    assert!(
        name.contains(first.as_str()) && name.contains(last.as_str()),
        "{rel}: the chart's name says its periods {first:?} – {last:?}: {name:?}"
    );
    // The text alternative is read once: said in the figure's caption, it is
    // not repeated in a <desc> (which screen readers read too).
    let caption: Vec<ElementRef> = doc.select(&sel("figure figcaption")).collect();
    assert_eq!(caption.len(), 1, "{rel}: the chart needs one caption");
    let said = text_of(caption[0]);
    assert!(!said.is_empty(), "{rel}: empty caption");
    for desc in svg.select(&sel("desc")) {
        assert_ne!(
            text_of(desc),
            said,
            "{rel}: the caption is repeated in <desc>"
        );
    }
}

#[test]
fn example_indicator_pages_have_an_accessible_chart_and_table() {
    for lang in ["fi", "sv", "en"] {
        let rel = format!("{lang}/results/{INDICATOR}/index.html");
        let doc = example_doc(&rel);
        assert_accessible_chart(&doc, &rel);

        let tables: Vec<ElementRef> = doc.select(&sel("main table")).collect();
        assert_eq!(tables.len(), 1, "{rel}: expected one table");
        let table = tables[0];
        let caption = table
            .select(&sel("caption"))
            .next()
            .unwrap_or_else(|| panic!("{rel}: the table has no <caption>"));
        assert!(!text_of(caption).is_empty(), "{rel}: empty caption");
        let col_heads = table.select(&sel("thead th[scope=col]")).count();
        assert!(
            col_heads >= 2,
            "{rel}: {col_heads} column headers with scope"
        );
        assert!(
            table.select(&sel("th:not([scope])")).next().is_none(),
            "{rel}: a <th> without scope"
        );
        // One row per period of child-clinic-wait (2024-H1 .. 2026-H1).
        let rows = table.select(&sel("tbody tr")).count();
        assert_eq!(
            table.select(&sel("tbody th[scope=row]")).count(),
            rows,
            "{rel}: every row has a row header"
        );
        assert!(rows >= 4, "{rel}: only {rows} rows");
    }
}

/// (row header, value cell) of each row of an indicator page's table.
fn table_rows(doc: &Html) -> Vec<(String, String)> {
    doc.select(&sel("main table tbody tr"))
        .map(|tr| {
            let th = tr
                .select(&sel("th"))
                .next()
                .map(text_of)
                .unwrap_or_default();
            let td = tr
                .select(&sel("td.num"))
                .next()
                .map(text_of)
                .unwrap_or_default();
            (th, td)
        })
        .collect()
}

/// The chart's text, which a screen reader reads as the chart, names the
/// periods as the table and the facts do: in English it said "Q2 2026"
/// beside "April–June 2026". Finnish names half years and quarters by their
/// months ("1. neljännes" is read "yksi neljännes", a fraction).
#[test]
fn example_chart_text_names_periods_as_the_table_does() {
    for (lang, id, first, latest) in [
        (
            "fi",
            "home-care-first-visit",
            "tammi–\u{2060}maaliskuu 2025",
            "huhti–\u{2060}kesäkuu 2026",
        ),
        (
            "fi",
            "child-clinic-wait",
            "tammi–\u{2060}kesäkuu 2024",
            "tammi–\u{2060}kesäkuu 2026",
        ),
        (
            "sv",
            "home-care-first-visit",
            "första kvartalet 2025",
            "andra kvartalet 2026",
        ),
        (
            "sv",
            "child-clinic-wait",
            "första halvåret 2024",
            "första halvåret 2026",
        ),
        (
            "en",
            "home-care-first-visit",
            "January–\u{2060}March 2025",
            "April–\u{2060}June 2026",
        ),
        (
            "en",
            "child-clinic-wait",
            "January–\u{2060}June 2024",
            "January–\u{2060}June 2026",
        ),
    ] {
        let rel = format!("{lang}/results/{id}/index.html");
        let doc = example_doc(&rel);
        let rows = table_rows(&doc);
        assert_eq!(rows.first().map(|r| r.0.as_str()), Some(first), "{rel}");
        assert_eq!(rows.last().map(|r| r.0.as_str()), Some(latest), "{rel}");
        let facts = doc.select(&sel(".facts dd")).next().map(common::visible);
        assert!(
            facts.is_some_and(|f| f.ends_with(&format!("({latest})"))),
            "{rel}"
        );
        let caption = common::spoken(doc.select(&sel("figcaption")).next().expect("a caption"));
        let mut capital = latest.chars();
        let capital: String = capital
            .next()
            .unwrap()
            .to_uppercase()
            .chain(capital)
            .collect();
        assert!(
            caption.starts_with(&format!("{capital}: ")),
            "{rel}: {caption}"
        );
        assert!(caption.contains(&format!("({first}: ")), "{rel}: {caption}");
    }
}

/// The facts box's trend and the chart's sentence say the same word, so
/// they never read as two verdicts: Swedish said "Utveckling: Försämrats"
/// (a supine without "har", not Swedish) beside "… försämrat" in the
/// sentence under the chart.
#[test]
fn example_trend_in_the_facts_is_the_word_of_the_chart_sentence() {
    let mut seen = 0;
    for lang in ["fi", "sv"] {
        for id in [
            "home-care-first-visit",
            "specialist-care-6-months",
            "doctor-wait-median",
        ] {
            let rel = format!("{lang}/results/{id}/index.html");
            let doc = example_doc(&rel);
            let trend = doc
                .select(&sel(".facts dd"))
                .nth(3)
                .map(text_of)
                .unwrap_or_else(|| panic!("{rel}: no trend"));
            let caption = common::spoken(doc.select(&sel("figcaption")).next().expect("a caption"));
            let word = trend.to_lowercase();
            assert!(
                caption
                    .split(|c: char| !c.is_alphabetic())
                    .any(|w| w == word),
                "{rel}: the facts say {trend:?}, the chart: {caption}"
            );
            seen += 1;
        }
    }
    assert_eq!(seen, 6);
}

#[test]
fn example_numbers_and_periods_are_written_for_each_language() {
    for (lang, h1, h2, value, wrong, wrong_sep) in [
        (
            "fi",
            "tammi–\u{2060}kesäkuu 2025",
            "heinä–\u{2060}joulukuu 2025",
            "6,5",
            "6.5",
            '.',
        ),
        (
            "sv",
            "första halvåret 2025",
            "andra halvåret 2025",
            "6,5",
            "6.5",
            '.',
        ),
        (
            "en",
            "January–\u{2060}June 2025",
            "July–\u{2060}December 2025",
            "6.5",
            "6,5",
            ',',
        ),
    ] {
        let rel = format!("{lang}/results/{INDICATOR}/index.html");
        let rows = table_rows(&example_doc(&rel));
        assert!(
            rows.iter().any(|(th, _)| th == h1),
            "{rel}: no row for {h1:?} in {rows:?}"
        );
        let (_, cell) = rows
            .iter()
            .find(|(th, _)| th == h2)
            .unwrap_or_else(|| panic!("{rel}: no row for {h2:?} in {rows:?}"));
        assert!(
            cell.starts_with(value) && !cell.contains(wrong),
            "{rel}: 2025-H2 is {cell:?}, expected {value}"
        );
        // Every number in the table uses the language's decimal separator.
        for (th, cell) in &rows {
            assert!(
                !cell.contains(wrong_sep),
                "{rel}: {th}: {cell:?} uses the other decimal separator"
            );
            assert!(
                !th.contains("-H") && !th.contains("2025-"),
                "{rel}: period {th:?} is written as in the CSV file"
            );
        }
    }
}

#[test]
fn example_html_has_no_style_attributes() {
    let tree = read_tree(example());
    let mut pages = 0;
    let mut offenders: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (rel, bytes) in &tree {
        if !rel.ends_with(".html") {
            continue;
        }
        pages += 1;
        let doc = Html::parse_document(&String::from_utf8_lossy(bytes));
        for el in doc.select(&sel("[style]")) {
            offenders
                .entry(rel.clone())
                .or_default()
                .push(el.value().name().to_string());
        }
    }
    assert!(pages > 100, "only {pages} pages checked");
    assert!(
        tree.keys()
            .any(|k| k == "sv/results/child-clinic-wait/index.html"),
        "the results pages were not among those checked"
    );
    assert!(offenders.is_empty(), "style attributes in: {offenders:#?}");
}

#[test]
fn example_every_indicator_page_with_values_has_a_chart() {
    let data = json(&read_output(example(), "data/results.json"), "results.json");
    let list = data["indicators"].as_array().unwrap();
    assert!(list.len() >= 10);
    for ind in list {
        let id = ind["id"].as_str().unwrap();
        let has_values = ind["values"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| !v["value"].is_null());
        for lang in ["fi", "sv", "en"] {
            let rel = format!("{lang}/results/{id}/index.html");
            let doc = example_doc(&rel);
            if has_values {
                assert_accessible_chart(&doc, &rel);
            } else {
                assert_eq!(ind["status"], "no_data", "{id}");
                assert!(doc.select(&sel("svg")).next().is_none(), "{rel}");
            }
        }
    }
}

/// The first number in an element's text.
fn number_in(e: ElementRef<'_>) -> usize {
    text_of(e)
        .split(|c: char| !c.is_ascii_digit())
        .find(|s| !s.is_empty())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no number in {:?}", text_of(e)))
}

#[test]
fn example_front_page_key_figures_equal_the_statuses_in_promise_json() {
    let data = json(
        &std::fs::read_to_string(example().join("data/promise.json")).unwrap(),
        "promise.json",
    );
    let mut want = std::collections::BTreeMap::new();
    for area in data["areas"].as_array().unwrap() {
        for c in area["commitments"].as_array().unwrap() {
            *want
                .entry(c["status"].as_str().unwrap().to_string())
                .or_insert(0usize) += 1;
        }
    }
    for lang in ["fi", "sv", "en"] {
        let doc = example_doc(&format!("{lang}/index.html"));
        for status in ["met", "partly_met", "not_met", "no_data"] {
            let li = doc
                .select(&sel(&format!(
                    ".key-figures [data-status=\"{status}\"] .figure-number"
                )))
                .next()
                .unwrap_or_else(|| panic!("{lang}: no key figure for {status}"));
            assert_eq!(
                number_in(li),
                want.get(status).copied().unwrap_or(0),
                "{lang}: {status}"
            );
        }
        // The date the figures are from: site.yaml `results.updated`.
        let meta = doc.select(&sel(".figures-meta time")).next().expect("date");
        assert_eq!(meta.value().attr("datetime"), Some("2026-09-15"), "{lang}");
    }
    let fi = doc_text(&example_doc("fi/index.html"), ".key-figures");
    assert!(fi.contains("lupausta toteutui"), "{fi}");
}

/// An area's counts, on its card on the front page and on its page, say
/// each count with its words as the key figures do ("2 lupausta ei
/// toteutunut"): they read "Ei toteutunut 2", a status and a bare number,
/// to the eye and to a screen reader.
#[test]
fn example_area_counts_say_how_many_commitments_in_words() {
    for (lang, want) in [
        (
            "fi",
            [
                "1 lupaus toteutui",
                "1 lupaus toteutui osittain",
                "2 lupausta ei toteutunut",
                "1 lupauksesta ei ole vielä tietoa",
            ],
        ),
        (
            "sv",
            [
                "1 åtagande har uppfyllts",
                "1 åtagande har delvis uppfyllts",
                "2 åtaganden har inte uppfyllts",
                "1 åtagande saknar uppgifter ännu",
            ],
        ),
        (
            "en",
            [
                "1 commitment met",
                "1 commitment partly met",
                "2 commitments not met",
                "1 commitment without data yet",
            ],
        ),
    ] {
        for (rel, css) in [
            (
                format!("{lang}/index.html"),
                ".area-card:first-child .area-counts li",
            ),
            (format!("{lang}/health/index.html"), ".area-counts li"),
        ] {
            let doc = example_doc(&rel);
            let counts: Vec<String> = doc.select(&sel(css)).map(text_of).collect();
            assert_eq!(counts, want, "{rel}");
        }
    }
}

fn doc_text(doc: &Html, css: &str) -> String {
    doc.select(&sel(css))
        .map(text_of)
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn example_links_to_open_data_make_sense_out_of_their_sentence() {
    // A screen reader's list of links read "CSV, JSON" on every indicator
    // page: the links' own words must say what they give.
    for (lang, csv, json) in [
        ("fi", "tulokset CSV-tiedostona", "tulokset JSON-tiedostona"),
        ("sv", "resultaten som CSV-fil", "resultaten som JSON-fil"),
        ("en", "results as a CSV file", "results as a JSON file"),
    ] {
        let rel = format!("{lang}/results/child-clinic-wait/index.html");
        let doc = example_doc(&rel);
        let links: Vec<(String, String)> = doc
            .select(&sel(".series-downloads a"))
            .map(|a| (a.value().attr("href").unwrap().to_string(), text_of(a)))
            .collect();
        assert_eq!(
            links,
            [
                (
                    "/data/results/child-clinic-wait.csv".to_string(),
                    csv.to_string()
                ),
                (
                    "/data/results/child-clinic-wait.json".to_string(),
                    json.to_string()
                ),
            ],
            "{rel}"
        );
    }
    // Nowhere in the site is a link named by its file format alone.
    for (rel, bytes) in read_tree(example()) {
        if !rel.ends_with(".html") {
            continue;
        }
        let doc = Html::parse_document(&String::from_utf8(bytes).unwrap());
        for a in doc.select(&sel("a[href]")) {
            let text = text_of(a);
            assert!(
                !["CSV", "JSON"].contains(&text.as_str()),
                "{rel}: a link named only {text:?}: {}",
                a.html()
            );
        }
    }
}

#[test]
fn example_open_data_links_name_format_and_the_real_size() {
    for lang in ["fi", "sv", "en"] {
        let doc = example_doc(&format!("{lang}/results/index.html"));
        let links: Vec<ElementRef> = doc.select(&sel(".attachments a")).collect();
        assert_eq!(links.len(), 3, "{lang}");
        for a in links {
            let href = a.value().attr("href").unwrap();
            let bytes = std::fs::metadata(example().join(href.trim_start_matches('/')))
                .unwrap_or_else(|e| panic!("{href}: {e}"))
                .len() as f64;
            let kb = (bytes / 1024.0).ceil().max(1.0) as usize;
            let text = text_of(a);
            let format = if href.ends_with(".csv") {
                "CSV"
            } else {
                "JSON"
            };
            assert!(
                text.contains(&format!("({format}, {kb}\u{a0}"))
                    || text.contains(&format!("({format}, {kb} ")),
                "{lang}: {text:?} for {href} of {bytes} bytes"
            );
        }
    }
}

#[test]
fn example_brand_colour_is_in_the_stylesheet_and_the_logo_in_the_header() {
    let doc = example_doc("fi/index.html");
    let logo = doc
        .select(&sel("header .site-name img"))
        .next()
        .expect("logo");
    assert_eq!(logo.value().attr("src"), Some("/media/logo.svg"));
    assert_eq!(
        logo.value().attr("alt"),
        Some(""),
        "the name beside it is the link's text"
    );
    assert!(
        text_of(doc.select(&sel("header .site-name a")).next().unwrap())
            .contains("Järvilaakson hyvinvointialue")
    );
    let href = doc
        .select(&sel("link[rel=stylesheet]"))
        .next()
        .and_then(|l| l.value().attr("href"))
        .expect("stylesheet");
    let css = std::fs::read_to_string(example().join(href.trim_start_matches('/'))).unwrap();
    assert!(
        css.contains("--brand:#00558c"),
        "the brand colour is not in the stylesheet"
    );
    // Footer: the county's site and privacy statement from `brand`.
    let footer: Vec<&str> = doc
        .select(&sel("footer a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        footer.contains(&"https://www.jarvilaakso.example"),
        "{footer:?}"
    );
    assert!(
        footer.contains(&"https://www.jarvilaakso.example/tietosuoja"),
        "{footer:?}"
    );
}

#[test]
fn example_fallback_page_links_to_the_language_it_shows() {
    let doc = example_doc("en/follow-up-2026-h1/index.html");
    let a = doc
        .select(&sel("main .notice:not(.consultation-notice) a"))
        .next()
        .expect("a link in the notice");
    assert_eq!(a.value().attr("href"), Some("/fi/follow-up-2026-h1/"));
    assert_eq!(a.value().attr("hreflang"), Some("fi"));
}

/// A commitment listed in another language than the page's says so after
/// its title, as a listed news page does: the English area and results
/// pages listed "Kuntoutus auttaa pärjäämään kotona" with nothing to say
/// that the page behind it is in Finnish.
#[test]
fn example_commitment_in_another_language_says_so_where_it_is_listed() {
    for rel in ["en/elderly/index.html", "en/results/index.html"] {
        let doc = example_doc(rel);
        let links: Vec<ElementRef> = doc
            .select(&sel(
                ".commitment-item a[lang], .results-commitment-head a[lang]",
            ))
            .collect();
        assert_eq!(
            links.len(),
            1,
            "{rel}: the example has one commitment in Finnish only"
        );
        let note = links[0]
            .next_siblings()
            .filter_map(ElementRef::wrap)
            .next()
            .filter(|e| e.value().classes().any(|c| c == "lang-note"))
            .map(text_of);
        assert_eq!(note.as_deref(), Some("(in Finnish)"), "{rel}");
    }
}
// ---------------------------------------------------------------------------
// Rounding never hides the status: 94,6 with `decimals: 0` and a target of
// 95 shows as 94,6 (not 95) everywhere a value is shown, and `check` warns.

#[test]
fn rounding_never_makes_a_missed_target_look_met() {
    let b = build_fixture("rounding", &[]);
    b.assert_ok();
    for page in [
        "fi/results/osuus/index.html",
        "fi/terveys/hoitotakuu/index.html",
    ] {
        let html = b.read(page);
        assert!(html.contains("94,6\u{a0}%"), "{page}: no 94,6 %:\n{html}");
        assert!(
            !html.contains(">95\u{a0}%<"),
            "{page} shows the value as 95 %"
        );
    }
    // The table, the chart's point and its text alternative.
    let html = b.read("fi/results/osuus/index.html");
    let svg_start = html.find("<svg").expect("a chart");
    assert!(html[svg_start..].contains("94,6"), "chart point");
    // 93 does not cross the target: shown with the indicator's decimals.
    assert!(html.contains(">93\u{a0}%<"), "{html}");
    let check = common::lupaus_command()
        .args(["check", "--root"])
        .arg(common::fixture("rounding"))
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&check.stdout);
    assert!(
        out.contains(
            "content/indicators.yaml:6:13: warning: with `decimals: 0`, the value 94.6 (2025)"
        ) && out.contains("set `decimals: 1`"),
        "{out}"
    );
    // In Finnish and Swedish the value has a decimal comma, as the pages
    // show it.
    for (lang, said) in [
        ("fi", "mittarin \"osuus\" arvo 94,6 (2025)"),
        ("sv", "skulle värdet 94,6 (2025)"),
    ] {
        let check = common::lupaus_command()
            .args(["check", "--lang", lang, "--root"])
            .arg(common::fixture("rounding"))
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&check.stdout);
        assert!(out.contains(said), "{lang}: {out}");
    }
}

/// An indicator without a `decimals` line is told at its own id, not at
/// the `decimals` of the indicator after it.
#[test]
fn the_rounding_warning_of_an_indicator_without_decimals_is_at_its_id() {
    let check = common::lupaus_command()
        .args(["check", "--root"])
        .arg(common::fixture("rounding-undeclared"))
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&check.stdout);
    let rounding: Vec<&str> = out.lines().filter(|l| l.contains("decimals: 0")).collect();
    assert_eq!(rounding.len(), 1, "{out}");
    assert!(
        rounding[0].starts_with("content/indicators.yaml:1:1: warning: ")
            && rounding[0].contains("of \"osuus\""),
        "{out}"
    );
}

/// An indicator's `name` is told at its own line, not at the `name` of
/// its `source:` written above it.
#[test]
fn an_indicators_name_is_told_at_its_own_line_not_its_sources() {
    let dir = common::copy_fixture("rounding");
    std::fs::write(
        dir.path().join("content/indicators.yaml"),
        "osuus:\n  source:\n    name: { fi: THL, en: THL }\n  name: { en: Treated }\n  \
         direction: higher\n  target: 95\n",
    )
    .unwrap();
    let check = common::lupaus_command()
        .args(["check", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&check.stdout);
    assert!(
        out.contains("content/indicators.yaml:4:9: `osuus.name` has no text in the default"),
        "{out}"
    );
}

#[test]
fn a_note_shown_in_another_language_says_it_is_in_the_default_one() {
    // The CSV has no language: its notes are the default language's (fi
    // here), marked as such on the English page for screen readers, and
    // said to be in Finnish for everyone.
    let b = build_fixture("results-comma", &[]);
    b.assert_ok();
    let note_cell = |rel: &str| {
        let html = Html::parse_document(&b.read(rel));
        let td = Selector::parse("td").unwrap();
        let marked = Selector::parse("span[lang]").unwrap();
        html.select(&td)
            .find(|c| {
                c.text()
                    .collect::<String>()
                    .starts_with("Uusi järjestelmä, ei tietoa")
            })
            .map(|c| {
                let lang = c
                    .select(&marked)
                    .next()
                    .and_then(|s| s.value().attr("lang").map(str::to_string));
                (lang, c.text().collect::<String>())
            })
            .unwrap_or_else(|| panic!("no note cell in {rel}"))
    };
    let (lang, text) = note_cell("fi/results/osuus/index.html");
    assert_eq!((lang, text.as_str()), (None, "Uusi järjestelmä, ei tietoa"));
    let (lang, text) = note_cell("en/results/osuus/index.html");
    assert_eq!(lang.as_deref(), Some("fi"));
    assert!(text.ends_with("(in Finnish)"), "{text}");
}

//! Results at any length, outcome and progress indicators, and the results
//! calendar: a site from `lupaus init` with a generated 100,000-row series.

mod common;

use std::path::Path;

use common::build;
use tempfile::TempDir;

/// Rows of the generated series: one indicator, every month from 1000-01
/// on (the content format's years are 1000 to 9999, so one monthly series
/// holds at most 108,000 rows; scripts/bench-results writes all of them).
const ROWS: usize = 100_000;

/// A site made by `lupaus init`, with a progress indicator followed by the
/// starter commitment, the results calendar, and `rows` monthly results of
/// the starter's indicator with a note each.
fn site(rows: usize) -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    let root = dir.path().join("site");
    // Starter text stops a build: replaced as a writer would.
    common::init_site(&root, &[]);
    let content = root.join("content");
    append(
        &content.join("indicators.yaml"),
        "\nreferral-system:\n  name: {fi: \"Lähetejärjestelmä käytössä\", sv: \"Remissystemet i bruk\", en: \"Referral system in use\"}\n  unit: {fi: \"%\", sv: \"%\", en: \"%\"}\n  direction: higher\n  target: 100\n  kind: progress\n",
    );
    append(
        &content.join("site.yaml"),
        "\nresults:\n  updated: 2026-09-15\n  next_update: 2027-03-15\n",
    );
    let commitment = content.join("areas/health/appointment-within-a-week.fi.md");
    let text = std::fs::read_to_string(&commitment).expect("commitment");
    let text = text.replace(
        "indicators: [appointment-wait]",
        "indicators: [appointment-wait, referral-system]",
    );
    assert!(
        text.contains("referral-system"),
        "the starter commitment changed"
    );
    std::fs::write(&commitment, text).expect("write commitment");
    let mut csv = String::from("indicator,period,value,note\n");
    for i in 0..rows {
        let (year, month) = (1000 + i / 12, i % 12 + 1);
        let value = (i * 7919 % 2000) as f64 / 100.0;
        csv.push_str(&format!(
            "appointment-wait,{year:04}-{month:02},{value},\"row {i}: a note of some length, as staff write them\"\n"
        ));
    }
    csv.push_str("referral-system,2025,40,\nreferral-system,2026,75,\n");
    std::fs::write(content.join("results/2025.csv"), csv).expect("write results");
    dir
}

fn append(path: &Path, text: &str) {
    let old = std::fs::read_to_string(path).expect("read");
    std::fs::write(path, format!("{old}{text}")).expect("write");
}

#[test]
fn a_long_series_builds_into_light_pages_and_full_data_files() {
    let dir = site(ROWS);
    let built = build(&dir.path().join("site"), &[]);
    built.assert_ok();
    let mut largest = (0, String::new());
    for entry in walkdir::WalkDir::new(&built.out) {
        let entry = entry.expect("walk");
        if entry.path().extension().is_some_and(|e| e == "html") {
            let len = entry.metadata().expect("metadata").len();
            if len > largest.0 {
                largest = (len, entry.path().display().to_string());
            }
        }
    }
    assert!(largest.0 < 500_000, "{} is {} bytes", largest.1, largest.0);

    for lang in ["fi", "sv", "en"] {
        let page = built.read(&format!("{lang}/results/appointment-wait/index.html"));
        assert!(page.len() < 100_000, "{lang} page is {} bytes", page.len());
        // The latest periods are on the page, the oldest are not.
        let last = ROWS - 1;
        assert!(
            page.contains(&format!("row {last}: ")),
            "newest row missing"
        );
        assert!(!page.contains("row 0: "), "the oldest row is on the page");
        assert!(page.contains("/data/results/appointment-wait.csv"));
        assert!(page.contains("/data/results/appointment-wait.json"));
    }
    let en = built.read("en/results/appointment-wait/index.html");
    assert!(
        en.contains("The chart and the table show the latest 24 of 100,000 results."),
        "the window is said in words"
    );

    // The whole series is in the indicator's own files.
    let csv = built.read("data/results/appointment-wait.csv");
    assert_eq!(csv.lines().count(), ROWS + 1);
    assert!(csv.starts_with("indicator,period,value,note\nappointment-wait,1000-01,0,\"row 0: "));
    let json: serde_json::Value =
        serde_json::from_str(&built.read("data/results/appointment-wait.json")).expect("JSON");
    let values = json["indicators"][0]["values"].as_array().expect("values");
    assert_eq!(values.len(), ROWS);
    assert_eq!(values[ROWS - 1]["period"], "9333-04");
    // And in the site-wide files, as before.
    let all = built.read("data/results.csv");
    assert_eq!(all.lines().count(), ROWS + 3);
}

#[test]
fn outcome_and_progress_indicators_are_grouped_and_the_calendar_is_open_data() {
    let dir = site(3);
    let built = build(&dir.path().join("site"), &[]);
    built.assert_ok();
    for page in [
        "en/results/index.html",
        "en/health/appointment-within-a-week/index.html",
    ] {
        let html = built.read(page);
        let outcome = html
            .find("Outcome indicators")
            .unwrap_or_else(|| panic!("{page}: no outcome group"));
        let progress = html
            .find("Progress indicators")
            .unwrap_or_else(|| panic!("{page}: no progress group"));
        assert!(outcome < progress, "{page}: outcome first");
        // The first mention after the outcome heading (the overview also
        // lists indicators under each commitment, above the groups).
        let after = |text: &str| html[outcome..].find(text).map(|i| i + outcome);
        let wait = after("Waiting time at the health centre").expect("outcome indicator");
        let referral = after("Referral system in use").expect("progress indicator");
        assert!(
            outcome < wait && wait < progress && progress < referral,
            "{page}: each in its group: {outcome} {wait} {progress} {referral}"
        );
    }
    let fi = built.read("fi/results/index.html");
    assert!(fi.contains("Tulosmittarit") && fi.contains("Edistymismittarit"));

    let json: serde_json::Value =
        serde_json::from_str(&built.read("data/results.json")).expect("JSON");
    assert_eq!(json["updated"], "2026-09-15");
    assert_eq!(json["next_update"], "2027-03-15");
    let kinds: Vec<(&str, &str)> = json["indicators"]
        .as_array()
        .expect("indicators")
        .iter()
        .map(|i| {
            (
                i["id"].as_str().unwrap_or(""),
                i["kind"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("appointment-wait", "outcome"),
            ("referral-system", "progress")
        ]
    );
}

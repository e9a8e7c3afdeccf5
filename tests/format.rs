//! Content format 1.1: the anchor rule for fallback copies, and every new
//! optional field's validation (`brand`, `results`, `consultation`,
//! `previous` in `site.yaml`; `kind`, `sotkanet` and a decimal comma in
//! `indicators.yaml`; the reserved names `changes` and `document`).

mod common;

use std::path::Path;

use common::{build, build_fixture, copy_fixture};

/// `lupaus check` on `root`: (exit code, standard output).
fn check(root: &Path) -> (i32, String) {
    let out = common::lupaus_command()
        .args(["check", "--root"])
        .arg(root)
        .output()
        .expect("run lupaus check");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create dir");
    }
    std::fs::write(path, text).expect("write file");
}

#[test]
fn a_fallback_copy_links_to_the_page_without_an_anchor_its_translation_lacks() {
    let b = build_fixture("fallback-anchor", &["--no-minify"]);
    b.assert_ok();
    // The Swedish page keeps its anchor: the Swedish heading has it.
    let sv = b.read("sv/nyheter/index.html");
    assert!(
        sv.contains("href=\"/sv/sa-gjorde-vi/#kommentarsrundan\""),
        "{sv}"
    );
    // Its English fallback copy links to the English page, whose heading
    // has another anchor: to the page, without the anchor.
    let en = b.read("en/nyheter/index.html");
    assert!(en.contains("href=\"/en/sa-gjorde-vi/\""), "{en}");
    assert!(!en.contains("#kommentarsrundan"), "{en}");
    // The build says so too.
    assert!(
        b.run
            .stderr
            .contains("content/pages/nyheter.sv.md:8:8: warning: in the en version of this page"),
        "{}",
        b.run.stderr
    );

    let (code, report) = check(&common::fixture("fallback-anchor"));
    assert_eq!(code, 0, "{report}");
    let line = report
        .lines()
        .find(|l| l.starts_with("content/pages/nyheter.sv.md:8:8: warning:"))
        .unwrap_or_else(|| panic!("no warning at the link; the report was:\n{report}"));
    assert!(
        line.contains("@/pages/sa-gjorde-vi.md#kommentarsrundan")
            && line.contains("content/pages/sa-gjorde-vi.en.md")
            && line.contains("{#kommentarsrundan}"),
        "{line}"
    );
}

#[test]
fn a_missing_anchor_outside_a_fallback_copy_stays_an_error() {
    let dir = copy_fixture("fallback-anchor");
    write(
        dir.path(),
        "content/_index.en.md",
        "---\ntitle: Our service promise\n---\n\nRead about [the comments](@/pages/sa-gjorde-vi.md#kommentarsrundan).\n",
    );
    let b = build(dir.path(), &[]);
    b.assert_failed(1);
    b.run.error_starting("content/_index.en.md:5:");
}

/// A fallback-anchor site with `site.yaml` extended by `extra` and the
/// files in `files`; returns the check report's diagnostics.
fn diagnostics_with(extra: &str, files: &[(&str, &str)]) -> (i32, Vec<String>) {
    let dir = copy_fixture("fallback-anchor");
    let site = std::fs::read_to_string(dir.path().join("content/site.yaml")).expect("site.yaml");
    write(dir.path(), "content/site.yaml", &format!("{site}{extra}"));
    for (rel, text) in files {
        write(dir.path(), rel, text);
    }
    let (code, report) = check(dir.path());
    // What the fixture itself says (its fallback anchor, its statement's
    // missing date) is not what these tests look at.
    let (_, baseline) = check(&common::fixture("fallback-anchor"));
    let lines = report
        .lines()
        .filter(|l| l.starts_with("content/") && !baseline.lines().any(|b| b == *l))
        .map(str::to_string)
        .collect();
    (code, lines)
}

/// Asserts exactly one diagnostic, starting with `prefix` and containing
/// every one of `words`.
fn assert_one(got: &(i32, Vec<String>), prefix: &str, words: &[&str]) {
    let (code, lines) = got;
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(lines[0].starts_with(prefix), "{lines:#?}");
    for w in words {
        assert!(lines[0].contains(w), "{w:?} missing in {lines:#?}");
    }
    if !prefix.contains("warning") {
        assert_eq!(*code, 1, "an error fails check");
    }
}

const LOGO: (&str, &str) = (
    "content/media/logo.svg",
    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"/>",
);

#[test]
fn every_1_1_setting_together_builds() {
    let dir = copy_fixture("fallback-anchor");
    let site = std::fs::read_to_string(dir.path().join("content/site.yaml")).expect("site.yaml");
    write(
        dir.path(),
        "content/site.yaml",
        &format!(
            "{site}brand:\n  logo: media/logo.svg\n  colour: \"#00558c\"\n  url: https://www.example.fi\n  privacy_url: https://www.example.fi/tietosuoja\nresults:\n  updated: 2026-09-15\n  next_update: 2027-03-15\nconsultation:\n  open: true\n  until: 2026-01-31\n  url: https://www.example.fi/kommentoi\n  email: kommentit@example.fi\nprevious: media/promise-2025.json\n"
        ),
    );
    write(dir.path(), LOGO.0, LOGO.1);
    // The smallest data/promise.json that lupaus recognises (format 1).
    write(
        dir.path(),
        "content/media/promise-2025.json",
        "{\"format\": 1, \"languages\": [\"fi\"], \"license\": null, \"title\": null, \"organisation\": {}, \"valid_from\": null, \"valid_until\": null, \"decision\": null, \"counts\": null, \"areas\": []}\n",
    );
    write(
        dir.path(),
        "content/indicators.yaml",
        "wait:\n  name: { sv: Väntetid, en: Waiting time }\n  direction: lower\n  target: 7,5\n  kind: progress\n  sotkanet:\n    indicator: 1234\n    region: 974\n",
    );
    let (code, report) = check(dir.path());
    assert!(
        !report.lines().any(
            |l| (l.contains("site.yaml:") || l.contains("indicators.yaml:"))
                && !l.contains(": warning: ")
        ),
        "{report}"
    );
    assert_eq!(code, 0, "{report}");
    build(dir.path(), &[]).assert_ok();
}

#[test]
fn a_brand_colour_under_4_5_to_1_is_an_error_at_its_line() {
    let got = diagnostics_with("brand:\n  colour: \"#4a90e2\"\n", &[]);
    assert_one(
        &got,
        "content/site.yaml:9:11: `brand.colour` #4a90e2 has a contrast of 3.",
        &["4.5:1", "use a darker colour, e.g. \"#"],
    );
    let got = diagnostics_with("brand:\n  colour: blue\n", &[]);
    assert_one(
        &got,
        "content/site.yaml:9:11: `brand.colour` \"blue\" is not a colour",
        &["#00558c"],
    );
}

#[test]
fn brand_files_and_addresses_are_checked() {
    let got = diagnostics_with("brand:\n  logo: media/logo.svg\n", &[]);
    assert_one(
        &got,
        "content/site.yaml:9:9: `brand.logo` names content/media/logo.svg, but there is no such file",
        &[],
    );
    let got = diagnostics_with("brand:\n  logo: ../logo.svg\n", &[LOGO]);
    assert_one(
        &got,
        "content/site.yaml:9:9: `brand.logo` \"../logo.svg\" must be a file under content/media/",
        &[],
    );
    let got = diagnostics_with("brand:\n  url: www.example.fi\n", &[]);
    assert_one(
        &got,
        "content/site.yaml:9:8: `brand.url` \"www.example.fi\" is not an absolute address",
        &["https://"],
    );
    let got = diagnostics_with("brand:\n  colur: \"#00558c\"\n", &[]);
    assert_one(
        &got,
        "content/site.yaml:9:",
        &["unknown field `colur`", "colour"],
    );
}

#[test]
fn the_results_calendar_is_checked() {
    let got = diagnostics_with("results:\n  updated: 15.9.2026\n", &[]);
    assert_one(
        &got,
        "content/site.yaml:9:12: `results.updated`: write the date \"15.9.2026\" as YYYY-MM-DD: 2026-09-15",
        &["YYYY-MM-DD"],
    );
    let got = diagnostics_with(
        "results:\n  updated: 2026-09-15\n  next_update: 2026-03-15\n",
        &[],
    );
    assert_one(
        &got,
        "content/site.yaml:10:16: warning: `results.next_update` 2026-03-15 is before",
        &[],
    );
}

#[test]
fn a_comment_round_is_checked() {
    let got = diagnostics_with(
        "consultation:\n  until: 2026-01-31\n  url: https://x.example\n",
        &[],
    );
    assert_one(&got, "content/site.yaml:8:", &["no `open`", "open: true"]);
    let got = diagnostics_with(
        "consultation:\n  open: true\n  url: https://x.example\n",
        &[],
    );
    assert_one(&got, "content/site.yaml:8:", &["no `until`"]);
    let got = diagnostics_with("consultation:\n  open: true\n  until: 2026-01-31\n", &[]);
    assert_one(&got, "content/site.yaml:8:", &["`url:`", "`email:`"]);
    let got = diagnostics_with(
        "consultation:\n  open: true\n  until: 2026-01-31\n  email: kommentit.example.fi\n",
        &[],
    );
    assert_one(
        &got,
        "content/site.yaml:11:10: `consultation.email` \"kommentit.example.fi\" is not an e-mail address",
        &[],
    );
    let got = diagnostics_with(
        "consultation:\n  open: yes please\n  until: 2026-01-31\n  url: https://x.example\n",
        &[],
    );
    assert_one(&got, "content/site.yaml:9:", &["open"]);
    // A closed round needs nothing more.
    let got = diagnostics_with("consultation:\n  open: false\n", &[]);
    assert!(got.1.is_empty(), "{:#?}", got.1);
}

#[test]
fn previous_must_name_a_file_under_media() {
    let got = diagnostics_with("previous: media/promise-2025.json\n", &[]);
    assert_one(
        &got,
        "content/site.yaml:8:11: `previous` names content/media/promise-2025.json, but there is no such file",
        &[],
    );
    let got = diagnostics_with(
        "previous: pages/promise-2025.json\n",
        &[("content/pages/promise-2025.json", "{}")],
    );
    assert!(
        got.1
            .iter()
            .any(|l| l.starts_with("content/site.yaml:8:11: `previous` names content/pages/promise-2025.json, which is not under content/media/")),
        "{:#?}",
        got.1
    );
}

/// The diagnostics of an `indicators.yaml`, less the warning that no
/// commitment follows the indicator (the fixture has no commitments).
fn indicators(text: &str) -> (i32, Vec<String>) {
    let (code, lines) = diagnostics_with("", &[("content/indicators.yaml", text)]);
    let lines = lines
        .into_iter()
        .filter(|l| !l.contains("is not used by any commitment"))
        .collect();
    (code, lines)
}

#[test]
fn kind_sotkanet_and_a_decimal_comma_in_indicators_yaml() {
    let base = "wait:\n  name: { sv: Väntetid, en: Waiting time }\n  direction: lower\n";
    let got = indicators(&format!("{base}  target: 7\n  kind: outcomes\n"));
    assert_one(
        &got,
        "content/indicators.yaml:5:9: indicator \"wait\" has unknown kind \"outcomes\"",
        &["did you mean \"outcome\""],
    );
    let got = indicators(&format!(
        "{base}  target: 7\n  sotkanet:\n    indicator: 1234\n"
    ));
    assert_one(
        &got,
        "content/indicators.yaml:5:",
        &["no `region`", "region: 974"],
    );
    let got = indicators(&format!(
        "{base}  target: 7\n  sotkanet:\n    indicator: abc\n    region: 974\n    gender: all\n"
    ));
    assert_eq!(got.1.len(), 2, "{:#?}", got.1);
    assert!(got.1[0].starts_with("content/indicators.yaml:6:16: indicator \"wait\": `sotkanet.indicator` \"abc\" is not an id"), "{:#?}", got.1);
    assert!(got.1[1].starts_with("content/indicators.yaml:8:13: indicator \"wait\": `sotkanet.gender` \"all\" is not one of total, male, female"), "{:#?}", got.1);
    let got = indicators(&format!("{base}  target: \"7,5\"\n"));
    assert!(got.1.is_empty(), "{:#?}", got.1);
    let got = indicators(&format!("{base}  target: 7,5\n"));
    assert!(got.1.is_empty(), "a decimal comma unquoted: {:#?}", got.1);
    let got = indicators(&format!("{base}  target: seitsemän\n"));
    assert_one(
        &got,
        "content/indicators.yaml:4:11: indicator \"wait\": `target` \"seitsemän\" is not a number",
        &["target: 90,5"],
    );
}

#[test]
fn changes_and_document_are_reserved_page_names() {
    for name in ["changes", "document"] {
        let dir = copy_fixture("fallback-anchor");
        write(
            dir.path(),
            &format!("content/pages/{name}.sv.md"),
            "---\ntitle: Egen sida\n---\n\nText.\n",
        );
        let b = build(dir.path(), &[]);
        // Once per language that would have the address.
        b.assert_failed(2);
        for lang in ["sv", "en"] {
            let e = b.run.error_starting(&format!(
                "content/pages/{name}.sv.md: the address /{lang}/{name}/ is reserved for generated pages"
            ));
            assert!(e.contains(name), "{e}");
        }
    }
}

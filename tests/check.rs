//! `lupaus check` end to end: the real binary on small hand-written sites
//! under `tests/fixtures/check-*` and on the example site, in both output
//! formats.

mod common;

use std::path::Path;

use chrono::{Duration, Local, NaiveDate};
use common::{copy_fixture, read_tree};
use serde_json::Value;
use tempfile::TempDir;

/// What one run of `lupaus check` said.
#[derive(Debug)]
struct Check {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Check {
    /// The diagnostic lines of the text report: everything before the first
    /// blank line.
    fn diagnostics(&self) -> Vec<&str> {
        self.stdout
            .lines()
            .take_while(|l| !l.trim().is_empty())
            .collect()
    }

    /// The report as JSON (for `--format json`).
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "check --format json did not print JSON ({e}); stdout:\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

fn run_check(root: &Path, extra: &[&str]) -> Check {
    let output = common::lupaus_command()
        .arg("check")
        .arg("--root")
        .arg(root)
        .args(extra)
        .output()
        .expect("run lupaus check");
    Check {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Asserts that the text report's diagnostics are exactly `expected`, in
/// order, each line starting with its entry.
fn assert_diagnostics(c: &Check, expected: &[&str]) {
    let got = c.diagnostics();
    for (i, want) in expected.iter().enumerate() {
        assert!(
            got.get(i).is_some_and(|l| l.starts_with(want)),
            "diagnostic {i} should start with {want:?}; the report was:\n{}",
            c.stdout
        );
    }
    assert_eq!(
        got.len(),
        expected.len(),
        "expected {} diagnostics; the report was:\n{}",
        expected.len(),
        c.stdout
    );
}

fn today() -> NaiveDate {
    // The same clock `lupaus check` reads.
    Local::now().date_naive()
}

/// `check-warnings` in a temporary folder, its accessibility assessment
/// `days_ago` days before today.
fn warnings_site(days_ago: i64) -> (TempDir, NaiveDate) {
    let site = copy_fixture("check-warnings");
    let assessed = today() - Duration::days(days_ago);
    let path = site.path().join("content/site.yaml");
    let yaml = std::fs::read_to_string(&path).unwrap();
    let placeholder = "  assessed: 2000-01-01\n";
    assert!(
        yaml.contains(placeholder),
        "the fixture's site.yaml changed"
    );
    std::fs::write(
        &path,
        yaml.replace(placeholder, &format!("  assessed: {assessed}\n")),
    )
    .unwrap();
    (site, assessed)
}

// ---------------------------------------------------------------------------
// 1. Errors: exit 1, each with its file, line and column.

#[test]
fn errors_are_reported_with_file_line_and_column() {
    let c = run_check(&common::fixture("check-errors"), &[]);
    assert_eq!(c.code, 1, "check with errors must exit 1:\n{}", c.stdout);
    assert_diagnostics(
        &c,
        &[
            // content/pages/ohje.fi.md: front matter lines 1-3, body from 4.
            "content/pages/ohje.fi.md:7:1: image /media/kartta.svg has no alt text",
            "content/pages/ohje.fi.md:11:1: heading \"Puhelimessa\" jumps from level 2 to level 4",
            "content/pages/ohje.fi.md:13:1: `# Vastaanotolla` is a level-1 heading",
            // `Katso [neuvolan lupaus](@/areas/perhe/neuvla.md) ja`: `[` at column 7.
            "content/pages/ohje.fi.md:15:7: link to @/areas/perhe/neuvla.md, but there is no such file",
            "content/pages/ohje.fi.md:16:1: link to @/pages/ohje.md#ajanvaraus-netissa, but content/pages/ohje.fi.md has no heading with the anchor \"ajanvaraus-netissa\"",
            // No `accessibility.assessed` at all: a warning without a line.
            "content/site.yaml: warning: the accessibility statement has no assessment date",
        ],
    );
    let d = c.diagnostics();
    assert!(d[1].contains("use ###"), "{}", d[1]);
    assert!(d[2].contains("write it as `## Vastaanotolla`"), "{}", d[2]);
    assert!(
        d[3].contains("did you mean \"@/areas/perhe/neuvola.md\""),
        "{}",
        d[3]
    );
    assert!(
        d[4].contains("its anchors are ajanvaraus, puhelimessa, vastaanotolla"),
        "{}",
        d[4]
    );
    assert!(
        c.stdout
            .contains("\n5 errors, 1 warning in 4 pages (fi).\n"),
        "summary line missing:\n{}",
        c.stdout
    );
}

/// Every front-matter field with a wrong value is reported in one run,
/// each at its own line and in the words it has alone: the writer fixes
/// them all in one go instead of meeting the next after each save.
#[test]
fn every_wrong_front_matter_value_is_reported_in_one_run() {
    let site = copy_fixture("err-perspective");
    let path = site.path().join("content/areas/perhe/neuvola.fi.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let wrong = "draft: kyllä\nperspective: saatavuus\norder: kolme\n";
    let text = text.replacen("perspective: availabilty\n", wrong, 1);
    assert!(text.contains(wrong), "the fixture changed");
    std::fs::write(&path, text).unwrap();
    let c = run_check(site.path(), &[]);
    assert_eq!(c.code, 1, "{}", c.stdout);
    assert_diagnostics(
        &c,
        &[
            "content/areas/perhe/neuvola.fi.md:3:8: `draft`: the text \"kyllä\" is neither true nor false; write true (lupaus reads only true and false); fix the field's value",
            "content/areas/perhe/neuvola.fi.md:4:14: unknown perspective \"saatavuus\"",
            "content/areas/perhe/neuvola.fi.md:5:8: `order`: the text \"kolme\" is not a whole number",
            "content/site.yaml: warning: the accessibility statement has no assessment date",
        ],
    );
}

/// Without content/indicators.yaml, what names an indicator is told once
/// that the file is missing (with what to do), not once per commitment,
/// results row and link that its indicator is unknown.
#[test]
fn a_missing_indicators_file_is_told_once_as_the_cause() {
    let site = copy_fixture("check-errors");
    let content = site.path().join("content");
    std::fs::remove_file(content.join("indicators.yaml")).unwrap();
    let c = run_check(site.path(), &[]);
    let missing: Vec<&str> = c
        .diagnostics()
        .into_iter()
        .filter(|l| l.starts_with("content/indicators.yaml: "))
        .collect();
    assert_eq!(missing.len(), 1, "{}", c.stdout);
    assert!(
        missing[0].contains("the file is missing")
            && missing[0].contains(
                "(1 indicator, the first \"odotus\" in content/areas/perhe/neuvola.fi.md:4:14)"
            )
            && missing[0].contains("put it back as content/indicators.yaml"),
        "{}",
        missing[0]
    );
    assert!(!c.stdout.contains("unknown indicator"), "{}", c.stdout);
    // The fixture's own five errors, and this one.
    assert!(c.stdout.contains("\n6 errors, "), "{}", c.stdout);
    // Named by results files only: told so.
    let commitment = content.join("areas/perhe/neuvola.fi.md");
    let text = std::fs::read_to_string(&commitment).unwrap();
    std::fs::write(&commitment, text.replace("indicators: [odotus]\n", "")).unwrap();
    let c = run_check(site.path(), &[]);
    assert!(
        c.stdout.contains(
            "content/indicators.yaml: the file is missing, but the results files (the first content/results/2025.csv)"
        ),
        "{}",
        c.stdout
    );
    assert!(!c.stdout.contains("unknown indicator"), "{}", c.stdout);
}

/// A default-language file renamed while its translation kept the old
/// name: the translation is told the name to take, beside the page that
/// lacks its language; with two such pages, no guess.
#[test]
fn a_translation_left_behind_by_a_rename_is_told_its_new_name() {
    let site = copy_fixture("err-orphan-translation");
    let pages = site.path().join("content/pages");
    std::fs::write(
        pages.join("anna-palautetta.fi.md"),
        "---\ntitle: Palaute\n---\nTeksti.\n",
    )
    .unwrap();
    let c = run_check(site.path(), &[]);
    assert!(
        c.stdout.contains(
            "content/pages/palaute.sv.md: this translation has no default-language file; if content/pages/anna-palautetta.fi.md is its page under a new name, rename this file \"content/pages/anna-palautetta.sv.md\" to match"
        ),
        "{}",
        c.stdout
    );
    std::fs::write(
        pages.join("toinen.fi.md"),
        "---\ntitle: Toinen\n---\nTeksti.\n",
    )
    .unwrap();
    let c = run_check(site.path(), &[]);
    assert!(!c.stdout.contains("rename this file \""), "{}", c.stdout);
    assert!(c.stdout.contains("or rename this file"), "{}", c.stdout);
}

/// A page whose default-language file was deleted while its translation
/// stayed: the missing file's own error comes first, and each link to the
/// page says the file was deleted or renamed and what to do, instead of
/// "no such file".
#[test]
fn links_to_a_deleted_default_file_name_the_cause_and_it_comes_first() {
    let site = copy_fixture("err-orphan-translation");
    let front = site.path().join("content/_index.fi.md");
    let text = std::fs::read_to_string(&front).unwrap();
    std::fs::write(&front, text + "\nAnna [palautetta](@/pages/palaute.md).\n").unwrap();
    let c = run_check(site.path(), &[]);
    let d = c.diagnostics();
    assert!(
        d[0].starts_with(
            "content/pages/palaute.sv.md: this translation has no default-language file"
        ),
        "{}",
        c.stdout
    );
    let link = d
        .iter()
        .find(|l| l.starts_with("content/_index.fi.md:"))
        .unwrap_or_else(|| panic!("{}", c.stdout));
    assert!(
        link.contains(
            "link to @/pages/palaute.md, but content/pages/palaute.fi.md was deleted or renamed, \
             and its translation content/pages/palaute.sv.md is still there; \
             put content/pages/palaute.fi.md back"
        ),
        "{link}"
    );
    assert!(!c.stdout.contains("no such file"), "{}", c.stdout);
}

#[test]
fn check_writes_nothing_into_the_site() {
    let site = copy_fixture("check-errors");
    let before = read_tree(site.path());
    let c = run_check(site.path(), &[]);
    assert_eq!(c.code, 1);
    let c = run_check(site.path(), &["--format", "json"]);
    assert_eq!(c.code, 1);
    assert_eq!(
        read_tree(site.path()).into_keys().collect::<Vec<_>>(),
        before.into_keys().collect::<Vec<_>>(),
        "check created or removed files in the site root"
    );
}

/// Pages numbered `sivu1`, `sivu2`, `sivu10` are listed in that order,
/// by `check` (its problems and its missing translations) and in the
/// places a grouped problem of `build` names: they were listed as text
/// compares them, `sivu10` before `sivu2`, and a writer going down the
/// list jumped back and forth.
#[test]
fn numbered_pages_are_listed_in_natural_order() {
    let site = copy_fixture("err-links");
    for i in [10, 2, 1] {
        std::fs::write(
            site.path().join(format!("content/pages/sivu{i}.fi.md")),
            format!("---\ntitle: Sivu {i}\n---\n\nKatso [ohjeet](@/pages/ohjeet.md).\n"),
        )
        .unwrap();
    }
    let c = run_check(site.path(), &[]);
    let ohjeet: Vec<&str> = c
        .diagnostics()
        .into_iter()
        .filter(|l| l.contains("@/pages/ohjeet.md"))
        .map(|l| l.split(": ").next().unwrap_or(""))
        .collect();
    assert_eq!(
        ohjeet,
        [
            "content/pages/sivu1.fi.md:5:7",
            "content/pages/sivu2.fi.md:5:7",
            "content/pages/sivu10.fi.md:5:7",
        ],
        "{}",
        c.stdout
    );
    assert!(
        c.stdout.contains(
            "    content/pages/sivu1.sv.md\n    content/pages/sivu2.sv.md\n    \
             content/pages/sivu10.sv.md\n"
        ),
        "{}",
        c.stdout
    );
    let b = common::build(site.path(), &[]);
    let grouped = b
        .run
        .error_starting("content/pages/sivu1.fi.md:5:7: 3 links have this problem");
    assert!(
        grouped.contains(
            "They are at content/pages/sivu1.fi.md:5, content/pages/sivu2.fi.md:5, \
             content/pages/sivu10.fi.md:5;"
        ),
        "{grouped}"
    );
}

// ---------------------------------------------------------------------------
// 2. Warnings only: exit 0, each with its file, line and column.

#[test]
fn warnings_are_reported_with_file_line_and_column_and_exit_0() {
    let (site, assessed) = warnings_site(400);
    let c = run_check(site.path(), &[]);
    assert_eq!(c.code, 0, "warnings alone must exit 0:\n{}", c.stdout);
    let year_old = format!(
        "content/site.yaml:8:13: warning: the accessibility assessment ({assessed}) is more than a year old"
    );
    assert_diagnostics(
        &c,
        &[
            // `indicators: [odotus, tuloton]` on line 5; `tuloton` at column 22.
            "content/areas/perhe/neuvola.fi.md:5:22: warning: indicator \"tuloton\" has no results yet",
            // `perspective: quality` on line 3 of the sv file, value at column 14.
            "content/areas/perhe/neuvola.sv.md:3:14: warning: the sv translation sets `perspective` differently from content/areas/perhe/neuvola.fi.md",
            // `kayttamaton:` on line 9.
            "content/indicators.yaml:9:1: warning: indicator \"kayttamaton\" is not used by any commitment",
            // `Anna palautetta [](…)`: `[` at column 17.
            "content/pages/palaute.fi.md:7:17: warning: the link to https://palaute.koeniemi.example has no text",
            "content/pages/palaute.fi.md:8:14: warning: the link text \"Lue lisää\" says nothing out of context",
            "content/pages/palaute.fi.md:9:13: warning: the link text \"Read more.\" says nothing out of context",
            "content/pages/palaute.sv.md:7:15: warning: the link text \"Läs mer\" says nothing out of context",
            &year_old,
        ],
    );
    assert!(
        c.stdout
            .contains("\n0 errors, 8 warnings in 5 pages (fi, sv).\n"),
        "summary line missing:\n{}",
        c.stdout
    );
}

/// A mistake in the default-language file's structure (an unknown
/// perspective or indicator, an order that is not a number) is told there,
/// and a translation that differs from it is not told to copy it.
#[test]
fn a_translation_is_not_told_to_copy_the_default_files_mistake() {
    let (site, _) = warnings_site(10);
    let fi = site.path().join("content/areas/perhe/neuvola.fi.md");
    let text = std::fs::read_to_string(&fi).unwrap();
    let broken = text
        .replace(
            "perspective: availability",
            "perspective: saatavuus\norder: yksi",
        )
        .replace("indicators: [odotus, tuloton]", "indicators: [odotuss]");
    assert_ne!(broken, text, "the fixture's neuvola.fi.md changed");
    std::fs::write(&fi, broken).unwrap();
    let sv = site.path().join("content/areas/perhe/neuvola.sv.md");
    std::fs::write(
        &sv,
        "---\ntitle: Tid till rådgivningen inom en vecka\nperspective: quality\norder: 1\nindicators: [odotus]\n---\n\nDu får en tid.\n",
    )
    .unwrap();
    let c = run_check(site.path(), &[]);
    for told in [
        "content/areas/perhe/neuvola.fi.md:4:14: unknown perspective \"saatavuus\"",
        "content/areas/perhe/neuvola.fi.md:5:8: `order`",
        "content/areas/perhe/neuvola.fi.md:6:14: unknown indicator \"odotuss\"",
    ] {
        assert!(c.stdout.contains(told), "{told}:\n{}", c.stdout);
    }
    assert!(!c.stdout.contains("differently from"), "{}", c.stdout);
    // With the default file right, a translation that differs is told.
    std::fs::write(&fi, &text).unwrap();
    let c = run_check(site.path(), &[]);
    for field in ["perspective", "order", "indicators"] {
        let told = format!("the sv translation sets `{field}` differently");
        assert!(c.stdout.contains(&told), "{told}:\n{}", c.stdout);
    }
    // `order:` with nothing after it is not written, not wrong.
    let empty = text.replace(
        "perspective: availability",
        "perspective: availability\norder:",
    );
    std::fs::write(&fi, empty).unwrap();
    let c = run_check(site.path(), &[]);
    let told = "the sv translation sets `order` differently";
    assert!(c.stdout.contains(told), "{told}:\n{}", c.stdout);
}

/// A text with an error still has its warnings told in the same run (the
/// warnings its render finds: a `##` without its space, a relative
/// address), not only once the error is fixed.
#[test]
fn a_texts_warnings_are_told_with_its_errors() {
    let (site, _) = warnings_site(10);
    let page = site.path().join("content/pages/palaute.fi.md");
    let mut text = std::fs::read_to_string(&page).unwrap();
    text.push_str("\n##Ohje\n\n<span style=\"color: red\">Punainen</span>\n\n[Neuvola](areas/perhe/neuvola.md)\n");
    std::fs::write(&page, text).unwrap();
    let c = run_check(site.path(), &[]);
    assert_eq!(c.code, 1, "{}", c.stdout);
    for told in [
        "content/pages/palaute.fi.md:11:1: warning: this paragraph starts with \"##Ohje\"",
        "content/pages/palaute.fi.md:13:7: the HTML attribute `style` would not work",
        "content/pages/palaute.fi.md:15:1: warning: the address \"areas/perhe/neuvola.md\" is relative",
    ] {
        assert!(c.stdout.contains(told), "{told}:\n{}", c.stdout);
    }
}

/// `accessibility:` written without `assessed`: the warning points at the
/// block to add it to.
#[test]
fn a_missing_assessment_date_points_at_the_accessibility_block() {
    let (site, _) = warnings_site(10);
    let path = site.path().join("content/site.yaml");
    let yaml = std::fs::read_to_string(&path).unwrap();
    let dated = yaml
        .lines()
        .find(|l| l.starts_with("  assessed:"))
        .expect("the fixture has a date")
        .to_string();
    std::fs::write(&path, yaml.replace(&format!("{dated}\n"), "")).unwrap();
    let c = run_check(site.path(), &[]);
    assert!(
        c.stdout.contains(
            "content/site.yaml:5:1: warning: the accessibility statement has no assessment date"
        ),
        "{}",
        c.stdout
    );
}

#[test]
fn missing_and_untranslated_texts_are_listed() {
    let (site, _) = warnings_site(400);
    let c = run_check(site.path(), &[]);
    let missing = "\nMissing translations (shown in the default language):\n  \
                   sv: 1 page\n    content/areas/perhe/kotiapu.sv.md\n";
    assert!(
        c.stdout.contains(missing),
        "no missing-translations table {missing:?} in:\n{}",
        c.stdout
    );
    let untranslated = "\nUntranslated texts (shown in the default language):\n  \
                        content/areas/perhe/neuvola.sv.md [sv]: summary\n";
    assert!(
        c.stdout.contains(untranslated),
        "no untranslated list {untranslated:?} in:\n{}",
        c.stdout
    );

    let r = run_check(site.path(), &["--format", "json"]).json();
    assert_eq!(
        r["missing_translations"],
        serde_json::json!({ "fi": [], "sv": ["areas/perhe/kotiapu.md"] })
    );
    assert_eq!(
        r["untranslated"],
        serde_json::json!([
            { "path": "content/areas/perhe/neuvola.sv.md", "lang": "sv", "field": "summary" }
        ])
    );
}

#[test]
fn untranslated_indicator_names_are_listed() {
    let (site, _) = warnings_site(10);
    let path = site.path().join("content/indicators.yaml");
    let yaml = std::fs::read_to_string(&path).unwrap();
    let plain = "  name: Mittari ilman tuloksia\n";
    assert!(yaml.contains(plain));
    std::fs::write(
        &path,
        yaml.replace(plain, "  name: { fi: Mittari ilman tuloksia }\n"),
    )
    .unwrap();
    let r = run_check(site.path(), &["--format", "json"]).json();
    assert_eq!(
        r["untranslated"],
        serde_json::json!([
            { "path": "content/areas/perhe/neuvola.sv.md", "lang": "sv", "field": "summary" },
            { "path": "content/indicators.yaml", "lang": "sv", "field": "tuloton.name" }
        ])
    );
}

#[test]
fn an_old_assessment_in_a_flow_map_is_placed_at_its_key() {
    let (site, assessed) = warnings_site(400);
    let path = site.path().join("content/site.yaml");
    let yaml = std::fs::read_to_string(&path).unwrap();
    let block = yaml
        .find("accessibility:")
        .expect("the fixture's site.yaml changed");
    // The form the check's own hint suggests: `accessibility: { assessed: … }`.
    let flow = format!(
        "accessibility: {{ conformance: partial,\n  contact_email: saavutettavuus@koeniemi.example, \"assessed\": {assessed} }}\n"
    );
    std::fs::write(&path, format!("{}{flow}", &yaml[..block])).unwrap();
    let c = run_check(site.path(), &[]);
    assert_eq!(c.code, 0, "{}", c.stdout);
    // Line 6, `  contact_email: …, "assessed": …`: the key's name at column 52.
    let year_old = format!(
        "content/site.yaml:6:52: warning: the accessibility assessment ({assessed}) is more than a year old"
    );
    assert!(
        c.diagnostics().iter().any(|l| l.starts_with(&year_old)),
        "no diagnostic starting with {year_old:?}; the report was:\n{}",
        c.stdout
    );
}

#[test]
fn a_recent_accessibility_assessment_gives_no_warning() {
    let (site, _) = warnings_site(300);
    let c = run_check(site.path(), &[]);
    assert_eq!(c.code, 0, "{}", c.stdout);
    assert!(
        !c.stdout.contains("content/site.yaml"),
        "an assessment 300 days old was reported:\n{}",
        c.stdout
    );
    assert_eq!(c.diagnostics().len(), 7, "{}", c.stdout);
}

/// A title of over 100 characters is told at its line, with where the rest
/// goes; one of exactly 100 is not.
#[test]
fn a_long_title_is_told_at_its_line() {
    let (site, _) = warnings_site(300);
    let set_title = |rel: &str, old: &str, new: &str| {
        let path = site.path().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(old), "the fixture {rel} changed");
        std::fs::write(&path, text.replacen(old, new, 1)).unwrap();
    };
    let long = format!("Aika neuvolaan {}", "ja ".repeat(40)); // 135 characters
    let hundred = format!("Palaute {}", "x".repeat(92));
    assert_eq!(hundred.chars().count(), 100);
    set_title(
        "content/areas/perhe/neuvola.fi.md",
        "title: Aika neuvolaan viikon sisällä",
        &format!("title: {}", long.trim_end()),
    );
    let palaute = site.path().join("content/pages/palaute.fi.md");
    let text = std::fs::read_to_string(&palaute).unwrap();
    let old = text
        .lines()
        .find(|l| l.starts_with("title:"))
        .expect("palaute.fi.md has a title")
        .to_string();
    set_title(
        "content/pages/palaute.fi.md",
        &old,
        &format!("title: {hundred}"),
    );
    let c = run_check(site.path(), &[]);
    assert_eq!(c.code, 0, "{}", c.stdout);
    let told: Vec<&str> = c
        .diagnostics()
        .into_iter()
        .filter(|l| l.contains("characters"))
        .collect();
    assert_eq!(
        told,
        [format!(
            "content/areas/perhe/neuvola.fi.md:2:8: warning: the title is {} characters long; a search engine and the browser tab cut a title over 100 characters, and a list of long titles is hard to read: keep the title short and move the rest to `summary:`",
            long.trim_end().chars().count()
        )],
        "{}",
        c.stdout
    );
}
#[test]
fn drafts_are_checked_with_drafts_only() {
    let (site, _) = warnings_site(10);
    let content = site.path().join("content");
    std::fs::write(
        content.join("pages/luonnos.fi.md"),
        "---\ntitle: Luonnos\ndraft: true\n---\n\nTulossa.\n\n![](/media/kuva.png)\n",
    )
    .unwrap();
    // The image exists: `/media/` links name files in content/media/.
    std::fs::create_dir_all(content.join("media")).unwrap();
    std::fs::write(content.join("media/kuva.png"), b"\x89PNG").unwrap();
    let page = content.join("pages/palaute.fi.md");
    let mut text = std::fs::read_to_string(&page).unwrap();
    assert_eq!(text.lines().count(), 9);
    text.push_str("Katso myös [tuleva ohje](@/pages/luonnos.md).\n");
    std::fs::write(&page, text).unwrap();

    // Without --drafts: the link to the draft is an error (line 10, `[` at
    // column 12), and the unpublished draft's own text is not checked.
    let c = run_check(site.path(), &[]);
    assert_eq!(c.code, 1, "{}", c.stdout);
    let r = run_check(site.path(), &["--format", "json"]).json();
    let errors: Vec<(String, u64, u64)> = r["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        vec![("content/pages/palaute.fi.md".to_string(), 10, 12)],
        "{:#}",
        r["diagnostics"]
    );
    assert!(
        c.stdout.contains(
            "content/pages/palaute.fi.md:10:12: link to @/pages/luonnos.md, which is a draft"
        ),
        "{}",
        c.stdout
    );

    // With --drafts: the draft is checked as if published (its image without
    // alt text, line 8), and linking to it is fine.
    let c = run_check(site.path(), &["--drafts"]);
    assert_eq!(c.code, 1, "{}", c.stdout);
    let errors: Vec<&str> = c
        .diagnostics()
        .into_iter()
        .filter(|l| !l.contains(": warning: "))
        .collect();
    assert_eq!(errors.len(), 1, "{}", c.stdout);
    assert!(
        errors[0]
            .starts_with("content/pages/luonnos.fi.md:8:1: image /media/kuva.png has no alt text"),
        "{}",
        c.stdout
    );
}

// ---------------------------------------------------------------------------
// 3. `--format json`: the documented shape.

/// Asserts the report's documented shape; renaming or retyping any key of it
/// fails here.
fn assert_report_shape(r: &Value) {
    let obj = r.as_object().expect("the report is a JSON object");
    for key in [
        "errors",
        "warnings",
        "diagnostics",
        "languages",
        "missing_translations",
        "untranslated",
        "pages",
    ] {
        assert!(
            obj.contains_key(key),
            "the report has no key {key:?}: {r:#}"
        );
    }
    let errors = r["errors"].as_u64().expect("`errors` is a count");
    let warnings = r["warnings"].as_u64().expect("`warnings` is a count");
    assert!(r["pages"].as_u64().is_some(), "`pages` is a count");

    let diags = r["diagnostics"]
        .as_array()
        .expect("`diagnostics` is a list");
    let (mut e, mut w) = (0, 0);
    for d in diags {
        let d = d.as_object().expect("a diagnostic is an object");
        for key in ["path", "line", "column", "severity", "message"] {
            assert!(d.contains_key(key), "diagnostic without {key:?}: {d:?}");
        }
        assert!(d["path"].is_string(), "{d:?}");
        assert!(d["line"].is_u64() || d["line"].is_null(), "{d:?}");
        assert!(d["column"].is_u64() || d["column"].is_null(), "{d:?}");
        assert!(
            d["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{d:?}"
        );
        match d["severity"].as_str() {
            Some("error") => e += 1,
            Some("warning") => w += 1,
            other => panic!("severity {other:?} is neither \"error\" nor \"warning\""),
        }
    }
    assert_eq!((errors, warnings), (e, w), "counts disagree with the list");

    let langs: Vec<&str> = r["languages"]
        .as_array()
        .expect("`languages` is a list")
        .iter()
        .map(|l| l.as_str().expect("a language code"))
        .collect();
    let missing = r["missing_translations"]
        .as_object()
        .expect("`missing_translations` is a map");
    for (lang, keys) in missing {
        assert!(langs.contains(&lang.as_str()), "unknown language {lang}");
        for k in keys.as_array().expect("a list of content keys") {
            let k = k.as_str().expect("a content key");
            assert!(
                k.ends_with(".md") && !k.starts_with("content/"),
                "{k:?} is not a content key like areas/x/y.md"
            );
        }
    }
    for u in r["untranslated"]
        .as_array()
        .expect("`untranslated` is a list")
    {
        for key in ["path", "lang", "field"] {
            assert!(
                u[key].is_string(),
                "untranslated entry without {key:?}: {u}"
            );
        }
    }
}

#[test]
fn json_report_has_the_documented_shape() {
    let c = run_check(&common::fixture("check-errors"), &["--format", "json"]);
    assert_eq!(c.code, 1, "{}", c.stdout);
    let r = c.json();
    assert_report_shape(&r);
    assert_eq!(r["errors"], 5);
    assert_eq!(r["warnings"], 1);
    assert_eq!(r["pages"], 4);
    assert_eq!(r["languages"], serde_json::json!(["fi"]));
    assert_eq!(r["missing_translations"], serde_json::json!({ "fi": [] }));
    assert_eq!(r["untranslated"], serde_json::json!([]));
    // One diagnostic in full, to pin down every field.
    assert_eq!(
        r["diagnostics"][0],
        serde_json::json!({
            "path": "content/pages/ohje.fi.md",
            "line": 7,
            "column": 1,
            "severity": "error",
            "message": "image /media/kartta.svg has no alt text; describe it in the brackets: \
                        `![What the picture shows](/media/kartta.svg)` (or move decorative images to the theme)",
            "code": "check.alt"
        })
    );
    // A warning without a place has null line and column.
    let last = &r["diagnostics"][5];
    assert_eq!(last["path"], "content/site.yaml");
    assert_eq!(last["severity"], "warning");
    assert!(last["line"].is_null() && last["column"].is_null(), "{last}");
}

#[test]
fn json_report_of_a_site_with_warnings_only() {
    let (site, assessed) = warnings_site(400);
    let c = run_check(site.path(), &["--format", "json"]);
    assert_eq!(c.code, 0, "{}", c.stdout);
    let r = c.json();
    assert_report_shape(&r);
    assert_eq!(r["errors"], 0);
    assert_eq!(r["warnings"], 8);
    assert_eq!(r["pages"], 5);
    assert_eq!(r["languages"], serde_json::json!(["fi", "sv"]));
    let places: Vec<(String, u64, u64)> = r["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let p = |path: &str, line: u64, col: u64| (path.to_string(), line, col);
    assert_eq!(
        places,
        vec![
            p("content/areas/perhe/neuvola.fi.md", 5, 22),
            p("content/areas/perhe/neuvola.sv.md", 3, 14),
            p("content/indicators.yaml", 9, 1),
            p("content/pages/palaute.fi.md", 7, 17),
            p("content/pages/palaute.fi.md", 8, 14),
            p("content/pages/palaute.fi.md", 9, 13),
            p("content/pages/palaute.sv.md", 7, 15),
            p("content/site.yaml", 8, 13),
        ]
    );
    assert!(
        r["diagnostics"][7]["message"]
            .as_str()
            .unwrap()
            .contains(&format!("({assessed})")),
        "{}",
        r["diagnostics"][7]
    );
}

// ---------------------------------------------------------------------------
// 4. The example site passes.

#[test]
fn example_site_has_no_errors() {
    let root = common::example_root();
    let c = run_check(&root, &[]);
    assert_eq!(c.code, 0, "check of the example failed:\n{}", c.stdout);
    assert!(
        c.stdout.contains("\n0 errors, "),
        "no \"0 errors\" summary:\n{}",
        c.stdout
    );
    let r = run_check(&root, &["--format", "json"]).json();
    assert_report_shape(&r);
    assert_eq!(r["errors"], 0, "{:#}", r["diagnostics"]);
    assert_eq!(r["languages"], serde_json::json!(["fi", "sv", "en"]));
    assert!(r["pages"].as_u64().unwrap() >= 20, "{}", r["pages"]);
}

/// A successful build ends with what a publisher must know, one line each
/// with its count, and the counts are check's.
#[test]
fn build_ends_with_what_a_publisher_must_know() {
    let b = common::build_fixture("check-warnings", &[]);
    b.assert_ok();
    let stderr = &b.run.stderr;
    assert!(
        stderr.contains("Missing translations in sv: 1 page shown in fi; see lupaus check"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Untranslated texts: 1 field shown in fi; see lupaus check"),
        "{stderr}"
    );
    let check = common::lupaus_command()
        .args(["check", "--root"])
        .arg(common::fixture("check-warnings"))
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&check.stdout);
    let warnings = out.lines().filter(|l| l.contains(": warning: ")).count();
    let build_warnings = stderr.lines().filter(|l| l.contains(": warning: ")).count();
    assert!(
        stderr.contains(&format!(
            "Content checks: {} problems; see lupaus check",
            warnings - build_warnings
        )),
        "{stderr}\n{out}"
    );
}

/// What `check` calls errors but a build publishes (an image without alt
/// text, a `#` heading) are named under the build's summary line.
#[test]
fn build_names_the_content_checks_errors_it_published() {
    let (site, _) = warnings_site(10);
    let page = site.path().join("content/pages/palaute.fi.md");
    let mut text = std::fs::read_to_string(&page).unwrap();
    text.push_str("\n# Iso otsikko\n");
    std::fs::write(&page, text).unwrap();
    let b = common::build(site.path(), &[]);
    b.assert_ok();
    let lines: Vec<&str> = b.run.stderr.lines().collect();
    let summary = lines
        .iter()
        .position(|l| l.starts_with("Content checks: "))
        .unwrap_or_else(|| panic!("{}", b.run.stderr));
    assert!(
        lines[summary + 1..]
            .iter()
            .any(|l| l.starts_with("  content/pages/palaute.fi.md:")
                && l.contains("`# Iso otsikko`")),
        "{}",
        b.run.stderr
    );
    // Warnings are counted, not listed.
    assert!(
        !lines[summary + 1..].iter().any(|l| l.contains("warning")),
        "{}",
        b.run.stderr
    );
}

/// Messages in the writer's language: `--lang`, else `LANG`, else English;
/// the `path:line:` prefix is the same, and JSON carries the code.
#[test]
fn messages_follow_lang_flag_then_locale() {
    let run = |args: &[&str], lang: Option<&str>| {
        let mut c = common::lupaus_command();
        c.arg("check")
            .arg("--root")
            .arg(common::fixture("friendly-input"));
        c.args(args);
        c.env_remove("LANG");
        if let Some(l) = lang {
            c.env("LANG", l);
        }
        String::from_utf8_lossy(&c.output().unwrap().stdout).into_owned()
    };
    // The word that marks a warning is in the messages' language too, and
    // the numbers are written as it writes them (`94 600`, `94,600`).
    let prefix = |word: &str| format!("content/results/2025.csv:2: {word}: ");
    let en = run(&[], None);
    assert!(
        en.contains(&format!(
            "{}the value 94,600 of \"osuus\"",
            prefix("warning")
        )),
        "{en}"
    );
    let fi = run(&["--lang", "fi"], Some("sv_FI.UTF-8"));
    assert!(
        fi.contains(&format!(
            "{}mittarin \"osuus\" arvo 94\u{a0}600 (2025) ei ole uskottava",
            prefix("varoitus")
        )),
        "{fi}"
    );
    let sv = run(&[], Some("sv_FI.UTF-8"));
    assert!(
        sv.contains(&format!(
            "{}värdet 94\u{a0}600 för \"osuus\" (2025) är inte trovärdigt",
            prefix("varning")
        )),
        "{sv}"
    );
    let json = run(&["--format", "json"], None);
    let v: Value = serde_json::from_str(&json).unwrap();
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"check.implausible_range"), "{json}");
}

/// Every coded problem of the error fixtures is written in Finnish and in
/// Swedish when asked, at the same `path:line:column:` as in English.
#[test]
fn coded_problems_of_the_error_fixtures_are_in_finnish_and_swedish() {
    let fixtures = [
        "all-errors",
        "check-errors",
        "check-warnings",
        "err-date",
        "err-footnote",
        "err-indicator",
        "err-links",
        "fallback-anchor",
        "draft-link",
        "err-missing-title",
        "err-names",
        "err-no-site-yaml",
        "err-orphan-translation",
        "err-perspective",
        "err-reserved",
        "err-tab-quote",
        "err-template",
        "err-unknown-language",
        "err-url-collision",
        "err-yaml",
        "err-pasted",
        "friendly-input",
        "results-errors",
        "rounding",
    ];
    let run = |root: &Path, args: &[&str]| {
        let out = common::lupaus_command()
            .arg("check")
            .arg("--root")
            .arg(root)
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let (mut coded, mut all) = (0, 0);
    for name in fixtures {
        let root = common::fixture(name);
        let en_json = run(&root, &["--format", "json"]);
        // The JSON is the same in every language (English messages, codes).
        assert_eq!(
            en_json,
            run(&root, &["--format", "json", "--lang", "fi"]),
            "{name}"
        );
        let json: Value = serde_json::from_str(&en_json).unwrap();
        let fi = run(&root, &["--lang", "fi"]);
        let sv = run(&root, &["--lang", "sv"]);
        // The causes lupaus names inside a YAML message are translated too.
        for out in [&fi, &sv] {
            assert!(
                !out.contains("indented with a tab") && !out.contains("is never closed"),
                "{name}: {out}"
            );
            // And the YAML library's own words.
            for words in [
                "invalid type",
                "missing field",
                "unknown field",
                "unknown variant",
                "mapping values",
                "did not find expected",
            ] {
                assert!(!out.contains(words), "{name}: {words}: {out}");
            }
        }
        for d in json["diagnostics"].as_array().unwrap() {
            all += 1;
            let Some(code) = d["code"].as_str() else {
                continue;
            };
            coded += 1;
            let message = d["message"].as_str().unwrap();
            let mut place = d["path"].as_str().unwrap().to_string();
            if let Some(l) = d["line"].as_u64() {
                place.push_str(&format!(":{l}"));
                if let Some(c) = d["column"].as_u64() {
                    place.push_str(&format!(":{c}"));
                }
            }
            for (lang, out) in [("fi", &fi), ("sv", &sv)] {
                let place = if d["severity"] == "warning" {
                    let word = if lang == "fi" { "varoitus" } else { "varning" };
                    format!("{place}: {word}")
                } else {
                    place.clone()
                };
                assert!(
                    out.lines().any(|l| l.starts_with(&format!("{place}: "))),
                    "{name} {lang}: no line at {place}:\n{out}"
                );
                // The YAML library's own words are translated too.
                assert!(
                    !out.contains(message),
                    "{name} {lang}: {code} is in English:\n{out}"
                );
            }
        }
    }
    eprintln!("{coded} of {all} problems of the error fixtures have a code");
    assert_eq!(coded, all, "every problem of the error fixtures has a code");
}

/// The report's line that starts with `prefix` (`path:line:column: `).
fn line_starting<'a>(c: &'a Check, prefix: &str) -> &'a str {
    c.stdout
        .lines()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| {
            panic!(
                "no line starting with {prefix:?}; the report was:\n{}",
                c.stdout
            )
        })
}

/// Mistakes that come with text typed or pasted into front matter are
/// named at the line and column where they are, with what to write.
#[test]
fn pasted_text_mistakes_are_named_where_they_are() {
    let c = run_check(&common::fixture("err-pasted"), &[]);
    // A key without its colon: its own line, not the `---` or the next
    // key below it.
    for at in [
        "content/pages/jarjestys.fi.md:4:1: ",
        "content/pages/yhteenveto.fi.md:3:1: ",
    ] {
        let l = line_starting(&c, at);
        assert!(l.contains("no colon after its key"), "{l}");
    }
    // A value in curly quotes with a colon inside: at the opening mark,
    // the curly quotes named, the line written with straight ones.
    let l = line_starting(&c, "content/pages/kaarevat.fi.md:2:8: ");
    assert!(
        l.contains("replace the curly quotes “ ” with straight quotes \" \": `title: \"Apu: kuukauden kuluessa\"`"),
        "{l}"
    );
    // A non-breaking space after `title:`: at the space, named as one,
    // no program's escape (`\u{a0}`) in the message.
    let l = line_starting(&c, "content/pages/sitova-valilyonti.fi.md:2:7: ");
    assert!(
        l.contains("after `title:` there is a special space (U+00A0")
            && l.contains("replace it with an ordinary space"),
        "{l}"
    );
    assert!(!c.stdout.contains("\\u{"), "{}", c.stdout);
    // Quotes inside quotes: at the mark that ends the text, with both fixes.
    let l = line_starting(&c, "content/pages/sisakkaiset.fi.md:3:16: ");
    assert!(
        l.contains("the quote mark \" before `oman` ends the quoted text")
            && l.contains("`summary: \"Saan 'oman' avustajan nopeasti.\"`")
            && l.contains("`summary: 'Saan \"oman\" avustajan nopeasti.'`"),
        "{l}"
    );
    // A value in curly quotes that parses shows its quote marks: a warning.
    let l = line_starting(&c, "content/pages/lainausmerkit.fi.md:2:8: warning: ");
    assert!(
        l.contains("the quote marks ” ” around this value")
            && l.contains("write `title: Henkilökohtainen apu`"),
        "{l}"
    );
    // And in the writer's language.
    let fi = run_check(&common::fixture("err-pasted"), &["--lang", "fi"]);
    for (at, words) in [
        (
            "content/pages/kaarevat.fi.md:2:8: ",
            "korvaa kaarevat lainausmerkit “ ”",
        ),
        (
            "content/pages/sitova-valilyonti.fi.md:2:7: ",
            "avaimen `title:` jäljessä on erikoisvälilyönti",
        ),
        (
            "content/pages/sisakkaiset.fi.md:3:16: ",
            "sanaa `oman` edeltävä lainausmerkki",
        ),
    ] {
        let l = line_starting(&fi, at);
        assert!(l.contains(words), "{l}");
    }
}

/// A value in curly quotes in `site.yaml` and `indicators.yaml` is warned
/// about as in front matter.
#[test]
fn values_in_curly_quotes_in_the_settings_files_are_warned_about() {
    let dir = copy_fixture("err-pasted");
    let content = dir.path().join("content");
    for (file, from, to) in [
        ("site.yaml", "license: CC BY 4.0", "license: ”CC BY 4.0”"),
        (
            "indicators.yaml",
            "  name: { fi: Odotusaika, sv: Väntetid }",
            "  name:\n    fi: «Odotusaika»\n    sv: Väntetid",
        ),
    ] {
        let text = std::fs::read_to_string(content.join(file)).unwrap();
        assert!(text.contains(from), "{file}");
        std::fs::write(content.join(file), text.replace(from, to)).unwrap();
    }
    let c = run_check(dir.path(), &[]);
    for (at, fix) in [
        ("content/site.yaml:5:10: warning: ", "`license: CC BY 4.0`"),
        ("content/indicators.yaml:3:9: warning: ", "`fi: Odotusaika`"),
    ] {
        let l = line_starting(&c, at);
        assert!(l.contains("around this value") && l.contains(fix), "{l}");
    }
}

/// A key without its colon in `site.yaml` and `indicators.yaml` is named
/// at its own line too.
#[test]
fn a_key_without_its_colon_in_the_settings_files_is_named_at_its_line() {
    for (file, from, to, at) in [
        (
            "site.yaml",
            "license: ",
            "license ",
            "content/site.yaml:5:1: ",
        ),
        (
            "indicators.yaml",
            "  direction: lower",
            "  direction lower",
            "content/indicators.yaml:4:3: ",
        ),
    ] {
        let dir = copy_fixture("err-pasted");
        let path = dir.path().join("content").join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file}");
        std::fs::write(&path, text.replace(from, to)).unwrap();
        let c = run_check(dir.path(), &[]);
        let l = line_starting(&c, at);
        assert!(l.contains("no colon after its key"), "{l}");
    }
}

/// `--help` and the summary lines follow `LANG` and `--lang`.
#[test]
fn help_and_summaries_follow_the_language() {
    let help = common::lupaus_command()
        .env("LANG", "fi_FI.UTF-8")
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(
        help.contains("Käyttö: lupaus") && help.contains("Komennot:"),
        "{help}"
    );
    assert!(help.contains("Rakenna sivusto"), "{help}");
    let help = common::lupaus_command()
        .args(["build", "--help", "--lang", "sv"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(
        help.contains("Användning:") && help.contains("Webbplatsens rotmapp"),
        "{help}"
    );

    let dir = TempDir::new().unwrap();
    let out = dir.path().join("public");
    let failed = common::lupaus_command()
        .args(["build", "--lang", "fi", "--root"])
        .arg(common::fixture("all-errors"))
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(
        stderr.contains("virhettä: mitään ei julkaistu; kansioon"),
        "{stderr}"
    );
    let check = common::lupaus_command()
        .env("LANG", "sv_FI.UTF-8")
        .arg("check")
        .arg("--root")
        .arg(common::fixture("all-errors"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(
        stdout.contains(" fel, ") && stdout.contains(" sidor ("),
        "{stdout}"
    );
}

#[test]
fn unreadable_settings_say_no_page_was_checked_instead_of_zero_pages() {
    let dir = copy_fixture("err-no-site-yaml");
    let c = run_check(dir.path(), &[]);
    assert_eq!(c.code, 1, "{c:?}");
    assert!(
        c.stdout
            .contains("the site settings could not be read, so no pages were checked."),
        "{c:?}"
    );
    assert!(!c.stdout.contains("0 pages ()"), "{c:?}");
}

/// A file that could not be read may hold what a warning says is missing:
/// a commitment that uses an indicator, or the rows of one. No warning may
/// then advise removing the indicator or adding its rows.
#[test]
fn no_missing_use_or_rows_warning_while_a_file_is_broken() {
    let (site, _) = warnings_site(10);
    let c = run_check(site.path(), &[]);
    let warns = |c: &Check, s: &str| c.diagnostics().iter().any(|l| l.contains(s));
    assert!(warns(&c, "\"kayttamaton\" is not used by any commitment"));
    assert!(warns(&c, "\"tuloton\" has no results yet"));

    let commitment = site.path().join("content/areas/perhe/kotiapu.fi.md");
    let text = std::fs::read_to_string(&commitment).unwrap();
    std::fs::write(&commitment, text.replacen("---\n\n", "\n", 1)).unwrap();
    std::fs::write(
        site.path().join("content/results/2026.csv"),
        "indicator,period,value\ntuloton,2026,paljon\n",
    )
    .unwrap();
    let c = run_check(site.path(), &[]);
    assert_eq!(c.code, 1, "{}", c.stdout);
    assert!(
        warns(&c, "content/areas/perhe/kotiapu.fi.md:"),
        "{}",
        c.stdout
    );
    assert!(warns(&c, "content/results/2026.csv:2:"), "{}", c.stdout);
    assert!(!warns(&c, "is not used by any commitment"), "{}", c.stdout);
    assert!(!warns(&c, "has no results yet"), "{}", c.stdout);
}

//! `lupaus build` end to end: the real binary on small hand-written site roots
//! under `tests/fixtures/` and on the example site.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{build, build_fixture, copy_fixture, read_output, read_tree, run_build};
use scraper::{ElementRef, Html, Selector};

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("bad selector {s}: {e:?}"))
}

fn html_lang(doc: &Html) -> Option<String> {
    doc.select(&sel("html"))
        .next()
        .and_then(|h| h.value().attr("lang"))
        .map(str::to_string)
}

fn text_of(e: ElementRef<'_>) -> String {
    e.text().collect::<String>().trim().to_string()
}

/// `(hreflang, href)` of every `<link rel="alternate" hreflang>` in the head.
fn alternates(doc: &Html) -> BTreeSet<(String, String)> {
    doc.select(&sel("head link[rel=alternate][hreflang]"))
        .map(|l| {
            (
                l.value().attr("hreflang").unwrap_or("").to_string(),
                l.value().attr("href").unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn canonical(doc: &Html) -> Option<String> {
    doc.select(&sel("head link[rel=canonical]"))
        .next()
        .and_then(|l| l.value().attr("href"))
        .map(str::to_string)
}

fn set(pairs: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    pairs
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

// ---------------------------------------------------------------------------
// 1. A valid site whose default language is Swedish.

const SV_BASE: &str = "https://servicelofte.skargarden.example";

/// `minimal-sv`, built once for the tests that only read its output.
fn minimal_sv() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| common::shared_build(&common::fixture("minimal-sv"), "build-rs-minimal-sv"))
}

fn minimal_doc(rel: &str) -> Html {
    Html::parse_document(&read_output(minimal_sv(), rel))
}

#[test]
fn minimal_sv_builds_without_errors_or_warnings() {
    let b = build_fixture("minimal-sv", &[]);
    b.assert_ok();
    assert!(b.run.errors().is_empty(), "{}", b.run.stderr);
    assert!(
        !b.run.stderr.contains("warning"),
        "a valid site gave warnings:\n{}",
        b.run.stderr
    );
    for rel in ["index.html", "sv/index.html", "fi/index.html"] {
        assert!(b.out.join(rel).is_file(), "missing {rel}");
    }
}

#[test]
fn minimal_sv_pages_declare_their_language() {
    let out = minimal_sv();
    let tree = read_tree(out);
    let mut checked = 0;
    for (rel, bytes) in &tree {
        if !rel.ends_with(".html") {
            continue;
        }
        // Pages at the root (the redirect, 404.html) are in the default language.
        let lang = match rel.split_once('/') {
            Some((folder, _)) => folder,
            None => "sv",
        };
        let doc = Html::parse_document(&String::from_utf8_lossy(bytes));
        assert_eq!(
            html_lang(&doc).as_deref(),
            Some(lang),
            "{rel}: <html lang> must be the language of its folder"
        );
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} pages checked");
    assert_eq!(
        html_lang(&minimal_doc("sv/index.html")).as_deref(),
        Some("sv")
    );
}

#[test]
fn root_index_leads_to_default_language() {
    let doc = minimal_doc("index.html");
    assert_eq!(html_lang(&doc).as_deref(), Some("sv"));
    let refresh = doc
        .select(&sel("meta[http-equiv=refresh]"))
        .next()
        .and_then(|m| m.value().attr("content"))
        .expect("the root page has a meta refresh");
    assert!(
        refresh.replace(' ', "").ends_with("url=/sv/"),
        "refresh {refresh:?} does not lead to /sv/"
    );
    assert_eq!(canonical(&doc).as_deref(), Some(&*format!("{SV_BASE}/sv/")));
    let first_link = doc
        .select(&sel("main a[href]"))
        .next()
        .and_then(|a| a.value().attr("href"));
    assert_eq!(
        first_link,
        Some("/sv/"),
        "the first link in main leads to /sv/"
    );
}

#[test]
fn fallback_page_shows_default_language_text_marked_with_notice() {
    // hemservice has no Finnish file: /fi/perhe/hemservice/ shows the Swedish text.
    let doc = minimal_doc("fi/perhe/hemservice/index.html");
    assert_eq!(html_lang(&doc).as_deref(), Some("fi"), "reader's language");
    let h1s: Vec<ElementRef> = doc.select(&sel("h1")).collect();
    assert_eq!(h1s.len(), 1);
    assert_eq!(text_of(h1s[0]), "Hemservice när familjen behöver det");
    assert_eq!(h1s[0].value().attr("lang"), Some("sv"), "title marked sv");
    let body = doc
        .select(&sel("main [lang=sv]"))
        .map(text_of)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        body.contains("En socialhandledare kontaktar er inom tre vardagar"),
        "the Swedish body text is inside an element marked lang=\"sv\": {body}"
    );
    // The notice is in the reader's language and names Swedish.
    let notice = doc
        .select(&sel("main [role=note], main .notice"))
        .next()
        .expect("a notice on the fallback page");
    let notice_text = text_of(notice);
    assert!(
        notice_text.contains("ruotsiksi"),
        "the notice says, in Finnish, that the page is in Swedish: {notice_text:?}"
    );
    assert_ne!(notice.value().attr("lang"), Some("sv"));
    // The Finnish navigation stays around it.
    let nav = doc
        .select(&sel("nav a[href='/fi/perhe/']"))
        .map(text_of)
        .collect::<Vec<_>>();
    assert!(nav.contains(&"Lapsiperheet".to_string()), "{nav:?}");

    // The dated page without a Finnish file falls back too.
    let doc = minimal_doc("fi/loftet-godkant/index.html");
    let h1 = doc.select(&sel("h1")).next().unwrap();
    assert_eq!(h1.value().attr("lang"), Some("sv"));
    assert_eq!(text_of(h1), "Fullmäktige godkände servicelöftet");
}

#[test]
fn fallback_page_canonical_points_to_default_language_page() {
    let doc = minimal_doc("fi/perhe/hemservice/index.html");
    assert_eq!(
        canonical(&doc).as_deref(),
        Some(&*format!("{SV_BASE}/sv/familj/hemservice/"))
    );
    let doc = minimal_doc("fi/loftet-godkant/index.html");
    assert_eq!(
        canonical(&doc).as_deref(),
        Some(&*format!("{SV_BASE}/sv/loftet-godkant/"))
    );
    // A real translation is its own canonical.
    let doc = minimal_doc("fi/perhe/neuvola/index.html");
    assert_eq!(
        canonical(&doc).as_deref(),
        Some(&*format!("{SV_BASE}/fi/perhe/neuvola/"))
    );
}

#[test]
fn hreflang_alternates_list_only_real_translations() {
    let translated = set(&[
        ("sv", &format!("{SV_BASE}/sv/familj/radgivning/")),
        ("fi", &format!("{SV_BASE}/fi/perhe/neuvola/")),
    ]);
    assert_eq!(
        alternates(&minimal_doc("sv/familj/radgivning/index.html")),
        translated
    );
    assert_eq!(
        alternates(&minimal_doc("fi/perhe/neuvola/index.html")),
        translated
    );
    let only_sv = set(&[("sv", &format!("{SV_BASE}/sv/familj/hemservice/"))]);
    assert_eq!(
        alternates(&minimal_doc("sv/familj/hemservice/index.html")),
        only_sv,
        "a page without a Finnish file has no fi alternate"
    );
    assert_eq!(
        alternates(&minimal_doc("fi/perhe/hemservice/index.html")),
        only_sv,
        "the fallback page is not an alternate of itself"
    );
    let home = set(&[
        ("sv", &format!("{SV_BASE}/sv/")),
        ("fi", &format!("{SV_BASE}/fi/")),
    ]);
    assert_eq!(alternates(&minimal_doc("sv/index.html")), home);
    assert_eq!(
        alternates(&minimal_doc("sv/svenska-skolor/index.html")),
        set(&[("sv", &format!("{SV_BASE}/sv/svenska-skolor/"))])
    );
}

/// A language the page is not in: its switcher link (marked in that
/// language) says so in the page's language, marked as such (WCAG 3.1.2),
/// or a screen reader reads the Swedish note with Finnish sounds.
#[test]
fn the_switchers_not_available_note_is_in_the_pages_language() {
    let doc = minimal_doc("sv/svenska-skolor/index.html");
    let notes: Vec<(String, Option<String>, String)> = doc
        .select(&sel(".lang-switcher a .visually-hidden"))
        .map(|s| {
            let a = s
                .ancestors()
                .filter_map(scraper::ElementRef::wrap)
                .find(|e| e.value().name() == "a")
                .expect("inside a link");
            (
                a.value().attr("lang").unwrap_or("").to_string(),
                s.value().attr("lang").map(str::to_string),
                s.text().collect::<String>(),
            )
        })
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0].0, "fi");
    assert_eq!(notes[0].1.as_deref(), Some("sv"), "{notes:?}");
    assert!(notes[0].2.contains("finns inte"), "{notes:?}");
}

#[test]
fn links_resolve_in_the_readers_language_and_mark_fallbacks() {
    let doc = minimal_doc("fi/index.html");
    let prose: Vec<(String, Option<String>)> = doc
        .select(&sel("main .prose a"))
        .map(|a| {
            (
                a.value().attr("href").unwrap_or("").to_string(),
                a.value().attr("hreflang").map(str::to_string),
            )
        })
        .collect();
    assert_eq!(
        prose,
        vec![
            ("/fi/perhe/neuvola/".to_string(), None),
            ("/fi/perhe/hemservice/".to_string(), Some("sv".to_string())),
            ("/fi/nain-teimme/#verkstader".to_string(), None),
        ]
    );
    let doc = minimal_doc("sv/index.html");
    let hrefs: Vec<&str> = doc
        .select(&sel("main .prose a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(
        hrefs,
        [
            "/sv/familj/radgivning/",
            "/sv/familj/hemservice/",
            "/sv/sa-gjorde-vi/#verkstader"
        ]
    );
    // Heading anchors keep accented letters.
    let doc = minimal_doc("sv/sa-gjorde-vi/index.html");
    assert!(doc.select(&sel("h2[id='så-gjorde-vi']")).next().is_some());
}

// ---------------------------------------------------------------------------
// 7. URL rules.

#[test]
fn area_slug_in_translation_applies_to_its_commitments() {
    let out = minimal_sv();
    for rel in [
        "fi/perhe/index.html",
        "fi/perhe/neuvola/index.html",
        "fi/perhe/hemservice/index.html",
        "sv/familj/index.html",
        "sv/familj/radgivning/index.html",
        "sv/familj/hemservice/index.html",
        "fi/nain-teimme/index.html",
        "sv/sa-gjorde-vi/index.html",
    ] {
        assert!(out.join(rel).is_file(), "missing {rel}");
    }
    for rel in ["fi/familj", "sv/perhe", "fi/perhe/radgivning", "sv/neuvola"] {
        assert!(!out.join(rel).exists(), "{rel} should not exist");
    }
}

#[test]
fn error_url_collision_names_both_files() {
    let b = build_fixture("err-url-collision", &[]);
    // No `slug` is written: the file name made the address, so the message
    // names the file without a line.
    let line = b.run.error_starting("content/pages/perhe.fi.md: ");
    assert!(
        line.contains("/fi/perhe/") && line.contains("content/areas/perhe/_index.fi.md"),
        "{line}"
    );
    // Told once, not once per language (/fi/perhe/ and /sv/perhe/).
    b.assert_failed(1);
}

#[test]
fn error_same_address_blames_the_slug_that_makes_it() {
    // `pages/aukiolo.fi.md` takes `slug: palaute`, the address of
    // `pages/palaute.fi.md`, which is read after it: the message is at
    // the slug's line, whichever file is read first.
    let site = copy_fixture("err-url-collision");
    let pages = site.path().join("content/pages");
    std::fs::remove_file(pages.join("perhe.fi.md")).unwrap();
    std::fs::write(
        pages.join("aukiolo.fi.md"),
        "---\ntitle: Aukiolo\nslug: palaute\n---\n\nAuki.\n",
    )
    .unwrap();
    std::fs::write(
        pages.join("palaute.fi.md"),
        "---\ntitle: Palaute\n---\n\nKerro.\n",
    )
    .unwrap();
    let b = build(site.path(), &[]);
    let line = b.run.error_starting("content/pages/aukiolo.fi.md:3:7: ");
    assert!(line.contains("content/pages/palaute.fi.md"), "{line}");
    b.assert_failed(1);
}

#[test]
fn error_reserved_page_name() {
    let b = build_fixture("err-reserved", &[]);
    // The file name, not a `slug`, takes the address: the message names the
    // file without a line.
    let line = b
        .run
        .error_starting("content/pages/results.fi.md: the address /fi/results/ is reserved");
    assert!(
        line.contains("rename the file or set another `slug`"),
        "{line}"
    );
    b.assert_failed(2);
}

#[test]
fn error_reserved_slug_at_its_key_in_a_flow_map_or_in_quotes() {
    let site = copy_fixture("err-reserved");
    let pages = site.path().join("content/pages");
    std::fs::remove_file(pages.join("results.fi.md")).unwrap();
    // The whole front matter as one flow map over two lines.
    std::fs::write(
        pages.join("tilastot.fi.md"),
        "---\n{title: Tilastot,\n  slug: data}\n---\n\nTilastot.\n",
    )
    .unwrap();
    // A quoted key.
    std::fs::write(
        pages.join("saavutettavuus.fi.md"),
        "---\ntitle: Saavutettavuus\n\"slug\": accessibility\n---\n\nSaavutettavuus.\n",
    )
    .unwrap();
    let b = build(site.path(), &[]);
    // `  slug: data}` on file line 3: its value at column 9.
    b.run
        .error_starting("content/pages/tilastot.fi.md:3:9: the address /fi/data/ is reserved");
    // `"slug": accessibility` on file line 3: the key's name at column 2.
    b.run.error_starting(
        "content/pages/saavutettavuus.fi.md:3:2: the address /fi/accessibility/ is reserved",
    );
    // The Swedish fallbacks take the file names, which are free.
    b.assert_failed(2);
}

// ---------------------------------------------------------------------------
// 8. `languages:` limits where a page is published.

#[test]
fn languages_field_publishes_only_there_without_fallback() {
    let out = minimal_sv();
    assert!(out.join("sv/svenska-skolor/index.html").is_file());
    assert!(!out.join("fi/svenska-skolor").exists(), "no fallback in fi");
    for (rel, bytes) in read_tree(out) {
        if rel.starts_with("fi/") {
            assert!(
                !String::from_utf8_lossy(&bytes).contains("svenska-skolor"),
                "{rel} links to the sv-only page"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Optional fields stay optional.

#[test]
fn promise_with_validity_but_no_decision_builds() {
    let b = build_fixture("promise-validity", &[]);
    b.assert_ok();
    let doc = Html::parse_document(&b.read("fi/index.html"));
    let facts = doc.select(&sel("main")).map(text_of).collect::<String>();
    assert!(facts.contains("1.1.2025"), "validity shown: {facts}");
    // A narrow screen may break the range at a space, not after its dash
    // (a word joiner follows it).
    let validity = doc
        .select(&sel(".decision-line .validity"))
        .map(text_of)
        .collect::<String>();
    assert!(validity.contains("–\u{2060}"), "{validity:?}");
}

// ---------------------------------------------------------------------------
// 2. One fixture per kind of error.

#[test]
fn error_malformed_yaml_in_front_matter() {
    let b = build_fixture("err-yaml", &[]);
    // `summary: Kerro meille: miten…`: the second colon is at line 3, column 22.
    let line = b
        .run
        .error_starting("content/pages/palaute.fi.md:3:22: a colon and a space cannot stand here");
    assert!(line.contains("front matter"), "{line}");
    // The Swedish translation beside it is fine: the broken file exists, so
    // no "has no default-language file" error may follow from it.
    b.assert_failed(1);
}

#[test]
fn error_missing_title() {
    let b = build_fixture("err-missing-title", &[]);
    b.run
        .error_starting("content/pages/palaute.fi.md:1: missing required field `title`");
    b.assert_failed(1);
}

#[test]
fn error_unknown_perspective_suggests_the_right_one() {
    let b = build_fixture("err-perspective", &[]);
    let line = b.run.error_starting(
        "content/areas/perhe/neuvola.fi.md:3:14: unknown perspective \"availabilty\"",
    );
    assert!(line.contains("did you mean \"availability\""), "{line}");
    b.assert_failed(1);
}

/// Two wrong values in one file: both stop the build, both are told.
#[test]
fn error_every_wrong_value_of_a_file_is_told() {
    let site = copy_fixture("err-perspective");
    let path = site.path().join("content/areas/perhe/neuvola.fi.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replacen("title:", "draft: kyllä\ntitle:", 1);
    std::fs::write(&path, text).unwrap();
    let b = build(site.path(), &[]);
    b.run
        .error_starting("content/areas/perhe/neuvola.fi.md:2:8: `draft`: the text \"kyllä\"");
    b.run
        .error_starting("content/areas/perhe/neuvola.fi.md:4:14: unknown perspective");
    b.assert_failed(2);
}

#[test]
fn error_language_not_in_site_yaml() {
    let b = build_fixture("err-unknown-language", &[]);
    let line = b
        .run
        .error_starting("content/pages/palaute.de.md: language code \"de\" is not listed");
    assert!(line.contains("fi, sv"), "{line}");
    b.assert_failed(1);
}

#[test]
fn error_translation_without_default_language_file() {
    let b = build_fixture("err-orphan-translation", &[]);
    let line = b.run.error_starting(
        "content/pages/palaute.sv.md: this translation has no default-language file",
    );
    assert!(line.contains("content/pages/palaute.fi.md"), "{line}");
    b.assert_failed(1);
}

#[test]
fn error_unknown_indicator_at_its_list_item() {
    let b = build_fixture("err-indicator", &[]);
    // `indicators: [neuvola-odotusaika, neuvola-odotus]`: the unknown id is the
    // second item (column 34), not the known id it is a prefix of.
    let line = b.run.error_starting(
        "content/areas/perhe/neuvola.fi.md:4:34: unknown indicator \"neuvola-odotus\"",
    );
    assert!(
        line.contains("did you mean \"neuvola-odotusaika\""),
        "{line}"
    );
    b.assert_failed(1);
}

#[test]
fn error_broken_links_at_file_line_and_column() {
    let b = build_fixture("err-links", &[]);
    // The body starts at line 5; the links are on file lines 8 and 9.
    b.run.error_starting(
        "content/pages/palaute.fi.md:8:10: link to @/pages/yhteystiedot.md, but there is no such file",
    );
    let anchor = b.run.error_starting(
        "content/pages/palaute.fi.md:9:14: link to @/pages/nain-teimme.md#tyopajat",
    );
    assert!(
        anchor.contains("no heading with the anchor \"tyopajat\"")
            && anchor.contains("did you mean \"työpajat\""),
        "{anchor}"
    );
    b.assert_failed(2);
}

/// A footnote reference whose note was never written (`[^2024]` without
/// `[^2024]: …`) was published as the text `[^2024]` without a word: it
/// is an error at its file, line and column with the fix, and nothing is
/// published; a reference with its note, `\[^x]` and code are not. A
/// label with spaces is a reference as well (`[^asiakas kysely]` with its
/// note), and one without its note (`[^kysely 2025]`) was published as
/// text without a word too.
#[test]
fn a_footnote_reference_without_its_note_is_an_error() {
    let b = build_fixture("err-footnote", &[]);
    // The body starts at line 4; `Jonotusaika lyheni[^2024]` is on line 6.
    let e = b
        .run
        .error_starting("content/pages/lahteet.fi.md:6:19: the footnote reference `[^2024]`");
    assert!(
        e.ends_with(
            "add the note `[^2024]: …` on a line of its own below the text, or remove the reference"
        ),
        "{e}"
    );
    // `Kysely[^asiakas kysely] tehtiin keväällä[^kysely 2025]` is on line 7.
    let e = b.run.error_starting(
        "content/pages/lahteet.fi.md:7:41: the footnote reference `[^kysely 2025]` has no note",
    );
    assert!(e.contains("add the note `[^kysely 2025]: …`"), "{e}");
    b.assert_failed(2);
}

/// A page that many pages link to was renamed: the build tells the links
/// as one error at the first of them, with how many there are, where the
/// first ones are and the fix, and counts every link as `check` does;
/// `check` lists each link, in text and in JSON.
#[test]
fn many_broken_links_to_one_page_are_one_error() {
    let site = copy_fixture("err-links");
    for i in 1..=5 {
        std::fs::write(
            site.path().join(format!("content/pages/sivu{i}.fi.md")),
            format!(
                "---\ntitle: Sivu {i}\n---\n\nKatso [yhteystiedot](@/pages/yhteystiedot.md).\n"
            ),
        )
        .unwrap();
    }
    let b = build(site.path(), &[]);
    let grouped = b.run.error_starting(
        "content/pages/palaute.fi.md:8:10: 6 links have this problem: link to \
         @/pages/yhteystiedot.md, but there is no such file in content/",
    );
    assert!(
        grouped.ends_with(
            ". They are at content/pages/palaute.fi.md:8, content/pages/sivu1.fi.md:5, \
             content/pages/sivu2.fi.md:5 and 3 more; `lupaus check` lists every one"
        ),
        "{grouped}"
    );
    assert_eq!(
        b.run.stderr.matches("yhteystiedot.md").count(),
        1,
        "{}",
        b.run.stderr
    );
    // The anchor error and the grouped one on screen; 7 errors counted.
    assert_eq!(b.run.errors().len(), 2, "{}", b.run.stderr);
    assert!(
        b.run
            .stderr
            .lines()
            .any(|l| l.starts_with("7 errors: nothing was published")),
        "{}",
        b.run.stderr
    );
    let check = |extra: &[&str]| {
        let out = common::lupaus_command()
            .arg("check")
            .arg("--root")
            .arg(site.path())
            .args(extra)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let text = check(&[]);
    assert_eq!(
        text.matches("link to @/pages/yhteystiedot.md").count(),
        6,
        "{text}"
    );
    assert!(!text.contains("links have this problem"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&check(&["--format", "json"])).unwrap();
    assert_eq!(json["errors"], 7);
    let links = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "links.no_file_how")
        .count();
    assert_eq!(links, 6, "{json:#}");
}

#[test]
fn error_invalid_date() {
    let b = build_fixture("err-date", &[]);
    b.run.error_starting(
        "content/_index.fi.md:3:13: `valid_from`: \"2025-13-01\" is not a valid date",
    );
    b.assert_failed(1);
}

#[test]
fn error_file_not_utf8() {
    let site = copy_fixture("minimal-sv");
    // The same page saved as Latin-1 (ä = 0xE4 on line 2).
    let latin1: Vec<u8> = "---\ntitle: Fullmäktige godkände servicelöftet\ndate: 2024-11-21\n---\n\nFullmäktige godkände löftet.\n"
        .chars()
        .map(|c| u8::try_from(u32::from(c)).expect("Latin-1 text"))
        .collect();
    assert!(std::str::from_utf8(&latin1).is_err());
    std::fs::write(
        site.path().join("content/pages/loftet-godkant.sv.md"),
        latin1,
    )
    .unwrap();
    let b = build(site.path(), &[]);
    let line = b
        .run
        .error_starting("content/pages/loftet-godkant.sv.md:2: the file is not UTF-8");
    assert!(line.contains("UTF-8"), "{line}");
    b.assert_failed(1);
}

#[test]
fn error_missing_site_yaml() {
    let b = build_fixture("err-no-site-yaml", &[]);
    b.run
        .error_starting("content/site.yaml: site.yaml is missing");
    b.assert_failed(1);
}

#[test]
fn error_in_sites_own_template_names_file_and_line() {
    let b = build_fixture("err-template", &[]);
    // `<h1>{{ page.title }</h1>` on line 3: the lone `}` is column 19.
    let line = b
        .run
        .error_starting("themes/default/templates/page.html:3:19: template error");
    assert!(!line.contains("(built-in)"), "{line}");
    b.assert_failed(1);
}

#[test]
fn error_link_to_draft_unless_drafts_are_published() {
    let b = build_fixture("draft-link", &[]);
    let line = b.run.error_starting(
        "content/pages/ajankohtaista.fi.md:6:5: link to @/pages/uusi-lupaus.md, which is a draft",
    );
    assert!(line.contains("--drafts"), "{line}");
    b.assert_failed(1);

    let b = build_fixture("draft-link", &["--drafts"]);
    b.assert_ok();
    let doc = Html::parse_document(&b.read("fi/ajankohtaista/index.html"));
    let hrefs: Vec<&str> = doc
        .select(&sel("main .prose a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(hrefs, ["/fi/uusi-lupaus/"]);
    assert!(b.out.join("fi/uusi-lupaus/index.html").is_file());
}

// ---------------------------------------------------------------------------
// 3. Every problem of a run, together, in file order.

#[test]
fn all_errors_reported_together_sorted_by_file() {
    let b = build_fixture("all-errors", &[]);
    let expected = [
        "content/_index.fi.md:3:13: `valid_from`: \"2025-02-30\" is not a date: that month has 28 days",
        "content/areas/perhe/neuvola.fi.md:3:14: unknown perspective \"saatavuus\"",
        "content/pages/palaute.fi.md:1: missing required field `title`",
        "content/pages/tietoa.fi.md:6:7: link to @/pages/yhteystiedot.md, but there is no such file",
        "content/pages/yhteystiedot.en.md: language code \"en\" is not listed",
    ];
    let errors = b.run.errors();
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
// 4. A failed build leaves the previous output as it was.

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("site");
    let first = run_build(&common::fixture("minimal-sv"), &out, &[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let before = read_tree(&out);
    assert!(before.contains_key("sv/index.html"));

    let site = copy_fixture("minimal-sv");
    let commitment = site.path().join("content/areas/familj/radgivning.sv.md");
    let text = std::fs::read_to_string(&commitment).unwrap();
    std::fs::write(
        &commitment,
        text.replace("perspective: availability", "perspective: tillgång"),
    )
    .unwrap();
    let second = run_build(site.path(), &out, &[]);
    assert_eq!(second.code, 1, "{}", second.stderr);
    assert!(
        second.stderr.contains("unknown perspective \"tillgång\""),
        "{}",
        second.stderr
    );

    let after = read_tree(&out);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "the file list changed"
    );
    for (path, bytes) in &before {
        assert!(after[path] == *bytes, "{path} changed");
    }
    let mut beside: Vec<String> = std::fs::read_dir(parent.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    // The first build's records of its files stay; nothing of the failed one.
    assert_eq!(
        beside,
        [".site.sums", "site"],
        "leftovers beside the output"
    );
}

// ---------------------------------------------------------------------------
// 5 and 6. The example site.

/// The example site, built once for this test binary.
fn example() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| common::shared_build(&common::example_root(), "build-rs-example"))
}

/// The whole-promise page: no link reads out an address, and the
/// landmarks are the areas (a named section each), not every commitment.
#[test]
fn the_document_page_has_no_address_as_link_text_and_an_area_landmark_each() {
    for lang in ["fi", "sv", "en"] {
        let doc = Html::parse_document(&read_output(
            example(),
            &format!("{lang}/document/index.html"),
        ));
        for a in doc.select(&sel("main a")) {
            let text = text_of(a);
            assert!(
                !text.starts_with("http") && !text.starts_with("www."),
                "{lang}: link text {text:?}"
            );
        }
        let named = doc
            .select(&sel(
                "main section[aria-labelledby], main section[aria-label]",
            ))
            .count();
        let areas = doc.select(&sel(".document-area")).count();
        assert!(areas >= 3, "{lang}: {areas} areas");
        assert_eq!(
            named, areas,
            "{lang}: {named} named sections for {areas} areas"
        );
    }
}

/// Region landmarks only where a reader wants to jump: a page's few
/// distinct parts (the results' summary), not each of a list of like parts
/// (an area on the results page, a perspective on an area page, a kind of
/// change): the results page had 13 landmarks, 5 of them areas. Headings
/// still give the structure. (The whole-promise page keeps one per area,
/// above: it is a very long page.)
#[test]
fn regions_are_the_pages_distinct_parts_not_each_of_a_list() {
    let regions = |rel: &str| -> Vec<String> {
        let doc = Html::parse_document(&read_output(example(), rel));
        doc.select(&sel(
            "main section[aria-labelledby], main section[aria-label]",
        ))
        .map(|s| {
            s.value()
                .attr("aria-labelledby")
                .or(s.value().attr("aria-label"))
                .unwrap()
                .to_string()
        })
        .collect()
    };
    for lang in ["fi", "sv", "en"] {
        for (page, want) in [
            ("results", &["summary-heading"][..]),
            ("health", &[]),
            ("changes", &[]),
            ("", &["figures-heading", "areas-heading", "news-heading"]),
        ] {
            let rel = if page.is_empty() {
                format!("{lang}/index.html")
            } else {
                format!("{lang}/{page}/index.html")
            };
            assert_eq!(regions(&rel), want, "{rel}");
        }
    }
    // The headings that named the regions are still there.
    let doc = Html::parse_document(&read_output(example(), "fi/results/index.html"));
    assert!(doc.select(&sel(".results-area > h3")).count() >= 3);
}

/// The reason under a commitment's status reads as a sentence, not a
/// fraction a screen reader says as "0 slash 1".
#[test]
fn the_status_reason_reads_as_words() {
    let doc = Html::parse_document(&read_output(example(), "fi/health/ambulance/index.html"));
    let reason = doc
        .select(&sel(".summary-reason"))
        .next()
        .map(text_of)
        .unwrap_or_default();
    // One indicator: a sentence of its own, not "1 mittarista 0 …".
    assert!(
        reason.contains("Mittari ei saavuttanut tavoitetta"),
        "{reason:?}"
    );
}

/// The whole-promise page's title (its tab, its bookmark) says it is the
/// whole promise, not the front page's title again.
#[test]
fn the_document_pages_title_says_it_is_the_whole_promise() {
    for (lang, words) in [
        ("fi", "Palvelulupaus kokonaisuudessaan"),
        ("sv", "Hela servicelöftet"),
        ("en", "The whole service promise"),
    ] {
        let doc = Html::parse_document(&read_output(
            example(),
            &format!("{lang}/document/index.html"),
        ));
        let title = doc
            .select(&sel("title"))
            .next()
            .map(text_of)
            .unwrap_or_default();
        assert!(title.starts_with(words), "{lang}: {title:?}");
    }
}

/// The front page names each service area once, on its card (the design
/// notes found the example's body listing them again above the cards).
#[test]
fn the_front_page_links_each_area_once() {
    for lang in ["fi", "sv", "en"] {
        let doc = Html::parse_document(&read_output(example(), &format!("{lang}/index.html")));
        let cards: Vec<String> = doc
            .select(&sel(".area-card h3 a"))
            .filter_map(|a| a.value().attr("href").map(str::to_string))
            .collect();
        assert_eq!(cards.len(), 5, "{lang}");
        for href in cards {
            let links = doc.select(&sel(&format!("main a[href='{href}']"))).count();
            assert_eq!(links, 1, "{lang}: {href}");
        }
    }
}

/// Each news item's title is a heading one level below its list's (h2 on
/// the news page, h3 under the front page's h2), so that a screen reader
/// moves from item to item.
#[test]
fn listed_pages_are_headings() {
    let news = Html::parse_document(&read_output(example(), "fi/news/index.html"));
    let items = news.select(&sel(".page-item")).count();
    assert!(items > 1, "{items}");
    assert_eq!(news.select(&sel(".page-item > h2 > a")).count(), items);
    let front = Html::parse_document(&read_output(example(), "fi/index.html"));
    let items = front.select(&sel(".page-item")).count();
    assert!(items > 0);
    assert_eq!(front.select(&sel(".page-item > h3 > a")).count(), items);
}

/// A listed page that is not in the reader's language says so beside its
/// link, in the reader's language, before it is opened.
#[test]
fn a_listed_page_in_another_language_says_which() {
    let doc = Html::parse_document(&read_output(example(), "en/news/index.html"));
    let items: Vec<(String, Option<String>, String)> = doc
        .select(&sel(".page-item"))
        .map(|li| {
            let a = li.select(&sel("a")).next().expect("a link");
            let note = li
                .select(&sel(".lang-note"))
                .next()
                .map(text_of)
                .unwrap_or_default();
            (text_of(a), a.value().attr("lang").map(str::to_string), note)
        })
        .collect();
    assert!(items.iter().any(|(_, l, _)| l.is_some()), "{items:?}");
    for (title, lang, note) in &items {
        match lang.as_deref() {
            Some("fi") => assert_eq!(note, "(in Finnish)", "{title}"),
            None => assert!(note.is_empty(), "{title}: {note}"),
            Some(other) => panic!("{title}: lang {other}"),
        }
    }
}

/// Two links in the footer with the same words lead to the same place
/// (WCAG 2.4.4): the county's feedback form and the promise's own
/// feedback page were both "Give feedback".
#[test]
fn footer_links_with_the_same_words_lead_to_the_same_place() {
    for rel in ["fi/index.html", "sv/index.html", "en/index.html"] {
        let doc = Html::parse_document(&read_output(example(), rel));
        let mut seen: std::collections::BTreeMap<String, String> = Default::default();
        for a in doc.select(&sel("footer a")) {
            let href = a.value().attr("href").unwrap_or("").to_string();
            let text = text_of(a);
            if let Some(other) = seen.insert(text.clone(), href.clone()) {
                assert_eq!(other, href, "{rel}: \"{text}\" leads to two places");
            }
        }
    }
}

/// An area page lists its commitments under their perspective's heading:
/// each item says its status as one ("Status: Partly met"), and not its
/// perspective again.
#[test]
fn area_commitments_say_their_status_and_not_their_perspective_again() {
    let doc = Html::parse_document(&read_output(example(), "en/health/index.html"));
    let items: Vec<ElementRef> = doc
        .select(&sel(".perspective-group .commitment-item"))
        .collect();
    assert!(items.len() >= 3, "{}", items.len());
    for item in items {
        let text = text_of(item);
        assert!(item.select(&sel(".perspective")).next().is_none(), "{text}");
        let status = item
            .select(&sel(".status"))
            .next()
            .map(text_of)
            .unwrap_or_default();
        assert!(status.starts_with("Status: "), "{status:?} in {text}");
    }
}

/// What a screen reader reads of the front page's decision line: the
/// separators are hidden from it, and the spaces beside them must not be
/// hidden with them ("§ 87voimassa").
#[test]
fn the_decision_line_reads_with_spaces_between_its_parts() {
    let doc = Html::parse_document(&read_output(example(), "fi/index.html"));
    let line = doc
        .select(&sel(".decision-line"))
        .next()
        .expect("the example's front page has a decision line");
    let text = common::spoken(line);
    assert!(text.contains("§ 87 voimassa"), "{text:?}");
    assert!(text.contains(" pöytäkirja § 87"), "{text:?}");
}

/// English dates have spaces: the front page's validity says "to", as the
/// document and the changes page do. "1 January 2026–31 December 2029" read
/// as "… 2026 31 December …" (the dash is not spoken) and looked like a
/// range from 2026 to 31.
#[test]
fn the_english_validity_reads_from_one_date_to_the_other() {
    let doc = Html::parse_document(&read_output(example(), "en/index.html"));
    let validity = doc
        .select(&sel(".decision-line .validity"))
        .next()
        .expect("the example's front page says its validity");
    assert_eq!(
        common::spoken(validity),
        "valid 1 January 2026 to 31 December 2029"
    );
    let document = Html::parse_document(&read_output(example(), "en/document/index.html"));
    let main = common::spoken(document.select(&sel("main")).next().expect("main"));
    assert!(
        main.contains("1 January 2026 to 31 December 2029"),
        "{main}"
    );
}

#[test]
fn example_site_build_is_deterministic() {
    let a = read_tree(example());
    let b = build(&common::example_root(), &[]);
    b.assert_ok();
    let b = read_tree(&b.out);
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "the two builds wrote different files"
    );
    let differ: Vec<&String> = a
        .iter()
        .filter(|(k, v)| b[*k] != **v)
        .map(|(k, _)| k)
        .collect();
    assert!(differ.is_empty(), "files differ between builds: {differ:?}");
}

/// Whether an element takes keyboard focus by default (or by `tabindex`).
fn focusable(e: &ElementRef<'_>) -> bool {
    let v = e.value();
    if v.attr("disabled").is_some() {
        return false;
    }
    if let Some(t) = v.attr("tabindex") {
        return t.trim().parse::<i32>().is_ok_and(|n| n >= 0);
    }
    match v.name() {
        "a" | "area" => v.attr("href").is_some(),
        "input" => v.attr("type") != Some("hidden"),
        "button" | "select" | "textarea" | "iframe" | "summary" => true,
        _ => v.attr("contenteditable").is_some(),
    }
}

#[test]
fn example_site_pages_have_one_h1_title_lang_and_skip_link() {
    let out = example();
    let mut problems = Vec::new();
    let mut per_lang = std::collections::BTreeMap::<String, usize>::new();
    let mut pages = 0;
    for (rel, bytes) in read_tree(out) {
        if !rel.ends_with("index.html") {
            continue;
        }
        pages += 1;
        let doc = Html::parse_document(&String::from_utf8_lossy(&bytes));
        let h1 = doc.select(&sel("h1")).count();
        if h1 != 1 {
            problems.push(format!("{rel}: {h1} <h1> elements"));
        }
        let title = doc.select(&sel("head title")).next().map(text_of);
        if title.as_deref().is_none_or(str::is_empty) {
            problems.push(format!("{rel}: empty or missing <title>"));
        }
        match html_lang(&doc) {
            Some(l) if !l.is_empty() => {
                let folder = rel.split('/').next().unwrap();
                if rel != "index.html" && l != folder {
                    problems.push(format!("{rel}: <html lang=\"{l}\"> under {folder}/"));
                }
                if rel != "index.html" {
                    *per_lang.entry(l).or_default() += 1;
                }
            }
            _ => problems.push(format!("{rel}: <html> has no lang")),
        }
        let body = doc.select(&sel("body")).next().expect("body");
        let first = body
            .descendants()
            .filter_map(ElementRef::wrap)
            .find(focusable);
        match first {
            Some(a) if a.value().name() == "a" && a.value().attr("href") == Some("#main") => {}
            Some(e) => problems.push(format!(
                "{rel}: first focusable element is <{} href={:?}>, not the skip link to #main",
                e.value().name(),
                e.value().attr("href")
            )),
            None => problems.push(format!("{rel}: nothing focusable, no skip link")),
        }
        if doc.select(&sel("[id=main]")).count() != 1 {
            problems.push(format!("{rel}: no single element with id=\"main\""));
        }
    }
    assert!(pages > 50, "only {pages} pages");
    for lang in ["fi", "sv", "en"] {
        assert!(
            per_lang.get(lang).copied().unwrap_or(0) > 10,
            "too few {lang} pages: {per_lang:?}"
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Spaces and file-manager copies in content names are errors with a
/// suggested name (spec 1.1), and nothing is published.
#[test]
fn spaces_and_copy_names_are_errors_with_a_suggestion() {
    let b = build_fixture("err-names", &[]);
    b.assert_failed(4);
    for (file, suggested) in [
        (
            "content/areas/terveys/hoitotakuu - kopio.fi.md",
            "hoitotakuu-2.fi.md",
        ),
        (
            "content/areas/terveys/hoitotakuu.fi - Copy.md",
            "hoitotakuu-2.fi.md",
        ),
        (
            "content/areas/terveys/hoitotakuu (2).fi.md",
            "hoitotakuu-2.fi.md",
        ),
        (
            "content/areas/perhe palvelut/_index.fi.md",
            "perhe-palvelut",
        ),
    ] {
        let e = b.run.error_starting(&format!("{file}: "));
        assert!(e.contains(&format!("\"{suggested}\"")), "{e}");
    }
}

#[test]
fn running_inside_content_says_to_go_one_folder_up() {
    let b = build(&common::fixture("err-names").join("content"), &[]);
    b.assert_failed(1);
    let e = b.run.error_starting("content: ");
    assert!(e.contains("go one folder up"), "{e}");
}

/// A tab in the indentation and an unclosed quote are named as such, at
/// the line where they are.
#[test]
fn yaml_messages_name_the_tab_and_the_unclosed_quote() {
    let b = build_fixture("err-tab-quote", &[]);
    let tab = b
        .run
        .error_starting("content/areas/terveys/hoitotakuu.fi.md:3:1: ");
    assert!(tab.contains("indented with a tab"), "{tab}");
    let quote = b
        .run
        .error_starting("content/areas/terveys/_index.fi.md:2:8: ");
    assert!(quote.contains("never closed"), "{quote}");
}

/// `/media/` links are checked against content/media (spec 1.1); a broken
/// anchor in a page shown in two languages is one message; `target: 90,5`
/// and a header in Finnish are read; a percentage of 94 600 is a warning in
/// check.
#[test]
fn media_links_anchors_and_implausible_values() {
    let b = build_fixture("friendly-input", &[]);
    b.assert_failed(2);
    let media = b.run.error_starting("content/_index.fi.md:5:1: ");
    assert!(
        media.contains("no file content/media/lupus.svg")
            && media.contains("did you mean \"/media/lupaus.svg\""),
        "{media}"
    );
    let anchors: Vec<&str> = b
        .run
        .stderr
        .lines()
        .filter(|l| l.contains("#puuttuva"))
        .collect();
    assert_eq!(anchors.len(), 1, "{anchors:#?}");
    let check = common::lupaus_command()
        .args(["check", "--root"])
        .arg(common::fixture("friendly-input"))
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&check.stdout);
    assert!(
        out.contains("content/results/2025.csv:2: warning: the value 94,600 of \"osuus\" (2025) is not plausible for the unit \"%\" (expected -100 to 1,000)"),
        "{out}"
    );
}

/// A site whose page template fails only when a page is rendered (it
/// compiles), with a page that has no title, a content error found while
/// loading.
fn site_with_render_and_content_errors() -> tempfile::TempDir {
    let dir = copy_fixture("err-template");
    std::fs::write(
        dir.path().join("themes/default/templates/page.html"),
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ no_such_value.title }}</h1>\n{% endblock content %}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("content/pages/nimeton.fi.md"),
        "---\nsummary: Ei otsikkoa.\n---\n\nTeksti.\n",
    )
    .unwrap();
    dir
}

/// `--output` naming a folder of one's own files is refused before the
/// site is rendered: the refusal comes with the content's own errors
/// (found while loading), not with a template error that only rendering
/// finds, and the timings show no render step.
#[test]
fn a_refused_output_is_reported_before_rendering() {
    let root = site_with_render_and_content_errors();
    // A writable output: both kinds of error, as a control.
    let out = tempfile::tempdir().unwrap();
    let fine = run_build(root.path(), &out.path().join("public"), &[]);
    assert!(
        fine.stderr.contains("no_such_value"),
        "the render finds the template error: {}",
        fine.stderr
    );
    assert!(
        fine.stderr.contains("content/pages/nimeton.fi.md"),
        "{}",
        fine.stderr
    );

    let own = out.path().join("documents");
    std::fs::create_dir_all(&own).unwrap();
    std::fs::write(own.join("budget.ods"), "mine").unwrap();
    let output = run_timed(
        &["build", "--root"],
        root.path(),
        &["--output".as_ref(), own.as_ref()],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("this folder has files that lupaus did not write"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/pages/nimeton.fi.md"),
        "the content's errors are reported with the refusal: {stderr}"
    );
    assert!(!stderr.contains("no_such_value"), "rendered: {stderr}");
    assert!(!stderr.contains("render pages:"), "rendered: {stderr}");
    assert_eq!(stderr.matches("load and assemble:").count(), 1, "{stderr}");
    assert_eq!(
        std::fs::read_to_string(own.join("budget.ods")).unwrap(),
        "mine"
    );
}

/// Runs lupaus with `args`, the site root and `rest`, with
/// `LUPAUS_TIMINGS` set, so that stderr names each step it took.
fn run_timed(args: &[&str], root: &Path, rest: &[&std::ffi::OsStr]) -> std::process::Output {
    common::lupaus_command()
        .env("LUPAUS_TIMINGS", "1")
        .args(args)
        .arg(root)
        .args(rest)
        .output()
        .unwrap()
}

/// `check` loads and assembles the site once and renders it once, and
/// still reports what only rendering finds and what only the content
/// checks find, from that one model.
#[test]
fn check_loads_and_renders_the_site_once() {
    let root = site_with_render_and_content_errors();
    let output = run_timed(&["check", "--root"], root.path(), &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stderr.matches("load and assemble:").count(), 1, "{stderr}");
    assert_eq!(stderr.matches("render pages:").count(), 1, "{stderr}");
    assert!(stdout.contains("no_such_value"), "{stdout}");
    assert!(stdout.contains("content/pages/nimeton.fi.md"), "{stdout}");
    // A content check (a translation is missing) on the same model.
    assert!(stdout.contains("Missing translations"), "{stdout}");
}

/// When the theme cannot be loaded, `check` still checks the content of
/// the model it loaded (nothing is rendered).
#[test]
fn check_without_a_theme_still_checks_the_content() {
    let root = site_with_render_and_content_errors();
    let yaml = root.path().join("content/site.yaml");
    let mut text = std::fs::read_to_string(&yaml).unwrap();
    text.push_str("theme: no-such-theme\n");
    std::fs::write(&yaml, text).unwrap();
    let output = run_timed(&["check", "--root"], root.path(), &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("no-such-theme"), "{stdout}");
    assert!(stdout.contains("content/pages/nimeton.fi.md"), "{stdout}");
    assert!(stdout.contains("Missing translations"), "{stdout}");
    assert!(!stderr.contains("render pages:"), "{stderr}");
    assert_eq!(stderr.matches("load and assemble:").count(), 1, "{stderr}");
}

/// A refused output folder is explained in the writer's language, and
/// nothing in it is touched.
#[test]
fn a_refused_output_is_explained_in_finnish_and_swedish() {
    let root = common::copy_fixture("publish-site");
    let out = tempfile::TempDir::new().expect("temp dir");
    let own = out.path().join("omat");
    std::fs::create_dir_all(&own).expect("folder");
    std::fs::write(own.join("budjetti.ods"), "minun").expect("file");
    for (lang, expect) in [
        (
            "fi",
            "tässä kansiossa on tiedostoja, joita lupaus ei ole kirjoittanut",
        ),
        ("sv", "den här mappen har filer som lupaus inte har skrivit"),
    ] {
        let output = common::lupaus_command()
            .args(["build", "--lang", lang, "--root"])
            .arg(root.path())
            .arg("--output")
            .arg(&own)
            .output()
            .expect("run lupaus build");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(expect), "{lang}: {stderr}");
    }
    assert_eq!(
        std::fs::read_to_string(own.join("budjetti.ods")).expect("still there"),
        "minun"
    );
}

/// With `LUPAUS_TIMINGS` set, each generated listing page says how long
/// its context and its template took (what a preview edit waits for),
/// and the resident memory after each where the system says; a content
/// page does not (there are thousands of them).
#[test]
fn timings_name_each_listing_page() {
    let out = tempfile::tempdir().unwrap();
    let output = run_timed(
        &["build", "--root"],
        &common::example_root(),
        &["-o".as_ref(), out.path().as_os_str()],
    );
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    for lang in ["fi", "sv", "en"] {
        let line = format!("listing Results(\"{lang}\"): context ");
        assert!(stderr.contains(&line), "{line} in {stderr}");
    }
    assert!(stderr.contains(", template "), "{stderr}");
    if cfg!(target_os = "linux") {
        assert!(stderr.contains(" ms (VmHWM: "), "{stderr}");
    }
    assert!(!stderr.contains("listing Page("), "{stderr}");
}

#[test]
fn a_broken_promise_file_is_one_error_not_a_template_error_too() {
    // The promise's front matter cannot be read: its pages are shown
    // without it (the document page has no `promise`), and the writer is
    // told of the colon only, not of a template they never wrote.
    // The file is the default language's: no other language's promise
    // stands in for it.
    let site = copy_fixture("serve-site");
    let path = site.path().join("content/_index.fi.md");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("title: Palvelulupauksemme", "title: Lupaus: tässä");
    std::fs::write(&path, text).unwrap();
    let b = build(site.path(), &[]);
    b.run
        .error_starting("content/_index.fi.md:2:14: a colon and a space cannot stand here");
    assert!(!b.run.stderr.contains("template"), "{}", b.run.stderr);
    b.assert_failed(1);
}

#[test]
fn a_hash_that_would_cut_a_value_is_a_warning_with_the_quoted_fix() {
    // `#` after a space starts a YAML comment: the title would lose "#2"
    // and the resident's view would be empty, without a word.
    let site = copy_fixture("serve-site");
    let path = site.path().join("content/_index.fi.md");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("title: Palvelulupauksemme", "title: Palvelulupaus #2");
    std::fs::write(&path, text).unwrap();
    let b = build(site.path(), &[]);
    b.assert_ok();
    assert!(
        b.run.stderr.contains(
            "content/_index.fi.md:2:22: warning: the text from # on (`#2`) is read as a comment \
             and left out of the page; if it is part of the text, put the whole value in quotes: \
             `title: \"Palvelulupaus #2\"`"
        ),
        "{}",
        b.run.stderr
    );
}

#[test]
fn a_relative_address_is_kept_as_written_with_a_warning_that_says_what_to_write() {
    let site = copy_fixture("serve-site");
    let path = site.path().join("content/_index.fi.md");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("\n[Lomake](media/lomake.pdf)\n");
    std::fs::write(&path, text).unwrap();
    let b = build(site.path(), &[]);
    b.assert_ok();
    let line = b
        .run
        .stderr
        .lines()
        .find(|l| l.contains("\"media/lomake.pdf\" is relative"))
        .unwrap_or_else(|| panic!("no warning:\n{}", b.run.stderr));
    assert!(line.starts_with("content/_index.fi.md:"), "{line}");
    assert!(line.contains(": warning: "), "{line}");
    assert!(line.ends_with("write `/media/lomake.pdf`"), "{line}");
    let html = b.read("fi/index.html");
    assert!(html.contains("href=media/lomake.pdf>"), "kept as written");
}

/// The resident's words are quoted as the page's language quotes:
/// ”…” in Finnish and Swedish, “…” in English.
#[test]
fn the_residents_words_have_the_languages_quotation_marks() {
    for (lang, open) in [("fi", '”'), ("sv", '”'), ("en", '“')] {
        let page = format!("{lang}/health/index.html");
        let doc = Html::parse_document(&read_output(example(), &page));
        let quoted: Vec<String> = doc.select(&sel("p.resident-view")).map(text_of).collect();
        assert!(!quoted.is_empty(), "{page}");
        for q in quoted {
            assert!(q.starts_with(open) && q.ends_with('”'), "{page}: {q}");
        }
    }
}

/// The browser's tab shows the county's logo: every page names it as its
/// icon (instead of a request for a /favicon.ico that is not there).
#[test]
fn every_page_names_the_logo_as_its_icon() {
    for page in ["fi/index.html", "sv/health/index.html", "404.html"] {
        let doc = Html::parse_document(&read_output(example(), page));
        let icon = doc
            .select(&sel("link[rel=icon]"))
            .next()
            .and_then(|l| l.value().attr("href").map(str::to_string));
        assert_eq!(icon.as_deref(), Some("/media/logo.svg"), "{page}");
    }
}

/// A build on disk keeps each body open from its load to its page, the
/// document's bodies and the search words in temporary files; a render in
/// memory (what `check` renders) keeps none of them and parses each body
/// where it renders it. Both write the same bytes, file for file.
#[test]
fn a_build_on_disk_writes_the_bytes_of_a_render_in_memory() {
    let mut on_disk = read_tree(example());
    // The mark of a folder that a build wrote (`output::guard`).
    assert!(on_disk.remove(".lupaus-output").is_some());
    let opts = lupaus::build::BuildOptions {
        root: common::example_root(),
        drafts: false,
        preview: false,
        minify: true,
    };
    let rendered = lupaus::build::render_site(&opts).expect("the example renders");
    let in_memory: BTreeSet<&str> = rendered.output.paths().collect();
    let written: BTreeSet<&str> = on_disk.keys().map(String::as_str).collect();
    assert_eq!(written, in_memory);
    for (path, bytes) in &on_disk {
        let rendered = rendered.output.read(path).expect("rendered");
        assert!(
            **bytes == *rendered,
            "{path} differs:\n{}\n---\n{}",
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&rendered)
        );
    }
}

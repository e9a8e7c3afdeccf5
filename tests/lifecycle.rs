//! The promise's life cycle on the example site: the comment round's notice
//! and links, the changes page from a `previous` promise.json, the whole
//! promise as one document, and `check`'s hint.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use scraper::{Html, Selector};
use serde_json::Value;
use tempfile::TempDir;

mod common;

/// The example site's content in a temporary root, with the fixture
/// commitment `family/kesä-ja-yö` (a space in a file name is an error since format 1.1, so the id has `ä` and `-`) added, and `site.yaml`'s life-cycle
/// settings replaced by `lifecycle` (YAML lines).
fn example_with(lifecycle: &str) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (src, dest) in [
        (
            common::example_root().join("content"),
            dir.path().join("content"),
        ),
        (
            common::fixture("lifecycle").join("content"),
            dir.path().join("content"),
        ),
    ] {
        for entry in walkdir::WalkDir::new(&src) {
            let entry = entry.expect("walk");
            let to = dest.join(entry.path().strip_prefix(&src).expect("inside"));
            if entry.file_type().is_dir() {
                fs::create_dir_all(&to).expect("mkdir");
            } else {
                fs::copy(entry.path(), &to).expect("copy");
            }
        }
    }
    let path = dir.path().join("content/site.yaml");
    let yaml = fs::read_to_string(&path).expect("site.yaml");
    // The example's life-cycle block is last, after its comment line.
    let cut = yaml
        .find("\n# Lupauksen elinkaari")
        .or_else(|| yaml.find("\nconsultation:"))
        .unwrap_or(yaml.len());
    fs::write(&path, format!("{}\n{lifecycle}\n", &yaml[..cut])).expect("write");
    dir
}

fn html_files(out: &Path) -> Vec<String> {
    common::read_tree(out)
        .into_keys()
        .filter(|p| p.ends_with(".html") && p != "index.html")
        .collect()
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let sel = Selector::parse(css).expect("selector");
    doc.select(&sel).collect()
}

/// A commitment: `AREA/NAME`, its title per language, its page's file per
/// language.
type Published = (String, BTreeMap<String, String>, BTreeMap<String, String>);

/// Every published commitment, from the build's `data/promise.json`.
fn commitments(out: &Path) -> Vec<Published> {
    let data: Value =
        serde_json::from_str(&common::read_output(out, "data/promise.json")).expect("json");
    let base = "https://palvelulupaus.jarvilaakso.example/";
    let mut all = Vec::new();
    for area in data["areas"].as_array().expect("areas") {
        for c in area["commitments"].as_array().expect("commitments") {
            let id = format!(
                "{}/{}",
                area["id"].as_str().unwrap(),
                c["id"].as_str().unwrap()
            );
            let titles = c["title"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(l, t)| (l.clone(), t.as_str().unwrap().to_string()))
                .collect();
            let files = c["url"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(l, u)| {
                    let path = u.as_str().unwrap().strip_prefix(base).unwrap();
                    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
                    (l.clone(), format!("{path}index.html"))
                })
                .collect();
            all.push((id, titles, files));
        }
    }
    all
}

/// Percent-encoding of a query value as the comment links use it: all but
/// letters, digits, `-._~` and `/` (written out here, not taken from lupaus).
fn encode(s: &str, keep_slash: bool) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || (keep_slash && b == b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn href_of_comment_link(out: &Path, file: &str) -> Vec<String> {
    let doc = Html::parse_document(&common::read_output(out, file));
    select(&doc, ".comment-link a")
        .iter()
        .filter_map(|a| a.value().attr("href").map(String::from))
        .collect()
}

#[test]
fn an_open_round_puts_a_notice_on_every_page_and_a_form_link_on_every_commitment() {
    let site = example_with(
        "consultation:\n  open: true\n  until: 2026-01-31\n  url: https://www.jarvilaakso.example/kommentoi",
    );
    let built = common::build(site.path(), &[]);
    built.assert_ok();
    let pages = html_files(&built.out);
    assert!(pages.len() > 100, "{} pages", pages.len());
    for page in &pages {
        let doc = Html::parse_document(&built.read(page));
        let notices = select(&doc, ".consultation-notice");
        assert_eq!(notices.len(), 1, "{page}: one notice");
        // First in the main content: "skip to content" and landmark
        // navigation reach it.
        assert_eq!(
            select(&doc, "main > .consultation-notice:first-child").len(),
            1,
            "{page}: the notice is not the main content's first"
        );
        let text: String = notices[0].text().collect();
        let lang = page.split('/').next().unwrap_or("");
        let (draft, date) = match lang {
            "sv" => ("utkast", "31.1.2026"),
            "en" => ("draft", "31 January 2026"),
            _ => ("luonnos", "31.1.2026"),
        };
        if page != "404.html" {
            assert!(
                text.contains(draft) && text.contains(date),
                "{page}: {text}"
            );
        }
    }
    let all = commitments(&built.out);
    assert!(
        all.iter().any(|(id, _, _)| id == "family/kesä-ja-yö"),
        "the fixture is published"
    );
    for (id, _, files) in &all {
        for file in files.values() {
            let expected = format!(
                "https://www.jarvilaakso.example/kommentoi?commitment={}",
                encode(id, true)
            );
            assert_eq!(
                href_of_comment_link(&built.out, file),
                vec![expected],
                "{file}"
            );
        }
    }
    // Written out once for the fixture: `ä` and spaces encoded, `/` kept.
    assert_eq!(
        href_of_comment_link(&built.out, "fi/family/kesä-ja-yö/index.html"),
        vec!["https://www.jarvilaakso.example/kommentoi?commitment=family/kes%C3%A4-ja-y%C3%B6"]
    );
    let (_, _, files) = all
        .iter()
        .find(|(id, _, _)| id == "family/kesä-ja-yö")
        .expect("the fixture");
    let doc = Html::parse_document(&built.read(&files["sv"]));
    let link: String = select(&doc, ".comment-link a")[0].text().collect();
    assert_eq!(link, "Kommentera det här åtagandet");
}

#[test]
fn an_open_round_with_an_address_gives_mail_links_naming_the_commitment() {
    let site = example_with(
        "consultation:\n  open: true\n  until: 2026-01-31\n  email: kommentit@jarvilaakso.example",
    );
    let built = common::build(site.path(), &[]);
    built.assert_ok();
    let subject = |lang: &str| match lang {
        "sv" => "Kommentar:",
        "en" => "Comment:",
        _ => "Kommentti:",
    };
    for (id, titles, files) in commitments(&built.out) {
        for (lang, file) in &files {
            let expected = format!(
                "mailto:kommentit@jarvilaakso.example?subject={}",
                encode(&format!("{} {} ({id})", subject(lang), titles[lang]), false)
            );
            assert_eq!(
                href_of_comment_link(&built.out, file),
                vec![expected],
                "{file}"
            );
        }
    }
    assert_eq!(
        href_of_comment_link(&built.out, "fi/family/kesä-ja-yö/index.html"),
        vec![
            "mailto:kommentit@jarvilaakso.example?subject=Kommentti%3A%20Neuvolan%20p%C3%A4ivystys%20kes%C3%A4ll%C3%A4%20%26%20y%C3%B6ll%C3%A4%20%28family%2Fkes%C3%A4-ja-y%C3%B6%29"
        ]
    );
}

#[test]
fn a_closed_round_says_so_and_links_to_the_changes() {
    let site = example_with(
        "consultation:\n  open: false\n  url: https://www.jarvilaakso.example/kommentoi\nprevious: media/promise-2025.json",
    );
    let built = common::build(site.path(), &[]);
    built.assert_ok();
    for lang in ["fi", "sv", "en"] {
        let doc = Html::parse_document(&built.read(&format!("{lang}/index.html")));
        let notice = select(&doc, ".consultation-notice a");
        assert_eq!(notice.len(), 1, "{lang}: the notice links once");
        assert_eq!(
            notice[0].value().attr("href"),
            Some(format!("/{lang}/changes/").as_str())
        );
        // The notice is the front page's link to the changes: not twice.
        assert_eq!(select(&doc, ".changes-link a").len(), 0, "{lang}");
    }
    assert!(href_of_comment_link(&built.out, "fi/health/ambulance/index.html").is_empty());
    // Without a comment round, the front page has its own link.
    let site = example_with("previous: media/promise-2025.json");
    let built = common::build(site.path(), &[]);
    built.assert_ok();
    let doc = Html::parse_document(&built.read("fi/index.html"));
    assert_eq!(select(&doc, ".consultation-notice").len(), 0);
    assert_eq!(select(&doc, ".changes-link a").len(), 1);
}

/// The example's own published data/promise.json, edited into the version
/// before: `family/familiar-nurse` left out (so it is added now), a
/// commitment that is no more, `health/ambulance` worded otherwise, and the
/// target of `elderly/home-care-starts-quickly`'s indicator changed.
fn previous_of_the_example() -> String {
    let site = example_with("");
    let built = common::build(site.path(), &[]);
    built.assert_ok();
    let mut data: Value = serde_json::from_str(&built.read("data/promise.json")).expect("json");
    for area in data["areas"].as_array_mut().expect("areas") {
        let id = area["id"].as_str().unwrap().to_string();
        let list = area["commitments"].as_array_mut().unwrap();
        match id.as_str() {
            "family" => list.retain(|c| c["id"] != "familiar-nurse"),
            "health" => {
                let mut gone = list[0].clone();
                gone["id"] = "evening-clinic".into();
                gone["title"] = serde_json::json!({"fi": "Iltavastaanotto", "sv": "Kvällsmottagning", "en": "Evening clinic"});
                list.push(gone);
                let amb = list.iter_mut().find(|c| c["id"] == "ambulance").unwrap();
                for text in amb["text"].as_object_mut().unwrap().values_mut() {
                    *text = format!("{} Lisätty virke.", text.as_str().unwrap()).into();
                }
            }
            "elderly" => {
                let c = list
                    .iter_mut()
                    .find(|c| c["id"] == "home-care-starts-quickly")
                    .unwrap();
                c["targets"][0]["target"] = 14.0.into();
            }
            _ => {}
        }
    }
    serde_json::to_string_pretty(&data).unwrap()
}

#[test]
fn the_changes_page_lists_exactly_the_four_edits_in_every_language() {
    let site = example_with("previous: media/edellinen.json");
    fs::write(
        site.path().join("content/media/edellinen.json"),
        previous_of_the_example(),
    )
    .unwrap();
    let built = common::build(site.path(), &[]);
    built.assert_ok();
    let expected: BTreeSet<(String, String)> = [
        ("family/familiar-nurse", "added"),
        ("health/evening-clinic", "removed"),
        ("health/ambulance", "changed"),
        ("elderly/home-care-starts-quickly", "changed"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    for lang in ["fi", "sv", "en"] {
        let doc = Html::parse_document(&built.read(&format!("{lang}/changes/index.html")));
        let entries: BTreeSet<(String, String)> = select(&doc, "[data-commitment]")
            .iter()
            .map(|e| {
                let kind = e
                    .value()
                    .classes()
                    .filter(|c| *c != "change-entry")
                    .find_map(|c| c.strip_prefix("change-"))
                    .unwrap_or("")
                    .to_string();
                (e.value().attr("data-commitment").unwrap().to_string(), kind)
            })
            .collect();
        assert_eq!(entries, expected, "{lang}");
        // As the eye reads it, and as a screen reader does ("vrk" in words).
        let (seen, heard) = (
            common::visible(doc.root_element()),
            common::spoken(doc.root_element()),
        );
        // A sentence after the indicator's name, in each language's own
        // words: Swedish "målet var" (it said "mål var"), English "the
        // target was".
        let (target, said) = match lang {
            "fi" => (
                ": tavoite oli 14,0\u{a0}vrk, nyt 7,0\u{a0}vrk",
                ": tavoite oli 14,0\u{a0}vuorokautta, nyt 7,0\u{a0}vuorokautta",
            ),
            "sv" => (
                ": målet var 14,0\u{a0}dygn, nu 7,0\u{a0}dygn",
                ": målet var 14,0\u{a0}dygn, nu 7,0\u{a0}dygn",
            ),
            _ => (
                ": the target was 14.0\u{a0}days, now 7.0\u{a0}days",
                ": the target was 14.0\u{a0}days, now 7.0\u{a0}days",
            ),
        };
        assert!(seen.contains(target), "{lang}: no {target:?}");
        assert!(heard.contains(said), "{lang}: no {said:?}");
        // The reworded text: the deleted sentence struck out and announced.
        let del: Vec<String> = select(&doc, "[data-commitment=\"health/ambulance\"] del")
            .iter()
            .map(|d| d.text().collect())
            .collect();
        let word = match lang {
            "sv" => "borttaget",
            "en" => "removed",
            _ => "poistettu",
        };
        assert!(
            del.iter()
                .any(|d| d.contains(&format!("[{word}: ")) && d.contains("Lisätty virke.")),
            "{lang}: {del:?}"
        );
        // The changed commitment's page says so and links to the list.
        let file = format!("{lang}/health/ambulance/index.html");
        let doc = Html::parse_document(&built.read(&file));
        let note = select(&doc, ".change-note a");
        assert_eq!(note.len(), 1, "{file}");
        assert!(
            note[0]
                .value()
                .attr("href")
                .unwrap()
                .starts_with(&format!("/{lang}/changes/#"))
        );
    }
    let sitemap = built.read("sitemap.xml");
    for lang in ["fi", "sv", "en"] {
        assert!(
            sitemap.contains(&format!("/{lang}/changes/")),
            "sitemap: changes"
        );
        assert!(
            sitemap.contains(&format!("/{lang}/document/")),
            "sitemap: document"
        );
    }
}

#[test]
fn an_older_or_unrecognised_previous_file_is_an_error_at_the_previous_line() {
    for (content, says) in [
        ("{\"license\": null, \"areas\": []}", "older lupaus"),
        ("not json at all", "is not JSON"),
        ("{\"format\": 99, \"areas\": []}", "newer lupaus"),
    ] {
        let site = example_with("previous: media/old.json");
        fs::write(site.path().join("content/media/old.json"), content).unwrap();
        let yaml = fs::read_to_string(site.path().join("content/site.yaml")).unwrap();
        let line = yaml
            .lines()
            .position(|l| l.starts_with("previous:"))
            .unwrap()
            + 1;
        let built = common::build(site.path(), &[]);
        built.assert_failed(1);
        let error = built.run.errors()[0].to_string();
        assert!(
            error.starts_with(&format!("content/site.yaml:{line}:")),
            "{error}"
        );
        assert!(error.contains(says), "{error}");
    }
    // The same problem in the writer's language, at the same place.
    let site = example_with("previous: media/old.json");
    fs::write(
        site.path().join("content/media/old.json"),
        "not json at all",
    )
    .unwrap();
    let built = common::build(site.path(), &["--lang", "fi"]);
    assert_eq!(built.run.code, 1, "{}", built.run.stderr);
    assert!(built.run.stderr.contains("1 virhe"), "{}", built.run.stderr);
    let error = built.run.errors()[0].to_string();
    assert!(error.starts_with("content/site.yaml:"), "{error}");
    assert!(
        error.contains("`previous`: content/media/old.json ei ole JSON-muotoinen"),
        "{error}"
    );
}

#[test]
fn the_document_has_every_commitment_once_in_reading_order() {
    let site = example_with("");
    let built = common::build(site.path(), &[]);
    built.assert_ok();
    for lang in ["fi", "sv", "en"] {
        // The reading order: area by area as data/promise.json lists them
        // (the front page shows area cards, not every commitment).
        let promise: serde_json::Value =
            serde_json::from_str(&built.read("data/promise.json")).expect("promise.json");
        let titles: Vec<String> = promise["areas"]
            .as_array()
            .expect("areas")
            .iter()
            .flat_map(|a| a["commitments"].as_array().cloned().unwrap_or_default())
            .map(|c| c["title"][lang].as_str().unwrap_or_default().to_string())
            .collect();
        let doc = Html::parse_document(&built.read(&format!("{lang}/document/index.html")));
        let shown: Vec<String> = select(&doc, "[data-commitment] h3")
            .iter()
            .map(|h| h.text().collect::<String>().trim().to_string())
            .collect();
        assert!(titles.len() > 10, "{lang}: {titles:?}");
        assert_eq!(shown, titles, "{lang}");
        // Heading ids are unique although every commitment has the same headings.
        let ids: Vec<&str> = select(&doc, "[id]")
            .iter()
            .filter_map(|e| e.value().attr("id"))
            .collect();
        let unique: BTreeSet<&&str> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{lang}: duplicate ids");
        // Linked from every page's footer.
        let front = Html::parse_document(&built.read(&format!("{lang}/index.html")));
        let footer = select(&front, ".site-footer a")
            .iter()
            .filter(|a| a.value().attr("href") == Some(format!("/{lang}/document/").as_str()))
            .count();
        assert_eq!(footer, 1, "{lang}: footer link");
    }
}

/// The service areas are listed once before their sections: the example's
/// promise does not list them (its front page's cards do), so the document
/// has the contents; a promise that links to every area keeps its own list
/// and gets no second one, its links going to the sections on the page.
#[test]
fn the_document_lists_the_areas_once() {
    let site = example_with("");
    let built = common::build(site.path(), &[]);
    built.assert_ok();
    for lang in ["fi", "sv", "en"] {
        let doc = Html::parse_document(&built.read(&format!("{lang}/document/index.html")));
        assert_eq!(
            select(&doc, ".document-toc li a[href^='#a-']").len(),
            5,
            "{lang}: the contents"
        );
    }

    // With a list of the areas in the Finnish text, the Finnish document
    // keeps that list and has no contents; the others still have theirs.
    let index = site.path().join("content/_index.fi.md");
    let mut text = fs::read_to_string(&index).expect("_index.fi.md");
    for area in ["health", "family", "mental-health", "social", "elderly"] {
        text.push_str(&format!("\n- [{area}](@/areas/{area}/_index.md)"));
    }
    text.push('\n');
    fs::write(&index, text).expect("write");
    let built = common::build(site.path(), &[]);
    built.assert_ok();
    let fi = Html::parse_document(&built.read("fi/document/index.html"));
    assert!(
        select(&fi, ".document-toc").is_empty(),
        "fi: the promise's own list of areas and a contents list besides"
    );
    // The promise's list is the contents: its links go to the sections on
    // the same page (they led away, to the area pages).
    for area in ["health", "family", "mental-health", "social", "elderly"] {
        let href = format!("#a-{area}");
        assert_eq!(
            select(&fi, &format!(".document .prose a[href='{href}']")).len(),
            1,
            "fi: the list's link to {area}"
        );
        assert_eq!(select(&fi, &format!("section#a-{area}")).len(), 1, "{href}");
        assert!(
            select(&fi, &format!(".document .prose a[href='/fi/{area}/']")).is_empty(),
            "fi: a link to the page of {area}"
        );
    }
    // A commitment's link to another commitment goes to its section too;
    // one to a page the document does not show is left as it is.
    for lang in ["fi", "sv", "en"] {
        let doc = Html::parse_document(&built.read(&format!("{lang}/document/index.html")));
        assert!(
            !select(&doc, "main a[href='#c-mental-health-walk-in']").is_empty(),
            "{lang}: the link to the walk-in commitment"
        );
        assert_eq!(select(&doc, "section#c-mental-health-walk-in").len(), 1);
        assert!(
            select(
                &doc,
                &format!("main a[href='/{lang}/mental-health/walk-in/']")
            )
            .is_empty(),
            "{lang}: a link leaving the document for a commitment it shows"
        );
        assert!(
            !select(&doc, &format!("main a[href='/{lang}/feedback/']")).is_empty(),
            "{lang}: the link to the feedback page"
        );
    }
    let sv = Html::parse_document(&built.read("sv/document/index.html"));
    assert_eq!(select(&sv, ".document-toc li a[href^='#a-']").len(), 5);
}

#[test]
fn check_hints_at_a_reworded_commitment_whose_targets_did_not_change() {
    let site = example_with("previous: media/edellinen.json");
    fs::write(
        site.path().join("content/media/edellinen.json"),
        previous_of_the_example(),
    )
    .unwrap();
    let out = common::lupaus_command()
        .args(["check", "--root"])
        .arg(site.path())
        .output()
        .expect("run");
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(0),
        "a hint is not an error:\n{text}"
    );
    let hints: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("the wording of this commitment changed"))
        .collect();
    assert_eq!(hints.len(), 1, "{text}");
    assert!(
        hints[0].starts_with("content/areas/health/ambulance.fi.md:")
            && hints[0].contains("warning"),
        "{}",
        hints[0]
    );
}

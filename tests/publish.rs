//! Publishing end to end with the real binary: sitemap and robots.txt, Atom
//! feeds, search indexes and pages, the 404 page, Open Graph meta, and the
//! scaffolding commands `init` and `new`.
//!
//! Most tests read `tests/fixtures/publish-site`: Finnish and Swedish, a
//! `base_url` with a path of its own, a commitment without a Swedish file (a
//! fallback), dated pages in both languages, one only in Finnish, one
//! published only in Finnish (`languages: [fi]`) and a draft.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{build, copy_fixture, read_output, read_tree};
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use scraper::{Html, Selector};

const BASE: &str = "https://lupaus.example.fi/palvelulupaus";

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("bad selector {s}: {e:?}"))
}

/// `publish-site`, built once for the tests that only read its output.
fn site() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| common::shared_build(&common::fixture("publish-site"), "publish-rs-site"))
}

/// The example site, built once.
fn example() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| common::shared_build(&common::example_root(), "publish-rs-example"))
}

fn doc(out: &Path, rel: &str) -> Html {
    Html::parse_document(&read_output(out, rel))
}

// ---------------------------------------------------------------------------
// A small XML tree, read with quick-xml (which checks well-formedness and
// that end tags match).

#[derive(Debug, Default)]
struct El {
    name: String,
    attrs: BTreeMap<String, String>,
    text: String,
    children: Vec<El>,
}

impl El {
    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a El> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    fn one<'a>(&'a self, name: &str) -> &'a El {
        let found: Vec<&El> = self.children.iter().filter(|c| c.name == name).collect();
        assert_eq!(
            found.len(),
            1,
            "<{}> should have exactly one <{name}>: {self:#?}",
            self.name
        );
        found[0]
    }

    fn attr(&self, name: &str) -> &str {
        self.attrs
            .get(name)
            .map(String::as_str)
            .unwrap_or_else(|| panic!("<{}> has no {name}: {:?}", self.name, self.attrs))
    }
}

fn element(e: &BytesStart<'_>) -> El {
    let name = e.name().as_ref().to_string();
    let attrs = e
        .attributes()
        .map(|a| {
            let a = a.expect("well-formed attribute");
            (
                a.key.as_ref().to_string(),
                a.normalized_value(XmlVersion::Explicit1_0)
                    .expect("attribute value")
                    .into_owned(),
            )
        })
        .collect();
    El {
        name,
        attrs,
        ..El::default()
    }
}

/// Parses an XML document into its root element; fails on malformed XML.
fn parse_xml(src: &str) -> El {
    assert!(
        src.starts_with("<?xml version=\"1.0\""),
        "no XML declaration"
    );
    let mut reader = Reader::from_str(src);
    let mut stack = vec![El::default()];
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => stack.push(element(&e)),
            Event::Empty(e) => {
                let el = element(&e);
                stack.last_mut().unwrap().children.push(el);
            }
            Event::End(_) => {
                let el = stack.pop().unwrap();
                stack.last_mut().expect("balanced tags").children.push(el);
            }
            Event::Text(t) => stack.last_mut().unwrap().text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let s = match r.resolve_char_ref().expect("character reference") {
                    Some(c) => c.to_string(),
                    None => resolve_predefined_entity(&r)
                        .unwrap_or_else(|| panic!("unknown entity &{};", &*r))
                        .to_string(),
                };
                stack.last_mut().unwrap().text.push_str(&s);
            }
            Event::CData(_) => panic!("lupaus writes no CDATA"),
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    let mut top = stack.pop().unwrap();
    assert_eq!(top.children.len(), 1, "one root element");
    top.children.remove(0)
}

/// Every `index.html` of the output as its absolute URL, with its document.
fn pages(out: &Path, base: &str) -> Vec<(String, Html)> {
    read_tree(out)
        .into_iter()
        .filter(|(rel, _)| rel.ends_with("index.html") && rel != "index.html")
        .map(|(rel, bytes)| {
            let dir = rel.trim_end_matches("index.html");
            (
                format!("{base}/{dir}"),
                Html::parse_document(&String::from_utf8_lossy(&bytes)),
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

fn meta(doc: &Html, property: &str) -> Option<String> {
    doc.select(&sel(&format!("head meta[property=\"{property}\"]")))
        .next()
        .and_then(|m| m.value().attr("content"))
        .map(str::to_string)
}

// ---------------------------------------------------------------------------
// Sitemap and robots.txt

fn sitemap(out: &Path) -> BTreeMap<String, BTreeSet<(String, String)>> {
    let root = parse_xml(&read_output(out, "sitemap.xml"));
    assert_eq!(root.name, "urlset");
    assert_eq!(
        root.attr("xmlns"),
        "http://www.sitemaps.org/schemas/sitemap/0.9"
    );
    assert_eq!(root.attr("xmlns:xhtml"), "http://www.w3.org/1999/xhtml");
    let mut urls = BTreeMap::new();
    for url in root.all("url") {
        let loc = url.one("loc").text.clone();
        let alternates = url
            .all("xhtml:link")
            .map(|l| {
                assert_eq!(l.attr("rel"), "alternate");
                (l.attr("hreflang").to_string(), l.attr("href").to_string())
            })
            .collect();
        assert!(
            urls.insert(loc.clone(), alternates).is_none(),
            "{loc} is listed twice"
        );
    }
    urls
}

/// The published pages as the output shows them: every `index.html` whose
/// canonical link is its own address (a fallback's points to the
/// default-language page) and that does not ask not to be indexed (the
/// search pages).
fn published(out: &Path, base: &str) -> BTreeSet<String> {
    pages(out, base)
        .into_iter()
        .filter(|(url, doc)| canonical(doc).as_deref() == Some(url.as_str()))
        .filter(|(_, doc)| doc.select(&sel("meta[name=robots]")).next().is_none())
        .map(|(url, _)| url)
        .collect()
}

#[test]
fn sitemap_lists_exactly_the_published_pages() {
    let out = site();
    let urls = sitemap(out);
    let listed: BTreeSet<String> = urls.keys().cloned().collect();
    let expected = published(out, BASE);
    assert_eq!(
        listed,
        expected,
        "sitemap.xml and the published pages differ:\n only in the sitemap: {:?}\n only in the output: {:?}",
        listed.difference(&expected).collect::<Vec<_>>(),
        expected.difference(&listed).collect::<Vec<_>>()
    );
    // Spelled out: generated pages are in, fallbacks, drafts, search and the
    // root redirect are out.
    for lang in ["fi", "sv"] {
        for path in [
            "",
            "perhe/",
            "perhe/neuvola/",
            "results/",
            "results/neuvola-odotus/",
            "accessibility/",
            "news/",
            "uutinen-1/",
        ] {
            let url = format!("{BASE}/{lang}/{path}");
            assert!(listed.contains(&url), "{url} missing from the sitemap");
        }
        assert!(!listed.contains(&format!("{BASE}/{lang}/search/")));
    }
    for absent in [
        format!("{BASE}/sv/perhe/kotiapu/"),
        format!("{BASE}/sv/uutinen-2/"),
        format!("{BASE}/sv/vain-suomeksi/"),
        format!("{BASE}/fi/luonnos/"),
        format!("{BASE}/"),
    ] {
        assert!(!listed.contains(&absent), "{absent} should not be listed");
    }
    assert!(listed.contains(&format!("{BASE}/fi/perhe/kotiapu/")));
    assert!(listed.contains(&format!("{BASE}/fi/vain-suomeksi/")));
}

#[test]
fn sitemap_alternates_are_the_real_translations() {
    let urls = sitemap(site());
    let pair = |lang: &str, path: &str| (lang.to_string(), format!("{BASE}/{lang}/{path}"));
    let both = |path: &str| BTreeSet::from([pair("fi", path), pair("sv", path)]);
    for lang in ["fi", "sv"] {
        for path in ["", "perhe/neuvola/", "results/neuvola-odotus/", "news/"] {
            assert_eq!(
                urls[&format!("{BASE}/{lang}/{path}")],
                both(path),
                "alternates of /{lang}/{path}"
            );
        }
    }
    // Only in Finnish (its Swedish page is a fallback): no alternates.
    assert!(urls[&format!("{BASE}/fi/perhe/kotiapu/")].is_empty());
    assert!(urls[&format!("{BASE}/fi/uutinen-2/")].is_empty());
    for (loc, alternates) in &urls {
        assert!(loc.starts_with(BASE), "{loc} is not absolute from base_url");
        for (_, href) in alternates {
            assert!(urls.contains_key(href), "alternate {href} is not listed");
        }
    }
}

#[test]
fn sitemap_of_the_example_site_matches_its_pages() {
    let out = example();
    let listed: BTreeSet<String> = sitemap(out).into_keys().collect();
    let base = "https://palvelulupaus.jarvilaakso.example";
    assert_eq!(listed, published(out, base));
    assert!(listed.len() > 100, "{}", listed.len());
}

#[test]
fn robots_txt_points_to_the_sitemap() {
    let robots = read_output(site(), "robots.txt");
    assert!(
        robots
            .lines()
            .any(|l| l == format!("Sitemap: {BASE}/sitemap.xml")),
        "{robots}"
    );
    assert!(robots.contains("User-agent: *"), "{robots}");
}

// ---------------------------------------------------------------------------
// Atom feeds

struct Entry {
    id: String,
    updated: String,
    lang: Option<String>,
}

/// Reads a feed, checking what Atom 1.0 requires of it; returns its entries
/// in order.
fn feed(out: &Path, lang: &str) -> Vec<Entry> {
    let root = parse_xml(&read_output(out, &format!("{lang}/atom.xml")));
    assert_eq!(root.name, "feed");
    assert_eq!(root.attr("xmlns"), "http://www.w3.org/2005/Atom");
    assert_eq!(root.attr("xml:lang"), lang);
    let self_url = format!("{BASE}/{lang}/atom.xml");
    assert_eq!(root.one("id").text, self_url);
    assert!(!root.one("title").text.trim().is_empty());
    assert!(!root.one("author").one("name").text.trim().is_empty());
    let links: Vec<&El> = root.all("link").collect();
    assert!(
        links
            .iter()
            .any(|l| l.attr("rel") == "self" && l.attr("href") == self_url),
        "no link rel=self"
    );
    let updated = root.one("updated").text.clone();
    let entries: Vec<Entry> = root
        .all("entry")
        .map(|e| {
            let id = e.one("id").text.clone();
            assert!(!e.one("title").text.trim().is_empty(), "{id}: no title");
            let link = e.one("link");
            assert_eq!(link.attr("rel"), "alternate");
            assert_eq!(link.attr("href"), id, "entry id = its page's URL");
            Entry {
                id,
                updated: e.one("updated").text.clone(),
                lang: e.attrs.get("xml:lang").cloned(),
            }
        })
        .collect();
    for e in &entries {
        assert!(
            e.updated.len() == 20 && e.updated.ends_with("T00:00:00Z"),
            "{} updated {}",
            e.id,
            e.updated
        );
    }
    assert_eq!(
        Some(&updated),
        entries.iter().map(|e| &e.updated).max(),
        "feed updated = newest entry"
    );
    entries
}

#[test]
fn feeds_list_exactly_the_dated_pages_newest_first() {
    let out = site();
    let fi = feed(out, "fi");
    let ids: Vec<&str> = fi.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            format!("{BASE}/fi/uutinen-2/"),
            format!("{BASE}/fi/uutinen-1/"),
            format!("{BASE}/fi/vain-suomeksi/"),
        ]
    );
    let dates: Vec<&str> = fi.iter().map(|e| e.updated.as_str()).collect();
    assert_eq!(
        dates,
        [
            "2025-06-15T00:00:00Z",
            "2025-03-01T00:00:00Z",
            "2024-12-01T00:00:00Z"
        ]
    );
    assert!(fi.iter().all(|e| e.lang.is_none()));

    // Swedish: the untranslated news is there in Finnish, marked; the page
    // published only in Finnish and the draft are not.
    let sv = feed(out, "sv");
    let ids: Vec<(&str, Option<&str>)> = sv
        .iter()
        .map(|e| (e.id.as_str(), e.lang.as_deref()))
        .collect();
    assert_eq!(
        ids,
        [
            (format!("{BASE}/sv/uutinen-2/").as_str(), Some("fi")),
            (format!("{BASE}/sv/uutinen-1/").as_str(), None),
        ]
    );
}

#[test]
fn feed_escapes_text_and_carries_summary_and_content() {
    let root = parse_xml(&read_output(site(), "fi/atom.xml"));
    let entry = root
        .all("entry")
        .find(|e| e.one("id").text.ends_with("/fi/uutinen-1/"))
        .expect("entry");
    assert_eq!(
        entry.one("summary").text,
        "Aluevaltuusto hyväksyi lupauksen & tavoitteet <yksimielisesti>."
    );
    let content = entry.one("content");
    assert_eq!(content.attr("type"), "html");
    assert_eq!(content.attr("xml:base"), format!("{BASE}/fi/uutinen-1/"));
    assert!(
        content
            .text
            .contains("<a href=\"/palvelulupaus/fi/perhe/neuvola/\">neuvolasta</a>"),
        "{}",
        content.text
    );
}

#[test]
fn every_page_links_the_feed_of_its_language() {
    for (url, doc) in pages(site(), BASE) {
        let lang = url
            .strip_prefix(&format!("{BASE}/"))
            .and_then(|r| r.split('/').next())
            .unwrap()
            .to_string();
        let feeds: Vec<&str> = doc
            .select(&sel(
                "head link[rel=alternate][type=\"application/atom+xml\"]",
            ))
            .filter_map(|l| l.value().attr("href"))
            .collect();
        assert_eq!(
            feeds,
            [format!("/palvelulupaus/{lang}/atom.xml")],
            "feed link of {url}"
        );
    }
}

// ---------------------------------------------------------------------------
// Search

/// The search index of `lang`.
fn index(out: &Path, lang: &str) -> serde_json::Value {
    let text = read_output(out, &format!("{lang}/search-index.json"));
    serde_json::from_str(&text).expect("the index is JSON")
}

/// Docs whose words include `form` exactly, with the weight: what the
/// browser's exact lookup finds.
fn lookup(index: &serde_json::Value, form: &str) -> BTreeMap<String, u64> {
    let docs = index["docs"].as_array().expect("docs");
    let mut found = BTreeMap::new();
    for term in index["terms"].as_array().expect("terms") {
        let stem = term[0].as_str().unwrap();
        let forms: Vec<&str> = term[1]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| f.as_str())
            .collect();
        if stem != form && !forms.contains(&form) {
            continue;
        }
        let postings = term[2].as_array().unwrap();
        for pair in postings.chunks(2) {
            let d = pair[0].as_u64().unwrap() as usize;
            let url = docs[d]["url"].as_str().unwrap().to_string();
            *found.entry(url).or_default() += pair[1].as_u64().unwrap();
        }
    }
    found
}

#[test]
fn search_index_per_language_finds_words_of_its_pages() {
    let out = site();
    let fi = index(out, "fi");
    assert_eq!(fi["version"], 1);
    assert_eq!(fi["lang"], "fi");
    // "neuvolaan" is in the Finnish commitment's summary and body.
    let found = lookup(&fi, "neuvolaan");
    assert!(
        found.contains_key("/palvelulupaus/fi/perhe/neuvola/"),
        "{found:?}"
    );
    // A title word weighs more than a body word.
    let title = lookup(&fi, "kotiapu");
    let body = lookup(&fi, "hammashoitolan");
    assert!(
        title["/palvelulupaus/fi/perhe/kotiapu/"] > body["/palvelulupaus/fi/perhe/neuvola/"],
        "{title:?} {body:?}"
    );
    // Every published Finnish page is a document; the draft is not.
    let urls: BTreeSet<&str> = fi["docs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["url"].as_str().unwrap())
        .collect();
    for url in [
        "/palvelulupaus/fi/",
        "/palvelulupaus/fi/perhe/",
        "/palvelulupaus/fi/tietoa/",
        "/palvelulupaus/fi/results/neuvola-odotus/",
    ] {
        assert!(urls.contains(url), "{url} not in {urls:?}");
    }
    assert!(!urls.iter().any(|u| u.contains("luonnos")));

    let sv = index(out, "sv");
    let found = lookup(&sv, "rådgivningen");
    assert!(
        found.contains_key("/palvelulupaus/sv/perhe/neuvola/"),
        "{found:?}"
    );
    // The fallback page is searchable in Swedish, marked as Finnish text.
    let kotiapu = sv["docs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["url"] == "/palvelulupaus/sv/perhe/kotiapu/")
        .expect("fallback doc");
    assert_eq!(kotiapu["lang"], "fi");
    assert_eq!(sv["kinds"]["commitment"], "Åtagande");
}

#[test]
fn search_index_of_the_example_site_finds_the_dental_page() {
    let out = example();
    for (lang, form) in [("fi", "hammashoitoa"), ("sv", "tandvård"), ("en", "dental")] {
        let found = lookup(&index(out, lang), form);
        let url = format!("/{lang}/health/urgent-dental-care/");
        assert!(found.contains_key(&url), "{lang} {form}: {found:?}");
    }
}

#[test]
fn search_page_has_a_labelled_form_a_live_region_and_a_notice() {
    let out = site();
    let d = doc(out, "fi/search/index.html");
    assert_eq!(d.select(&sel("h1")).count(), 1);
    let form = d.select(&sel("form[role=search]")).next().expect("form");
    // GET is the default, which the minifier leaves out.
    assert!(matches!(form.value().attr("method"), None | Some("get")));
    let input = d
        .select(&sel("form[role=search] input[type=search][name=q]"))
        .next()
        .expect("search input");
    let id = input.value().attr("id").expect("input id");
    assert_eq!(
        d.select(&sel(&format!("label[for=\"{id}\"]"))).count(),
        1,
        "the input has a label"
    );
    let button = d
        .select(&sel("form[role=search] button"))
        .next()
        .expect("a button");
    assert!(matches!(button.value().attr("type"), None | Some("submit")));
    let live = d
        .select(&sel("[aria-live=polite]"))
        .next()
        .expect("live region");
    assert!(live.value().attr("data-search-status").is_some());
    let root = d.select(&sel("[data-search]")).next().unwrap();
    assert_eq!(root.value().attr("data-count-other"), Some("{n} tulosta"));
    assert_eq!(
        root.value().attr("data-index"),
        Some("/palvelulupaus/fi/search-index.json")
    );
    // Without JavaScript: a notice with links to the front page and results.
    let links: Vec<&str> = d
        .select(&sel("[data-search-nojs] a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(links, ["/palvelulupaus/fi/", "/palvelulupaus/fi/results/"]);
    // The script is a file, deferred; no inline script or style anywhere.
    let scripts: Vec<_> = d.select(&sel("script")).collect();
    assert_eq!(scripts.len(), 1);
    assert_eq!(
        scripts[0].value().attr("src"),
        Some("/palvelulupaus/js/search.js")
    );
    assert!(scripts[0].value().attr("defer").is_some());
    assert!(out.join("js/search.js").is_file());
    assert_eq!(d.select(&sel("style, [style]")).count(), 0);
    // Every page's header links the search page of its language.
    let home = doc(out, "sv/index.html");
    let hrefs: Vec<&str> = home
        .select(&sel("header a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(hrefs.contains(&"/palvelulupaus/sv/search/"), "{hrefs:?}");
}

#[test]
fn a_page_that_claims_search_keeps_it_and_the_language_has_no_search() {
    let dir = copy_fixture("publish-site");
    let pages = dir.path().join("content/pages");
    std::fs::write(
        pages.join("haku.fi.md"),
        "---\ntitle: Haku\n---\n\nHae palveluja.\n",
    )
    .unwrap();
    std::fs::write(
        pages.join("haku.sv.md"),
        "---\ntitle: Sök\nslug: search\n---\n\nSök tjänster.\n",
    )
    .unwrap();
    let b = build(dir.path(), &[]);
    b.assert_ok();
    assert!(
        b.run.stderr.contains(
            "content/pages/haku.sv.md:1: warning: this page has the address /palvelulupaus/sv/search/"
        ),
        "{}",
        b.run.stderr
    );
    let sv = Html::parse_document(&b.read("sv/search/index.html"));
    assert!(
        sv.select(&sel("form[role=search]")).next().is_none(),
        "the page, not the search"
    );
    assert!(!b.out.join("sv/search-index.json").exists());
    let home = Html::parse_document(&b.read("sv/index.html"));
    assert!(home.select(&sel(".nav-search")).next().is_none());
    // The whole sentence, and in the writer's language.
    assert!(
        b.run.stderr.contains("which lupaus uses for the search page of the \"sv\" pages, so that language gets no search"),
        "{}",
        b.run.stderr
    );
    let fi = build(dir.path(), &["--lang", "fi"]);
    assert!(
        fi.run.stderr.contains("jota lupaus käyttää kielen \"sv\" sivujen kohteelle hakusivu, joten siltä kieleltä puuttuu haku"),
        "{}",
        fi.run.stderr
    );
    // Finnish still has search.
    assert!(b.out.join("fi/search-index.json").is_file());
    let fi = Html::parse_document(&b.read("fi/search/index.html"));
    assert!(fi.select(&sel("form[role=search]")).next().is_some());
}

// ---------------------------------------------------------------------------
// 404 and meta

#[test]
fn not_found_page_says_where_to_go_in_every_language() {
    let out = site();
    let d = doc(out, "404.html");
    assert_eq!(d.select(&sel("h1")).count(), 1);
    // The tab, a bookmark and a screen reader's first words: every
    // language of the site, in the configured order, as the body says it.
    let title: String = d.select(&sel("title")).next().unwrap().text().collect();
    assert!(
        title.starts_with("Sivua ei löytynyt / Sidan hittades inte – "),
        "{title}"
    );
    assert_eq!(
        meta(&d, "og:title").as_deref(),
        Some("Sivua ei löytynyt / Sidan hittades inte")
    );
    assert_eq!(
        d.select(&sel("body a"))
            .next()
            .and_then(|a| a.value().attr("href")),
        Some("#main"),
        "skip link first"
    );
    assert_eq!(d.select(&sel("main#main")).count(), 1);
    assert!(d.select(&sel("head link[rel=canonical]")).next().is_none());
    assert_eq!(
        d.select(&sel("meta[name=robots]"))
            .next()
            .and_then(|m| m.value().attr("content")),
        Some("noindex")
    );
    for lang in ["fi", "sv"] {
        let block = d
            .select(&sel(&format!("main [lang={lang}]")))
            .next()
            .unwrap_or_else(|| panic!("no block in {lang}"));
        let hrefs: Vec<&str> = block
            .select(&sel("a"))
            .filter_map(|a| a.value().attr("href"))
            .collect();
        for want in [
            format!("/palvelulupaus/{lang}/"),
            format!("/palvelulupaus/{lang}/results/"),
        ] {
            assert!(hrefs.contains(&want.as_str()), "{lang}: {hrefs:?}");
        }
    }
    let fi_text: String = d
        .select(&sel("main [lang=fi]"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(fi_text.contains("Sivua ei löytynyt"), "{fi_text}");
    let sv_text: String = d
        .select(&sel("main [lang=sv]"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(sv_text.contains("Sidan hittades inte"), "{sv_text}");
}

#[test]
fn pages_carry_open_graph_and_description_from_the_summary() {
    let out = site();
    let d = doc(out, "sv/perhe/neuvola/index.html");
    let summary = "Du får en tid till barnrådgivningen inom sju dagar.";
    assert_eq!(
        meta(&d, "og:title").as_deref(),
        Some("Tid till rådgivningen inom en vecka")
    );
    assert_eq!(meta(&d, "og:description").as_deref(), Some(summary));
    assert_eq!(
        d.select(&sel("meta[name=description]"))
            .next()
            .and_then(|m| m.value().attr("content")),
        Some(summary)
    );
    assert_eq!(
        meta(&d, "og:url"),
        Some(format!("{BASE}/sv/perhe/neuvola/"))
    );
    assert_eq!(meta(&d, "og:url"), canonical(&d));
    assert_eq!(meta(&d, "og:locale").as_deref(), Some("sv_FI"));
    assert_eq!(meta(&d, "og:site_name").as_deref(), Some("Servicelöfte"));
    assert_eq!(meta(&d, "og:type").as_deref(), Some("website"));
    let news = doc(out, "fi/uutinen-1/index.html");
    assert_eq!(meta(&news, "og:type").as_deref(), Some("article"));
    // A fallback's og:url is its canonical, the default-language page.
    let fallback = doc(out, "sv/perhe/kotiapu/index.html");
    assert_eq!(
        meta(&fallback, "og:url"),
        Some(format!("{BASE}/fi/perhe/kotiapu/"))
    );
}

#[test]
fn publishing_output_is_deterministic() {
    let a = read_tree(site());
    let b = build(&common::fixture("publish-site"), &[]);
    b.assert_ok();
    let b = read_tree(&b.out);
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(b[k] == *v, "{k} differs between builds");
    }
}

// ---------------------------------------------------------------------------
// Bad input

#[test]
fn error_base_url_not_absolute_names_its_line() {
    let dir = copy_fixture("publish-site");
    let path = dir.path().join("content/site.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace(
            "base_url: https://lupaus.example.fi/palvelulupaus",
            "base_url: lupaus.example.fi/palvelulupaus",
        ),
    )
    .unwrap();
    let b = build(dir.path(), &[]);
    let line = b
        .run
        .error_starting("content/site.yaml:7:11: `base_url` \"lupaus.example.fi/palvelulupaus\" is not an absolute URL");
    assert!(line.contains("https://"), "{line}");
    b.assert_failed(1);
}

#[test]
fn error_dated_page_with_invalid_date_names_file_and_line() {
    let dir = copy_fixture("publish-site");
    std::fs::write(
        dir.path().join("content/pages/uutinen-3.fi.md"),
        "---\ntitle: Uutinen\ndate: 2025-02-30\n---\n\nTeksti.\n",
    )
    .unwrap();
    let b = build(dir.path(), &[]);
    b.run.error_starting(
        "content/pages/uutinen-3.fi.md:3:7: `date`: \"2025-02-30\" is not a date: that month has 28 days",
    );
    b.assert_failed(1);
}

// ---------------------------------------------------------------------------
// Scaffolding

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn lupaus(args: &[&str]) -> Out {
    let o = common::lupaus_command()
        .args(args)
        .output()
        .expect("run lupaus");
    Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

/// `init`, then: the preview renders it, while `build` and `check` fail on
/// the starter texts only, each at its place.
fn init_builds(languages: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("lupaus");
    let mut args = vec!["init", s(&root)];
    if let Some(l) = languages {
        args.extend(["--languages", l]);
    }
    let init = lupaus(&args);
    assert_eq!(init.code, 0, "{}{}", init.stdout, init.stderr);
    assert_starter_only(&root);
    dir
}

/// The site at `root` previews, and fails to build and check only because
/// of starter text.
fn assert_starter_only(root: &Path) {
    let opts = lupaus::build::BuildOptions {
        root: root.to_path_buf(),
        drafts: false,
        preview: true,
        minify: false,
    };
    let preview = lupaus::build::render_site(&opts).expect("a new site previews");
    assert!(
        preview
            .warnings
            .iter()
            .any(|w| w.message.contains("starter text")),
        "the preview warns about starter text"
    );
    let b = build(root, &[]);
    assert_eq!(b.run.code, 1, "{}", b.run.stderr);
    let errors = b.run.errors();
    assert!(!errors.is_empty());
    for e in &errors {
        assert!(
            e.contains("starter text") || e.contains("is the example that `lupaus init` wrote"),
            "only starter text stops the build: {e}"
        );
    }
    let check = lupaus(&["check", "--root", s(root)]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(check.stdout.contains("starter text"), "{}", check.stdout);
}

#[test]
fn a_new_site_previews_but_names_every_starter_text_in_build() {
    let dir = init_builds(Some("fi,sv"));
    let root = dir.path().join("lupaus");
    let r = lupaus(&["new", "area", "family", "--root", s(&root)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = lupaus(&["new", "commitment", "family", "clinic", "--root", s(&root)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_starter_only(&root);
    let b = build(&root, &[]);
    let errors = b.run.errors();
    // Every value a writer must replace is named, at its line.
    for expected in [
        "content/site.yaml:13:7: \"Esimerkin hyvinvointialue\"",
        "content/site.yaml:17:11: \"https://palvelulupaus.example.fi\"",
        "\"palaute@example.fi\"",
        "\"saavutettavuus@example.fi\"",
        "\"https://example.fi/palaute\"",
        "content/indicators.yaml",
        "content/_index.fi.md",
        "\"§ 1\" of 2025-12-15",
        "content/_index.sv.md",
        "content/areas/health/_index.fi.md",
        "content/areas/health/appointment-within-a-week.sv.md",
        "content/areas/family/_index.fi.md",
        "content/areas/family/_index.sv.md",
        "content/areas/family/clinic.fi.md",
        "content/areas/family/clinic.sv.md:4:8: \"Nytt åtagande\"",
    ] {
        assert!(
            errors.iter().any(|e| e.contains(expected)),
            "no error with {expected}:\n{}",
            b.run.stderr
        );
    }
    // An untouched Swedish file is one error, which names the way out.
    let sv: Vec<_> = errors
        .iter()
        .filter(|e| e.contains("clinic.sv.md"))
        .collect();
    assert_eq!(sv.len(), 1, "{sv:?}");
    assert!(
        sv[0].contains("delete it to publish the page without it"),
        "{sv:?}"
    );
    // An untouched Swedish file is a missing translation in check's list.
    let check = lupaus(&["check", "--root", s(&root)]);
    assert!(
        check.stdout.contains("Missing translations")
            && check.stdout.contains(
                "    content/areas/family/clinic.sv.md (still the starter text: translate the file, or delete it)\n"
            ),
        "{}",
        check.stdout
    );
    // With the texts replaced, it builds.
    common::own_texts(&root);
    let b = build(&root, &[]);
    b.assert_ok();
}

#[test]
fn init_then_build_and_check_succeed_once_texts_are_own() {
    let dir = init_builds(None);
    let root = dir.path().join("lupaus");
    for lang in ["fi", "sv", "en"] {
        for rel in [
            format!("content/_index.{lang}.md"),
            format!("content/areas/health/_index.{lang}.md"),
            format!("content/areas/health/appointment-within-a-week.{lang}.md"),
        ] {
            assert!(root.join(&rel).is_file(), "{rel}");
        }
    }
    assert!(root.join("content/indicators.yaml").is_file());
    assert!(root.join("content/results/2025.csv").is_file());
    let site_yaml = std::fs::read_to_string(root.join("content/site.yaml")).unwrap();
    assert!(site_yaml.contains("MUUTA / CHANGE"), "{site_yaml}");
    assert!(site_yaml.contains("languages: [fi, sv, en]"), "{site_yaml}");
    common::own_texts(&root);
    let b = build(&root, &[]);
    b.assert_ok();
    assert!(b.run.errors().is_empty(), "{}", b.run.stderr);
    // The check has nothing missing or untranslated to report.
    let check = lupaus(&["check", "--root", s(&root)]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert!(check.stdout.contains("\n0 errors"), "{}", check.stdout);
    assert!(
        !check.stdout.contains("Missing translations"),
        "{}",
        check.stdout
    );
    assert!(!check.stdout.contains("Untranslated"), "{}", check.stdout);
}

#[test]
fn init_with_other_languages_builds() {
    init_builds(Some("sv,fi"));
    init_builds(Some("fi,se"));
}

/// The commands `init` suggests work when pasted: a folder with a space
/// is quoted (`--root Oma sivusto` served a folder "Oma"), and the site is
/// named by its full path; `init .` in an empty folder suggests the
/// commands without `--root`, which look in the current folder.
#[test]
fn init_suggests_commands_that_work_when_pasted() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("Oma sivusto");
    let r = lupaus(&["--lang", "en", "init", s(&root)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let quoted = format!("lupaus serve --root \"{}\"", s(&root));
    assert!(r.stdout.contains(&quoted), "{quoted}\n{}", r.stdout);
    assert!(
        r.stdout.contains(&format!("A new site in {}.", s(&root))),
        "{}",
        r.stdout
    );
    let here = tempfile::tempdir().unwrap();
    let o = common::lupaus_command()
        .args(["--lang", "en", "init", "."])
        .current_dir(here.path())
        .output()
        .expect("run lupaus");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.contains("\n  lupaus serve     preview"), "{out}");
    assert!(!out.contains("in .."), "{out}");
}

#[test]
fn init_refuses_a_non_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let r = lupaus(&["init", s(dir.path())]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(s(dir.path())) && r.stderr.contains("not empty"),
        "{}",
        r.stderr
    );
    assert!(!dir.path().join("content").exists(), "nothing created");
    let bad = lupaus(&["init", s(&dir.path().join("x")), "--languages", "FI"]);
    assert_eq!(bad.code, 1);
    assert!(bad.stderr.contains("not a language code"), "{}", bad.stderr);
}

#[test]
fn new_area_and_commitment_create_files_that_build() {
    let dir = init_builds(None);
    let root = dir.path().join("lupaus");
    let r = lupaus(&["new", "area", "family", "--root", s(&root)]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let r = lupaus(&[
        "new",
        "commitment",
        "family",
        "child-clinic",
        "--root",
        s(&root),
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    for lang in ["fi", "sv", "en"] {
        let area = root.join(format!("content/areas/family/_index.{lang}.md"));
        let text = std::fs::read_to_string(&area).unwrap();
        assert!(text.contains("title:") && text.contains("\n# "), "{text}");
        let c = root.join(format!("content/areas/family/child-clinic.{lang}.md"));
        assert!(c.is_file(), "{}", c.display());
    }
    let default =
        std::fs::read_to_string(root.join("content/areas/family/child-clinic.fi.md")).unwrap();
    assert!(default.contains("perspective: availability"), "{default}");
    assert!(default.contains("indicators: []"), "{default}");
    assert_starter_only(&root);
    common::own_texts(&root);
    let b = build(&root, &[]);
    b.assert_ok();
    assert!(b.out.join("sv/family/child-clinic/index.html").is_file());
    let check = lupaus(&["check", "--root", s(&root)]);
    assert_eq!(check.code, 0, "{}", check.stdout);
}

#[test]
fn new_refuses_to_overwrite_and_explains() {
    let dir = init_builds(Some("fi,sv"));
    let root = dir.path().join("lupaus");
    let before = std::fs::read(root.join("content/areas/health/_index.fi.md")).unwrap();

    let r = lupaus(&["new", "area", "health", "--root", s(&root)]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("content/areas/health/_index.fi.md: already exists"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read(root.join("content/areas/health/_index.fi.md")).unwrap(),
        before
    );

    let r = lupaus(&[
        "new",
        "commitment",
        "health",
        "appointment-within-a-week",
        "--root",
        s(&root),
    ]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("content/areas/health/appointment-within-a-week.fi.md: already exists"),
        "{}",
        r.stderr
    );

    let r = lupaus(&["new", "commitment", "healt", "x", "--root", s(&root)]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("lupaus new area healt") && r.stderr.contains("did you mean"),
        "{}",
        r.stderr
    );
    assert!(!root.join("content/areas/healt").exists());

    for bad in ["Perhe", "perhe_palvelut", "x-", "päivä"] {
        let r = lupaus(&["new", "area", bad, "--root", s(&root)]);
        assert_eq!(r.code, 1, "{bad}");
        assert!(r.stderr.contains("lowercase letters"), "{}", r.stderr);
    }
    let r = lupaus(&["new", "area", "results", "--root", s(&root)]);
    assert_eq!(r.code, 1);

    let nowhere = tempfile::tempdir().unwrap();
    let r = lupaus(&["new", "area", "x", "--root", s(nowhere.path())]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("site.yaml") && r.stderr.contains("lupaus init"),
        "{}",
        r.stderr
    );
}

#[test]
fn new_suggests_an_address_name_for_a_name_with_spaces() {
    let dir = init_builds(Some("fi"));
    let root = dir.path().join("lupaus");
    let r = lupaus(&["new", "area", "Ikääntyneiden palvelut", "--root", s(&root)]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("`ikaantyneiden-palvelut`"),
        "{}",
        r.stderr
    );
}

//! Publishing: what a built site offers besides its pages, to search engines,
//! feed readers, and readers who search or follow a broken address.
//!
//! This module owns the files that [`add`] puts into the [`Output`] after the
//! pages are rendered:
//!
//! - `sitemap.xml` and `robots.txt` at the output root ([`sitemap`]);
//! - an Atom feed of dated pages per language, `/<lang>/atom.xml` ([`feeds`]);
//! - a search page `/<lang>/search/` and its index
//!   `/<lang>/search-index.json` per language ([`search`]);
//! - `404.html` at the output root, in every language of the site.
//!
//! It does not decide what is published or where (that is `site`), nor how a
//! page looks (that is `render` and the theme); it reads the site model and
//! renders its two pages through [`Renderer::render_extra`].
//!
//! **Search without WebAssembly.** The built site must run under
//! `Content-Security-Policy: default-src 'self'; script-src 'self'`. Pagefind
//! and similar tools need `'wasm-unsafe-eval'` for their WebAssembly, so they
//! are ruled out: the index is built here, in Rust, with the Snowball
//! stemmers of `rust-stemmers`, and read by a small plain script
//! (`static/js/search.js` of the theme) that needs no stemmer of its own.
//!
//! `search`, `atom.xml` and `search-index.json` are not among the content
//! format's reserved names. A page that claims one of these addresses in a
//! language keeps it: that language then gets no search page (or no feed),
//! with a warning that says how to get it back.

pub mod feeds;
pub mod search;
pub mod sitemap;

use serde_json::json;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Output;
use crate::render::Renderer;
use crate::render::url_to_file;
use crate::site::Site;

/// The search page's path under a language.
pub const SEARCH_PATH: &str = "search/";
/// The search index's path under a language.
pub const SEARCH_INDEX_PATH: &str = "search-index.json";
/// The feed's path under a language.
pub const FEED_PATH: &str = "atom.xml";
/// The script of the search page, under the theme's `static/`.
pub const SEARCH_SCRIPT: &str = "js/search.js";

/// The absolute form of a site URL (`/fi/x/` → `https://example.fi/fi/x/`),
/// from `base_url`, which may have a path of its own. The sitemap, the
/// feeds and the open data need URIs, so letters such as `ä`, kept in a
/// page's address for HTML, are percent-encoded as UTF-8 here
/// (`/fi/yö/` → `/fi/y%C3%B6/`).
pub fn absolute(site: &Site, url: &str) -> String {
    let prefix = site.options.prefix.as_str();
    let path = url.strip_prefix(prefix).unwrap_or(url);
    format!(
        "{}{}",
        site.config.base_url,
        percent_encoding::utf8_percent_encode(path, percent_encoding::CONTROLS)
    )
}

/// The page that takes the address `/<lang>/<path>` (or anything under it)
/// away from a generated file, if any: `(content path, URL)`.
fn claimant<'a>(site: &'a Site, lang: &str, path: &str) -> Option<(&'a str, &'a str)> {
    let url = site.generated_url(lang, path);
    let dir = format!("{}/", url.trim_end_matches('/'));
    site.pages.iter().find_map(|p| {
        let v = p.variant(lang)?;
        let file = if v.fallback { p.default_file } else { v.file };
        (v.url == url || v.url.starts_with(&dir))
            .then(|| (site.files[file].path.as_str(), v.url.as_str()))
    })
}

/// URL of the search page of `lang`, unless a page has taken its address.
pub fn search_url(site: &Site, lang: &str) -> Option<String> {
    claimant(site, lang, SEARCH_PATH)
        .or_else(|| claimant(site, lang, SEARCH_INDEX_PATH))
        .is_none()
        .then(|| site.generated_url(lang, SEARCH_PATH))
}

/// URL of the Atom feed of `lang`: only where there are dated pages (a feed
/// needs a date for its `updated`), and unless a page has taken its address.
pub fn feed_url(site: &Site, lang: &str) -> Option<String> {
    (!site.dated_pages(lang).is_empty() && claimant(site, lang, FEED_PATH).is_none())
        .then(|| site.generated_url(lang, FEED_PATH))
}

/// The Open Graph locale of a language code: its region when it has one
/// (`sv-FI` → `sv_FI`), British English for `en`, and Finland for every
/// other language, as a Finnish county's site uses them (`sv` → `sv_FI`,
/// `se` → `se_FI`).
pub fn og_locale(lang: &str) -> String {
    match lang.split_once('-') {
        Some((l, region)) if region.len() == 2 => format!("{l}_{}", region.to_uppercase()),
        Some((l, _)) => format!("{l}_FI"),
        None if lang == "en" => "en_GB".to_string(),
        None => format!("{lang}_FI"),
    }
}

/// Adds the sitemap, robots.txt, feeds, search pages and indexes, and
/// `404.html` to `out`, which already holds the rendered pages.
pub fn add(renderer: &Renderer<'_>, out: &mut Output, diags: &Diagnostics) {
    let site = renderer.site;
    for lang in &site.config.languages {
        warn_if_claimed(site, lang, diags);
    }
    let mut steps = crate::build::Steps::new();
    add_feeds(renderer, out, diags);
    steps.done("publish: feeds");
    add_search(renderer, out, diags);
    steps.done("publish: search");
    not_found_page(renderer, out, diags);
    match sitemap::sitemap(site, out) {
        Ok((path, xml)) => out.add(path, xml),
        Err(e) => diags.push(write_error(sitemap::PATH, &e)),
    }
    out.add("robots.txt", sitemap::robots(site));
    steps.done("publish: 404, sitemap");
}

/// Adds the Atom feed of every language that has dated pages.
pub fn add_feeds(renderer: &Renderer<'_>, out: &mut Output, diags: &Diagnostics) {
    let site = renderer.site;
    for lang in &site.config.languages {
        if let Some(url) = feed_url(site, lang) {
            match feeds::feed(site, renderer.i18n, lang) {
                Ok(Some(xml)) => out.add(url_to_file(&url, &site.options.prefix), xml),
                Ok(None) => {}
                Err(e) => diags.push(write_error(&url, &e)),
            }
        }
    }
}

/// Adds the search page and index of every language (after the other
/// pages: the index lists the generated pages that `out` holds).
pub fn add_search(renderer: &Renderer<'_>, out: &mut Output, diags: &Diagnostics) {
    let site = renderer.site;
    // One language at a time: an index in the making holds every word of
    // the site (its pages are stemmed in parallel).
    for lang in &site.config.languages {
        if search_url(site, lang).is_some() {
            search::add(renderer, lang, out, diags);
        }
    }
}

/// An error while writing a generated file in memory (not expected: the
/// writers write into a `Vec`).
fn write_error(what: &str, e: &dyn std::fmt::Display) -> Diagnostic {
    Diagnostic::error(
        format!("(generated {what})"),
        format!("cannot write this file ({e}); please report this as a bug of lupaus"),
    )
}

/// Warns once per language and address about a page that takes the address
/// of the search page, its index, or the feed.
fn warn_if_claimed(site: &Site, lang: &str, diags: &Diagnostics) {
    let what = [
        (SEARCH_PATH, "the search page"),
        (SEARCH_INDEX_PATH, "the search index"),
        (FEED_PATH, "the news feed"),
    ];
    for (path, name) in what {
        if let Some((file, url)) = claimant(site, lang, path) {
            let missing = if path == FEED_PATH {
                "the news feed"
            } else {
                "search"
            };
            diags.push(
                Diagnostic::warning(
                    file,
                    format!(
                        "this page has the address {url}, which lupaus uses for {name} of the \"{lang}\" pages, so that language gets no {missing}; rename the file or set another `slug` to have it"
                    ),
                )
                .at(1, None),
            );
        }
    }
}

/// `404.html`: where to go, in every language of the site, each block
/// marked with its `lang`. Its links are root-relative, so it works at any
/// address a server shows it for.
fn not_found_page(renderer: &Renderer<'_>, out: &mut Output, diags: &Diagnostics) {
    let site = renderer.site;
    let default = site.default_lang();
    let has_results = !site.indicators.list.is_empty();
    let blocks: Vec<serde_json::Value> = site
        .config
        .languages
        .iter()
        .map(|lang| {
            json!({
                "lang": lang,
                "t": renderer.i18n.strings(lang),
                "home_url": site.home_url(lang),
                "results_url": has_results.then(|| site.generated_url(lang, "results/")),
                "search_url": search_url(site, lang),
            })
        })
        .collect();
    let url = format!("{}/404.html", site.options.prefix);
    let title = renderer.i18n.get(default, "not_found_title");
    let rendered = renderer.render_extra(default, &url, None, "404.html", |ctx| {
        ctx.insert("blocks", &blocks);
        ctx.insert("page", &json!({"kind": "not_found", "title": title}));
        // Not a page of its own address: no canonical link, not indexed.
        ctx.insert("canonical", "");
        ctx.insert("noindex", &true);
    });
    match rendered {
        Ok((path, html)) => out.add(path, html),
        Err(d) => diags.push(d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SiteConfig;
    use crate::indicators::Indicators;
    use crate::site::Options;

    fn site_with(base_url: &str, prefix: &str) -> Site {
        let yaml =
            format!("title: T\norganisation: O\nbase_url: {base_url}\nlanguages: [fi, sv]\n");
        let diags = Diagnostics::new();
        let config: SiteConfig = crate::config::parse(&yaml, &diags).expect("config");
        let content = crate::content::Content {
            config,
            indicators: Indicators::default(),
            files: Vec::new(),
            results: Vec::new(),
            media: Vec::new(),
            broken: Default::default(),
        };
        crate::site::assemble(
            content,
            Options {
                drafts: false,
                prefix: prefix.to_string(),
            },
            &diags,
        )
    }

    #[test]
    fn absolute_urls_keep_the_base_path_once() {
        let s = site_with("https://x.example/lupaus", "/lupaus");
        assert_eq!(
            absolute(&s, "/lupaus/fi/a/"),
            "https://x.example/lupaus/fi/a/"
        );
        let s = site_with("https://x.example", "");
        assert_eq!(absolute(&s, "/fi/"), "https://x.example/fi/");
    }

    #[test]
    fn absolute_urls_are_ascii() {
        let s = site_with("https://x.example", "");
        assert_eq!(
            absolute(&s, "/fi/päivä%20ja%20yö/"),
            "https://x.example/fi/p%C3%A4iv%C3%A4%20ja%20y%C3%B6/"
        );
    }

    #[test]
    fn open_graph_locales() {
        assert_eq!(og_locale("fi"), "fi_FI");
        assert_eq!(og_locale("sv"), "sv_FI");
        assert_eq!(og_locale("en"), "en_GB");
        assert_eq!(og_locale("se"), "se_FI");
        assert_eq!(og_locale("en-us"), "en_US");
    }

    #[test]
    fn search_page_and_no_feed_without_dated_pages() {
        let s = site_with("https://x.example", "");
        assert_eq!(search_url(&s, "sv").as_deref(), Some("/sv/search/"));
        assert_eq!(feed_url(&s, "sv"), None);
    }
}

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
use crate::site::Route;
use crate::site::Site;
use crate::site::urls::{claimant, feed_url, search_url, url_to_file};

/// The script of the search page, under the theme's `static/`.
pub const SEARCH_SCRIPT: &str = "js/search.js";

/// Adds the sitemap, robots.txt, feeds, search pages and indexes, and
/// `404.html` to `out`, which already holds the rendered pages.
pub fn add(
    renderer: &Renderer<'_>,
    collected: Option<&search::Collector>,
    out: &mut Output,
    diags: &Diagnostics,
) {
    let site = renderer.site;
    for lang in &site.config.languages {
        warn_if_claimed(site, lang, diags);
    }
    let mut steps = crate::timings::Steps::new();
    add_feeds(renderer, out, diags);
    steps.done("publish: feeds");
    add_search(renderer, collected, out, diags);
    steps.done("publish: search");
    not_found_page(renderer, out, diags);
    let entries = sitemap::entries(site, out);
    if let Err(d) = out.add_written(Route::Sitemap.file(site, ""), |w| {
        sitemap::write(&entries, &site.config.base_url, w)
    }) {
        diags.push(d);
    }
    out.add(Route::Robots.file(site, ""), sitemap::robots(site));
    steps.done("publish: 404, sitemap");
}

/// Adds the Atom feed of every language that has dated pages.
/// In a preview, what the feeds read is recorded (see
/// [`crate::render::deps`]).
pub fn add_feeds(renderer: &Renderer<'_>, out: &mut Output, diags: &Diagnostics) {
    let site = renderer.site;
    renderer.record(crate::render::deps::JobId::Feeds, || {
        for lang in &site.config.languages {
            if let Some(url) = feed_url(site, lang) {
                match feeds::feed(site, renderer.i18n, lang) {
                    Ok(Some(xml)) => out.add(url_to_file(&url, &site.options.prefix), xml),
                    Ok(None) => {}
                    Err(e) => diags.push(write_error(&url, &e)),
                }
            }
        }
    });
}

/// Adds the search page and index of every language (after the other
/// pages: the index lists the generated pages that `out` holds), with the
/// pages' words `collected` while they were rendered, if any.
pub fn add_search(
    renderer: &Renderer<'_>,
    collected: Option<&search::Collector>,
    out: &mut Output,
    diags: &Diagnostics,
) {
    let site = renderer.site;
    // One language at a time: the index being finished and written holds
    // every word of the site (a build collected them during the render).
    for lang in &site.config.languages {
        if search_url(site, lang).is_some() {
            search::add(renderer, lang, collected, out, diags);
        }
    }
}

/// An error while writing a generated file in memory (not expected: the
/// writers write into a `Vec`).
fn write_error(what: &str, e: &dyn std::fmt::Display) -> Diagnostic {
    Diagnostic::err(
        format!("(generated {what})"),
        "publish.write_bug",
        vec![("error", e.to_string())],
    )
}

/// Warns once per language and address about a page that takes the address
/// of the search page, its index, or the feed.
fn warn_if_claimed(site: &Site, lang: &str, diags: &Diagnostics) {
    // Catalog words, so the warning speaks the writer's language.
    let what = [
        (Route::Search, "@noun.search_page"),
        (Route::SearchIndex, "@noun.search_index"),
        (Route::Feed, "@noun.news_feed"),
    ];
    for (route, name) in what {
        if let Some((file, url)) = claimant(site, lang, &route.path(lang)) {
            let missing = if route == Route::Feed {
                "@noun.news_feed"
            } else {
                "@noun.search"
            };
            diags.push(
                Diagnostic::warn(
                    file,
                    "publish.claimed",
                    vec![
                        ("url", url.to_string()),
                        ("name", name.to_string()),
                        ("lang", lang.to_string()),
                        ("missing", missing.to_string()),
                    ],
                )
                .at(1, None),
            );
        }
    }
}

/// The 404 page's title: "page not found" in each language of the site,
/// in the configured order, as its body says it ("Sivua ei löytynyt /
/// Sidan hittades inte / Page not found"), so that a tab, a bookmark or a
/// screen reader's first words serve every reader, not only the default
/// language's. A text two languages share (a language without strings of
/// its own shows English) is said once.
fn not_found_title(texts: impl Iterator<Item = String>) -> String {
    let mut said: Vec<String> = Vec::new();
    for text in texts {
        if !text.is_empty() && !said.contains(&text) {
            said.push(text);
        }
    }
    said.join(" / ")
}

/// `404.html`: where to go, in every language of the site, each block
/// marked with its `lang`. Its links are root-relative, so it works at any
/// address a server shows it for.
fn not_found_page(renderer: &Renderer<'_>, out: &mut Output, diags: &Diagnostics) {
    let site = renderer.site;
    let default = site.default_lang();
    let blocks: Vec<serde_json::Value> = site
        .config
        .languages
        .iter()
        .map(|lang| {
            json!({
                "lang": lang,
                "t": renderer.i18n.strings(lang),
                "home_url": site.home_url(lang),
                "results_url": Route::Results.url_if_published(site, lang),
                "search_url": search_url(site, lang),
            })
        })
        .collect();
    let url = Route::NotFound.url(site, default);
    let title = not_found_title(
        site.config
            .languages
            .iter()
            .map(|lang| renderer.i18n.get(lang, "not_found_title")),
    );
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

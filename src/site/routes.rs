//! The route table: every page and file that lupaus generates (everything
//! a build writes that is not a writer's page, a theme file or media), with
//! its address in each language, who may take that address, and whether it
//! is in the sitemap and the search index. It also owns the one list of
//! reserved names ([`RESERVED`]) and of names that yield to a writer's page
//! ([`YIELDING`]).
//!
//! Rendering, publishing, the open data, link resolution and `lupaus new`
//! ask here instead of writing addresses of their own; how an address is
//! made absolute or found on disk is [`super::urls`]'s.

use std::borrow::Cow;

use super::Site;
use super::urls::{claimant, url_to_file};

/// A generated page or file. Content pages (the front page, areas,
/// commitments, free pages) are the writer's and have no route here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Route<'a> {
    /// `/index.html`: leads to the default language's front page.
    Redirect,
    /// `/404.html`: where to go, in every language.
    NotFound,
    /// `/sitemap.xml`.
    Sitemap,
    /// `/robots.txt`.
    Robots,
    /// `/<lang>/accessibility/`: the accessibility statement.
    Accessibility,
    /// `/<lang>/news/`: the dated pages, newest first.
    News,
    /// `/<lang>/atom.xml`: the feed of the dated pages.
    Feed,
    /// `/<lang>/search/`: the search page.
    Search,
    /// `/<lang>/search-index.json`: what the search page searches.
    SearchIndex,
    /// `/<lang>/results/`: the results overview.
    Results,
    /// `/<lang>/results/<id>/`: one indicator's results.
    Indicator(&'a str),
    /// `/<lang>/changes/`: what changed since the previous version.
    Changes,
    /// `/<lang>/document/`: the whole promise on one page.
    Document,
    /// `/css/document-<lang>.css`: the printed document's running header.
    DocumentCss,
    /// `/data/results.csv`: every indicator's results.
    ResultsCsv,
    /// `/data/results.json`: the same as JSON.
    ResultsJson,
    /// `/data/results/<id>.csv`: one indicator's results.
    IndicatorCsv(&'a str),
    /// `/data/results/<id>.json`: the same as JSON.
    IndicatorJson(&'a str),
    /// `/data/promise.json`: the promise as data (see `snapshot`).
    PromiseData,
}

/// Who may have a route's address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// Only lupaus: a writer's page at this address (or under its first
    /// segment, one of [`RESERVED`]) is an error.
    Reserved,
    /// A writer's page that has this address keeps it, and the generated
    /// page or file is not written in that language (for the search page,
    /// its index and the feed, with a warning).
    Yields,
    /// Outside every language's pages (`/404.html`, `/data/…`): no page
    /// can have it.
    Root,
}

/// First URL segments after the language that only generated pages may
/// have, as the content format reserves them (1.1 adds `changes` and
/// `document`): the segments of the [`Claim::Reserved`] routes, and `data`
/// and `media`, the root folders of the open data and the media. The
/// README states this list; a test keeps the two the same.
pub const RESERVED: [&str; 6] = [
    "results",
    "accessibility",
    "data",
    "media",
    "changes",
    "document",
];

/// First URL segments of generated pages that a writer's own page may take
/// instead ([`Claim::Yields`]): not reserved by the format, but no name
/// for a new area.
pub const YIELDING: [&str; 2] = ["news", "search"];

impl<'a> Route<'a> {
    /// Every route that can have a rendered page of its own in a language
    /// (not all are [`Route::published`]), in the order the search index
    /// numbers them.
    pub fn language_pages(site: &'a Site) -> Vec<Route<'a>> {
        let mut routes = vec![
            Route::Accessibility,
            Route::Document,
            Route::Changes,
            Route::News,
        ];
        if !site.indicators.list.is_empty() {
            routes.push(Route::Results);
            routes.extend(
                site.indicators
                    .list
                    .iter()
                    .map(|ind| Route::Indicator(&ind.id)),
            );
        }
        routes
    }

    /// Whether the route has an address in each language (else one for
    /// the whole site).
    pub fn per_language(&self) -> bool {
        !matches!(self.claim(), Claim::Root)
    }

    /// Its path under the language (`results/<id>/`), or under the site's
    /// root for a [`Claim::Root`] route (`data/promise.json`;
    /// `css/document-<lang>.css` has the language in its name).
    pub fn path(&self, lang: &str) -> Cow<'static, str> {
        match self {
            Route::Redirect => "index.html".into(),
            Route::NotFound => "404.html".into(),
            Route::Sitemap => "sitemap.xml".into(),
            Route::Robots => "robots.txt".into(),
            Route::Accessibility => "accessibility/".into(),
            Route::News => "news/".into(),
            Route::Feed => "atom.xml".into(),
            Route::Search => "search/".into(),
            Route::SearchIndex => "search-index.json".into(),
            Route::Results => "results/".into(),
            Route::Indicator(id) => format!("results/{id}/").into(),
            Route::Changes => "changes/".into(),
            Route::Document => "document/".into(),
            Route::DocumentCss => format!("css/document-{lang}.css").into(),
            Route::ResultsCsv => "data/results.csv".into(),
            Route::ResultsJson => "data/results.json".into(),
            Route::IndicatorCsv(id) => format!("data/results/{id}.csv").into(),
            Route::IndicatorJson(id) => format!("data/results/{id}.json").into(),
            Route::PromiseData => "data/promise.json".into(),
        }
    }

    /// Its address with the site's path prefix: `/lupaus/fi/results/`,
    /// `/lupaus/404.html`. A root route ignores `lang` unless it has it in
    /// its name.
    pub fn url(&self, site: &Site, lang: &str) -> String {
        if self.per_language() {
            site.generated_url(lang, &self.path(lang))
        } else {
            format!("{}/{}", site.options.prefix, self.path(lang))
        }
    }

    /// Its file in the output: `fi/results/index.html`, `404.html`.
    pub fn file(&self, site: &Site, lang: &str) -> String {
        url_to_file(&self.url(site, lang), &site.options.prefix)
    }

    /// Who may have its address.
    pub fn claim(&self) -> Claim {
        match self {
            Route::Accessibility
            | Route::Results
            | Route::Indicator(_)
            | Route::Changes
            | Route::Document => Claim::Reserved,
            Route::News | Route::Feed | Route::Search | Route::SearchIndex => Claim::Yields,
            Route::Redirect
            | Route::NotFound
            | Route::Sitemap
            | Route::Robots
            | Route::DocumentCss
            | Route::ResultsCsv
            | Route::ResultsJson
            | Route::IndicatorCsv(_)
            | Route::IndicatorJson(_)
            | Route::PromiseData => Claim::Root,
        }
    }

    /// Whether it is listed in the sitemap when it is written: the pages
    /// with content of their own. The search page says `noindex`; the
    /// redirect and `404.html` are no page of their own address.
    pub fn in_sitemap(&self) -> bool {
        matches!(
            self,
            Route::Accessibility
                | Route::News
                | Route::Results
                | Route::Indicator(_)
                | Route::Changes
                | Route::Document
        )
    }

    /// Whether the search index has an entry for it when it is written
    /// (the pages of the sitemap; the document and the changes page as one
    /// entry each, not their texts).
    pub fn in_search(&self) -> bool {
        self.in_sitemap()
    }

    /// Whether the site has it in `lang`: what it shows exists (dated pages
    /// for the news list and the feed, indicators for the results pages, a
    /// `previous` version for the changes page) and, for a route that
    /// yields, no writer's page has taken its address.
    pub fn published(&self, site: &Site, lang: &str) -> bool {
        let free = || match self.claim() {
            Claim::Yields => claimant(site, lang, &self.path(lang)).is_none(),
            // A reserved address cannot be taken (that is an error); the
            // document checks anyway, as it always did.
            Claim::Reserved => !site.url_taken(&self.url(site, lang)),
            Claim::Root => true,
        };
        match self {
            // As the news list always did: a page at exactly its address.
            Route::News => {
                !site.dated_pages(lang).is_empty() && !site.url_taken(&self.url(site, lang))
            }
            Route::Feed => !site.dated_pages(lang).is_empty() && free(),
            // The search page needs its index and the other way round.
            Route::Search | Route::SearchIndex => {
                claimant(site, lang, &Route::Search.path(lang)).is_none()
                    && claimant(site, lang, &Route::SearchIndex.path(lang)).is_none()
            }
            Route::Results => !site.indicators.list.is_empty(),
            Route::Indicator(id) | Route::IndicatorCsv(id) | Route::IndicatorJson(id) => {
                site.indicators.is_defined(id)
            }
            Route::Changes => site.config.previous.is_some() && free(),
            Route::Document | Route::DocumentCss => {
                !site.url_taken(&Route::Document.url(site, lang))
            }
            _ => free(),
        }
    }

    /// Its URL in `lang` when the site has it there (see [`Route::published`]).
    pub fn url_if_published(&self, site: &Site, lang: &str) -> Option<String> {
        self.published(site, lang).then(|| self.url(site, lang))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;
    use std::collections::BTreeSet;

    /// A site at `https://x.example/lupaus` in fi and sv with one indicator,
    /// one news item in Finnish only, and, with `claims`, a Swedish page at
    /// `/sv/search/` and a Finnish one at `/fi/news/`.
    fn site(claims: bool) -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        let write = |rel: &str, text: &str| crate::site::write_content(dir.path(), rel, text);
        write(
            "site.yaml",
            "title: T\norganisation: O\nbase_url: https://x.example/lupaus\nlanguages: [fi, sv]\n",
        );
        write(
            "indicators.yaml",
            "wait:\n  name: Wait\n  unit: d\n  direction: lower\n  target: 7\n",
        );
        write("_index.fi.md", "---\ntitle: Lupaus\n---\n");
        write(
            "pages/uutinen.fi.md",
            "---\ntitle: Uutinen\ndate: 2025-01-01\nlanguages: [fi]\n---\n",
        );
        if claims {
            write("pages/haku.fi.md", "---\ntitle: Haku\n---\n");
            write("pages/haku.sv.md", "---\ntitle: Sök\nslug: search\n---\n");
            write("pages/news.fi.md", "---\ntitle: Uutiset\n---\n");
        }
        let diags = Diagnostics::new();
        let content = crate::content::load(dir.path(), &diags).expect("content loads");
        let options = crate::site::Options {
            drafts: false,
            prefix: "/lupaus".into(),
            keep_parsed: false,
        };
        let site = crate::site::assemble(content, options, &diags);
        let errors: Vec<_> = diags
            .into_sorted()
            .into_iter()
            .filter(|d| d.is_error())
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        site
    }

    /// Every route, with the indicator `wait`.
    fn every() -> Vec<Route<'static>> {
        vec![
            Route::Redirect,
            Route::NotFound,
            Route::Sitemap,
            Route::Robots,
            Route::Accessibility,
            Route::News,
            Route::Feed,
            Route::Search,
            Route::SearchIndex,
            Route::Results,
            Route::Indicator("wait"),
            Route::Changes,
            Route::Document,
            Route::DocumentCss,
            Route::ResultsCsv,
            Route::ResultsJson,
            Route::IndicatorCsv("wait"),
            Route::IndicatorJson("wait"),
            Route::PromiseData,
        ]
    }

    #[test]
    fn every_route_has_its_address_and_file_in_each_language() {
        let s = site(false);
        let expected = [
            (Route::Redirect, "/lupaus/index.html", "index.html"),
            (Route::NotFound, "/lupaus/404.html", "404.html"),
            (Route::Sitemap, "/lupaus/sitemap.xml", "sitemap.xml"),
            (Route::Robots, "/lupaus/robots.txt", "robots.txt"),
            (
                Route::Accessibility,
                "/lupaus/LANG/accessibility/",
                "LANG/accessibility/index.html",
            ),
            (Route::News, "/lupaus/LANG/news/", "LANG/news/index.html"),
            (Route::Feed, "/lupaus/LANG/atom.xml", "LANG/atom.xml"),
            (
                Route::Search,
                "/lupaus/LANG/search/",
                "LANG/search/index.html",
            ),
            (
                Route::SearchIndex,
                "/lupaus/LANG/search-index.json",
                "LANG/search-index.json",
            ),
            (
                Route::Results,
                "/lupaus/LANG/results/",
                "LANG/results/index.html",
            ),
            (
                Route::Indicator("wait"),
                "/lupaus/LANG/results/wait/",
                "LANG/results/wait/index.html",
            ),
            (
                Route::Changes,
                "/lupaus/LANG/changes/",
                "LANG/changes/index.html",
            ),
            (
                Route::Document,
                "/lupaus/LANG/document/",
                "LANG/document/index.html",
            ),
            (
                Route::DocumentCss,
                "/lupaus/css/document-LANG.css",
                "css/document-LANG.css",
            ),
            (
                Route::ResultsCsv,
                "/lupaus/data/results.csv",
                "data/results.csv",
            ),
            (
                Route::ResultsJson,
                "/lupaus/data/results.json",
                "data/results.json",
            ),
            (
                Route::IndicatorCsv("wait"),
                "/lupaus/data/results/wait.csv",
                "data/results/wait.csv",
            ),
            (
                Route::IndicatorJson("wait"),
                "/lupaus/data/results/wait.json",
                "data/results/wait.json",
            ),
            (
                Route::PromiseData,
                "/lupaus/data/promise.json",
                "data/promise.json",
            ),
        ];
        assert_eq!(
            expected.iter().map(|e| e.0).collect::<Vec<_>>(),
            every(),
            "the table above names every route"
        );
        for (route, url, file) in expected {
            for lang in ["fi", "sv"] {
                assert_eq!(route.url(&s, lang), url.replace("LANG", lang), "{route:?}");
                assert_eq!(
                    route.file(&s, lang),
                    file.replace("LANG", lang),
                    "{route:?}"
                );
            }
        }
    }

    #[test]
    fn claims_match_the_reserved_and_yielding_names() {
        let first = |r: &Route<'_>| r.path("fi").split('/').next().unwrap_or("").to_string();
        let all = every();
        let reserved: BTreeSet<String> = all
            .iter()
            .filter(|r| r.claim() == Claim::Reserved)
            .map(first)
            .collect();
        // The reserved routes' names, and the format's root folders.
        let mut expected: BTreeSet<String> = reserved.clone();
        expected.extend(["data".to_string(), "media".to_string()]);
        assert_eq!(
            RESERVED
                .iter()
                .map(|n| n.to_string())
                .collect::<BTreeSet<_>>(),
            expected
        );
        // A folder route that yields names a page's address; the feed and
        // the index are files, no area's name.
        let yielding: BTreeSet<String> = all
            .iter()
            .filter(|r| r.claim() == Claim::Yields && r.path("fi").ends_with('/'))
            .map(first)
            .collect();
        assert_eq!(
            YIELDING
                .iter()
                .map(|n| n.to_string())
                .collect::<BTreeSet<_>>(),
            yielding
        );
        assert!(reserved.is_disjoint(&yielding));
        for r in &all {
            assert_eq!(r.per_language(), r.claim() != Claim::Root, "{r:?}");
        }
    }

    #[test]
    fn sitemap_and_search_have_the_pages_with_content() {
        let listed: Vec<Route<'_>> = every().into_iter().filter(Route::in_sitemap).collect();
        assert_eq!(
            listed,
            [
                Route::Accessibility,
                Route::News,
                Route::Results,
                Route::Indicator("wait"),
                Route::Changes,
                Route::Document
            ]
        );
        for r in every() {
            assert_eq!(r.in_search(), r.in_sitemap(), "{r:?}");
        }
        // Every page of the sitemap is one that is rendered per language.
        let s = site(false);
        let pages = Route::language_pages(&s);
        assert!(listed.iter().all(|r| pages.contains(r)), "{pages:?}");
    }

    #[test]
    fn published_follows_what_the_site_has_and_who_took_the_address() {
        let s = site(false);
        // News and the feed where there are dated pages: Finnish only.
        assert!(Route::News.published(&s, "fi") && Route::Feed.published(&s, "fi"));
        assert!(!Route::News.published(&s, "sv") && !Route::Feed.published(&s, "sv"));
        assert!(Route::Search.published(&s, "sv"));
        let s = site(true);
        // A writer's page at /fi/news/ keeps it; the feed stays.
        assert!(!Route::News.published(&s, "fi") && Route::Feed.published(&s, "fi"));
        // The Swedish page at search/ keeps it: no search page or index there.
        assert!(Route::Search.published(&s, "fi") && Route::SearchIndex.published(&s, "fi"));
        assert!(!Route::Search.published(&s, "sv") && !Route::SearchIndex.published(&s, "sv"));
        // Results with an indicator; no changes page without `previous`.
        assert!(Route::Results.published(&s, "sv"));
        assert!(Route::Indicator("wait").published(&s, "sv"));
        assert!(!Route::Indicator("nope").published(&s, "sv"));
        assert!(!Route::Changes.published(&s, "fi"));
        assert!(Route::Document.published(&s, "fi") && Route::DocumentCss.published(&s, "sv"));
        assert_eq!(
            Route::Search.url_if_published(&s, "fi").as_deref(),
            Some("/lupaus/fi/search/")
        );
    }

    #[test]
    fn the_readme_states_the_names_as_the_code_has_them() {
        let readme = include_str!("../../README.md");
        let list = |names: &[&str]| {
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        for names in [&RESERVED[..], &YIELDING[..]] {
            let line = format!("({})", list(names));
            assert!(
                readme.replace('\n', " ").contains(&line),
                "README.md should state {line}"
            );
        }
    }
}

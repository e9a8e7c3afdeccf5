//! `sitemap.xml` and `robots.txt` at the output root.
//!
//! The sitemap lists every published page with its own text: each language
//! variant that is not a fallback (a fallback's canonical link points to the
//! default-language page, so it is left out), and the generated pages that
//! the route table puts in it ([`Route::in_sitemap`]: results, indicator
//! pages, accessibility statement, news list, document, changes). Each entry
//! names its real translations as `xhtml:link rel="alternate" hreflang`.
//! Search pages are left out: they have no content of their own and say
//! `noindex`. URLs are absolute, from `base_url`; entries are sorted, so two
//! builds write the same bytes.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::output::Output;
use crate::site::urls::{absolute_path, url_to_file};
use crate::site::{Route, Site};

/// The sitemap's entries: each address with the number of its group of
/// alternates in `groups` (a page's real translations; an empty group for
/// a page in one language), sorted by address. Addresses are kept as
/// [`absolute_path`] gives them, borrowed from the site where nothing is
/// percent-encoded, and made absolute as they are written: at 50,000 pages
/// a copy of every absolute address, twice, was the largest step after
/// the pages.
pub struct Entries<'a> {
    /// Address (after `base_url`) and its group.
    urls: Vec<(Cow<'a, str>, u32)>,
    /// The alternates: (language, address after `base_url`) each.
    groups: Vec<Vec<(&'a str, Cow<'a, str>)>>,
}

impl<'a> Entries<'a> {
    /// Adds a page's real translations, each the others' alternates.
    fn add(&mut self, real: Vec<(&'a str, Cow<'a, str>)>) {
        let group = u32::try_from(self.groups.len()).unwrap_or(u32::MAX);
        for (_, loc) in &real {
            self.urls.push((loc.clone(), group));
        }
        self.groups
            .push(if real.len() > 1 { real } else { Vec::new() });
    }

    /// Sorts the addresses; an address given twice keeps its last group.
    fn sort(&mut self) {
        // Stable: of equal addresses the last added stays last.
        self.urls.sort_by(|a, b| a.0.cmp(&b.0));
        // `dedup_by` keeps the first of a run: the later one's group goes
        // into it before the later one is dropped.
        self.urls.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                kept.1 = later.1;
            }
            same
        });
    }
}

/// Every published page of the sitemap, by address. Only pages that
/// were rendered into `out` are listed.
pub fn entries<'a>(site: &'a Site, out: &Output) -> Entries<'a> {
    let prefix = site.options.prefix.as_str();
    let rendered = |url: &str| out.contains(&url_to_file(url, prefix));
    let mut entries = Entries {
        urls: Vec::new(),
        groups: Vec::new(),
    };
    for page in &site.pages {
        entries.add(
            page.variants
                .iter()
                .filter(|v| !v.fallback && rendered(&v.url))
                .map(|v| (&*v.lang, absolute_path(site, &v.url)))
                .collect(),
        );
    }
    // The generated pages of the route table that belong in a sitemap,
    // where they were rendered; a page's languages are each other's
    // alternates.
    let mut generated: BTreeMap<Route<'_>, Vec<(&str, Cow<'_, str>)>> = BTreeMap::new();
    for lang in &site.config.languages {
        for route in Route::language_pages(site) {
            let url = route.url(site, lang);
            if route.in_sitemap() && rendered(&url) {
                let path = absolute_path(site, &url).into_owned();
                generated
                    .entry(route)
                    .or_default()
                    .push((lang.as_str(), Cow::Owned(path)));
            }
        }
    }
    for real in generated.into_values() {
        entries.add(real);
    }
    entries.sort();
    entries
}

/// Writes `sitemap.xml` of `entries` to `w`, each address after
/// `base_url`.
pub fn write(entries: &Entries<'_>, base_url: &str, w: &mut dyn io::Write) -> io::Result<()> {
    let mut w = Writer::new_with_indent(w, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let mut loc = String::new();
    let mut href = String::new();
    w.create_element("urlset")
        .with_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"))
        .with_attribute(("xmlns:xhtml", "http://www.w3.org/1999/xhtml"))
        .write_inner_content(|w| {
            for (path, group) in &entries.urls {
                loc.clear();
                loc.push_str(base_url);
                loc.push_str(path);
                w.create_element("url").write_inner_content(|w| {
                    w.create_element("loc")
                        .write_text_content(BytesText::new(&loc))?;
                    let alternates = entries.groups.get(*group as usize);
                    for (lang, path) in alternates.into_iter().flatten() {
                        href.clear();
                        href.push_str(base_url);
                        href.push_str(path);
                        w.create_element("xhtml:link")
                            .with_attribute(("rel", "alternate"))
                            .with_attribute(("hreflang", *lang))
                            .with_attribute(("href", href.as_str()))
                            .write_empty()?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    w.into_inner().write_all(b"\n")
}

/// `robots.txt`: everything may be crawled; the sitemap lists the pages.
pub fn robots(site: &Site) -> String {
    format!(
        "# Every page may be crawled; sitemap.xml lists the published pages.\nUser-agent: *\nAllow: /\n\nSitemap: {}/{}\n",
        site.config.base_url,
        Route::Sitemap.path("")
    )
}

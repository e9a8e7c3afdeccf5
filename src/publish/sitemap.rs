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

use std::collections::BTreeMap;
use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::output::Output;
use crate::site::urls::absolute;
use crate::site::urls::url_to_file;
use crate::site::{Route, Site};

/// The sitemap's entries: each absolute URL with the number of its group
/// of alternates in `groups` (a page's real translations; an empty group
/// for a page in one language), sorted by URL. A page's alternates are
/// held once, not once per translation.
pub struct Entries {
    /// URL → its group.
    pub urls: BTreeMap<String, usize>,
    /// The alternates: (language, absolute URL) each.
    pub groups: Vec<Vec<(String, String)>>,
}

impl Entries {
    /// Adds a page's real translations, each the others' alternates.
    fn add(&mut self, real: Vec<(String, String)>) {
        let group = self.groups.len();
        // A URL given twice keeps its last group.
        for (_, loc) in &real {
            self.urls.insert(loc.clone(), group);
        }
        self.groups
            .push(if real.len() > 1 { real } else { Vec::new() });
    }
}

/// Every published page of the sitemap, by absolute URL. Only pages that
/// were rendered into `out` are listed.
pub fn entries(site: &Site, out: &Output) -> Entries {
    let prefix = site.options.prefix.as_str();
    let rendered = |url: &str| out.contains(&url_to_file(url, prefix));
    let mut entries = Entries {
        urls: BTreeMap::new(),
        groups: Vec::new(),
    };
    for page in &site.pages {
        entries.add(
            page.variants
                .iter()
                .filter(|v| !v.fallback && rendered(&v.url))
                .map(|v| (v.lang.to_string(), absolute(site, &v.url)))
                .collect(),
        );
    }
    // The generated pages of the route table that belong in a sitemap,
    // where they were rendered; a page's languages are each other's
    // alternates.
    let mut generated: BTreeMap<Route<'_>, Vec<(String, String)>> = BTreeMap::new();
    for lang in &site.config.languages {
        for route in Route::language_pages(site) {
            let url = route.url(site, lang);
            if route.in_sitemap() && rendered(&url) {
                generated
                    .entry(route)
                    .or_default()
                    .push((lang.clone(), absolute(site, &url)));
            }
        }
    }
    for real in generated.into_values() {
        entries.add(real);
    }
    entries
}

/// Writes `sitemap.xml` of `entries` to `w`.
pub fn write(entries: &Entries, w: &mut dyn io::Write) -> io::Result<()> {
    let mut w = Writer::new_with_indent(w, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("urlset")
        .with_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"))
        .with_attribute(("xmlns:xhtml", "http://www.w3.org/1999/xhtml"))
        .write_inner_content(|w| {
            for (loc, group) in &entries.urls {
                w.create_element("url").write_inner_content(|w| {
                    w.create_element("loc")
                        .write_text_content(BytesText::new(loc))?;
                    for (lang, href) in &entries.groups[*group] {
                        w.create_element("xhtml:link")
                            .with_attribute(("rel", "alternate"))
                            .with_attribute(("hreflang", lang.as_str()))
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

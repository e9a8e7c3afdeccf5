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

/// One `<url>`: its alternates as `(hreflang, absolute URL)`, empty when the
/// page has no translation.
type Entries = BTreeMap<String, Vec<(String, String)>>;

/// Every published page of the sitemap, by absolute URL. Only pages that
/// were rendered into `out` are listed.
pub fn entries(site: &Site, out: &Output) -> Entries {
    let prefix = site.options.prefix.as_str();
    let rendered = |url: &str| out.contains(&url_to_file(url, prefix));
    let mut entries = Entries::new();
    for page in &site.pages {
        let real: Vec<(String, String)> = page
            .variants
            .iter()
            .filter(|v| !v.fallback && rendered(&v.url))
            .map(|v| (v.lang.clone(), absolute(site, &v.url)))
            .collect();
        let alternates = if real.len() > 1 {
            real.clone()
        } else {
            Vec::new()
        };
        for (_, loc) in real {
            entries.insert(loc, alternates.clone());
        }
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
        let alternates = if real.len() > 1 {
            real.clone()
        } else {
            Vec::new()
        };
        for (_, loc) in real {
            entries.insert(loc, alternates.clone());
        }
    }
    entries
}

/// `sitemap.xml` for the pages in `out`: its output path and bytes.
pub fn sitemap(site: &Site, out: &Output) -> io::Result<(String, Vec<u8>)> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("urlset")
        .with_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"))
        .with_attribute(("xmlns:xhtml", "http://www.w3.org/1999/xhtml"))
        .write_inner_content(|w| {
            for (loc, alternates) in entries(site, out) {
                w.create_element("url").write_inner_content(|w| {
                    w.create_element("loc")
                        .write_text_content(BytesText::new(&loc))?;
                    for (lang, href) in &alternates {
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
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    Ok((Route::Sitemap.file(site, ""), bytes))
}

/// `robots.txt`: everything may be crawled; the sitemap lists the pages.
pub fn robots(site: &Site) -> String {
    format!(
        "# Every page may be crawled; sitemap.xml lists the published pages.\nUser-agent: *\nAllow: /\n\nSitemap: {}/{}\n",
        site.config.base_url,
        Route::Sitemap.path("")
    )
}

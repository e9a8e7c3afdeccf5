//! Atom 1.0 feeds of dated pages, one per language: `/<lang>/atom.xml`.
//!
//! A feed lists the language's dated pages (free pages with `date:`), newest
//! first, as [`Site::dated_pages`] orders them, with pages shown in the
//! default language (fallbacks) marked with `xml:lang`. Entry ids are the
//! pages' absolute URLs; `updated` is the page's date at midnight UTC, and
//! the feed's `updated` is its newest entry's, so a feed changes only when
//! its content does (no clock is read). The summary is the page's
//! `summary`; the content is the rendered body, with `xml:base` so that its
//! root-relative links resolve. XML is written with `quick-xml`, which
//! escapes every text and attribute.

use std::io;

use chrono::NaiveDate;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::i18n::I18n;
use crate::markdown;
use crate::site::Route;
use crate::site::urls::absolute;
use crate::site::{Site, links};

/// Atom's namespace.
const ATOM_NS: &str = "http://www.w3.org/2005/Atom";

/// RFC 3339 timestamp of a date at midnight UTC.
pub fn rfc3339(date: NaiveDate) -> String {
    format!("{}T00:00:00Z", date.format("%Y-%m-%d"))
}

/// The feed of `lang`, or `None` when the language has no dated pages.
pub fn feed(site: &Site, i18n: &I18n, lang: &str) -> io::Result<Option<Vec<u8>>> {
    let default = site.default_lang();
    let items = site.dated_pages(lang);
    let Some(updated) = items.iter().filter_map(|(_, v)| v.front.date()).max() else {
        return Ok(None);
    };
    let self_url = absolute(site, &Route::Feed.url(site, lang));
    let news_url = absolute(site, &Route::News.url(site, lang));
    let title = format!(
        "{} – {}",
        site.config.title.text(lang, default),
        i18n.get(lang, "news_title")
    );
    let author = site.config.organisation.text(lang, default);

    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    w.create_element("feed")
        .with_attribute(("xmlns", ATOM_NS))
        .with_attribute(("xml:lang", lang))
        .write_inner_content(|w| {
            w.create_element("id")
                .write_text_content(BytesText::new(&self_url))?;
            w.create_element("title")
                .write_text_content(BytesText::new(&title))?;
            w.create_element("updated")
                .write_text_content(BytesText::new(&rfc3339(updated)))?;
            w.create_element("author").write_inner_content(|w| {
                w.create_element("name")
                    .write_text_content(BytesText::new(&author))?;
                Ok(())
            })?;
            w.create_element("link")
                .with_attribute(("rel", "self"))
                .with_attribute(("type", "application/atom+xml"))
                .with_attribute(("href", self_url.as_str()))
                .write_empty()?;
            w.create_element("link")
                .with_attribute(("rel", "alternate"))
                .with_attribute(("type", "text/html"))
                .with_attribute(("href", news_url.as_str()))
                .write_empty()?;
            for (p, v) in &items {
                crate::render::deps::front(&p.key, &v.lang);
                crate::render::deps::body(&p.key, &v.lang);
                let Some(date) = v.front.date() else { continue };
                let url = absolute(site, &v.url);
                let text_lang = if v.fallback { default } else { lang };
                let summary_lang = if v.inherited.contains(&"summary") {
                    default
                } else {
                    text_lang
                };
                let html = site
                    .body_to_render(v.file)
                    .fill(markdown::NoteWords::default(), |d| {
                        links::resolve(site, lang, d, v.fallback)
                    })
                    .html;
                let mut entry = w.create_element("entry");
                if text_lang != lang {
                    entry = entry.with_attribute(("xml:lang", text_lang));
                }
                entry.write_inner_content(|w| {
                    w.create_element("id")
                        .write_text_content(BytesText::new(&url))?;
                    w.create_element("title")
                        .write_text_content(BytesText::new(v.title()))?;
                    w.create_element("updated")
                        .write_text_content(BytesText::new(&rfc3339(date)))?;
                    w.create_element("published")
                        .write_text_content(BytesText::new(&rfc3339(date)))?;
                    w.create_element("link")
                        .with_attribute(("rel", "alternate"))
                        .with_attribute(("type", "text/html"))
                        .with_attribute(("href", url.as_str()))
                        .write_empty()?;
                    if let Some(summary) = &v.front.summary {
                        let mut el = w.create_element("summary");
                        if summary_lang != text_lang {
                            el = el.with_attribute(("xml:lang", summary_lang));
                        }
                        el.write_text_content(BytesText::new(summary))?;
                    }
                    w.create_element("content")
                        .with_attribute(("type", "html"))
                        .with_attribute(("xml:base", url.as_str()))
                        .write_text_content(BytesText::new(html.trim()))?;
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    Ok(Some(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_midnight_utc() {
        let d = NaiveDate::from_ymd_opt(2026, 2, 16).unwrap();
        assert_eq!(rfc3339(d), "2026-02-16T00:00:00Z");
    }
}

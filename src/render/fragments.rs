//! Fragments of HTML that many pages repeat word for word, minified once.
//!
//! The main menu's entries are the same on every page of a language and
//! area, and the built-in `base.html` shows them twice (behind the menu
//! button and as the bar): on the shared benchmark's content pages they
//! are 2.4 of the 5.5 KB around the body, minified again on every page;
//! the footer, the same on every page of a language, is 0.7 more.
//! A theme marks such HTML with the `repeated` filter
//! (`{{ nav_entries | repeated }}`), which writes its input unchanged and,
//! while a build renders a content page, notes it. The page is then cut
//! where the fragment is, as it is cut where its body is
//! ([`super::Renderer::stash_body`]), and the fragment's minified text is
//! taken from a [`Fragments`] cache: each distinct text is minified once.
//!
//! Minified apart, a fragment must give the bytes it gives minified in
//! its page. It is cut only when it is all of an element's content (its
//! start tag right before it, its end tag right after it), the element
//! one of [`CONTAINERS`], and the first time a text is seen in such an
//! element the cache checks that the element minified whole is its tags
//! around the fragment minified alone; a text that fails stays in its
//! page, minified with it, and so does every fragment of a page whose
//! HTML around its body has a `<pre>`, `<textarea>`, `<svg>` or `<math>`
//! (the minifier's rules inside those are not the element's own). The
//! built-in theme marks the menu's entries (all of a `<ul>`) and the
//! footer's content (all of the `<footer>`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tera::{Kwargs, State, Value};

use crate::output::SlotText;

thread_local! {
    /// The fragments the page being rendered on this thread marked, while
    /// [`recording`] runs.
    static NOTED: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// `{{ html | repeated }}`: `html` as it is; noted for the page being
/// rendered when a build records (see [`recording`]).
pub(super) fn repeated(value: &Value, _: Kwargs, _: &State) -> tera::TeraResult<Value> {
    if let Some(text) = value.as_str() {
        NOTED.with_borrow_mut(|noted| {
            if let Some(noted) = noted
                && !noted.iter().any(|n| n == text)
            {
                noted.push(text.to_string());
            }
        });
    }
    Ok(value.clone())
}

/// Runs `render` (one page's template, on this thread) and returns what
/// it gave with the distinct fragments its `repeated` filter marked.
pub(super) fn recording<R>(render: impl FnOnce() -> R) -> (R, Vec<String>) {
    let before = NOTED.with_borrow_mut(|noted| noted.replace(Vec::new()));
    let made = render();
    let noted = NOTED.with_borrow_mut(|noted| std::mem::replace(noted, before));
    (made, noted.unwrap_or_default())
}

/// The most distinct fragments a build keeps minified: a language's menu
/// has one text per area (its entry marked current) and a few more, so
/// this is far above any site's, and a theme that marks text differing on
/// every page does not make the cache grow with the site.
const MAX_FRAGMENTS: usize = 512;

/// The elements whose whole content may be a fragment cut from its page:
/// those whose content the minifier treats alike wherever they are.
const CONTAINERS: [&str; 6] = ["ul", "ol", "footer", "header", "nav", "div"];

/// Each distinct fragment's minified text, by the element it is all of and
/// its text, or `None` when it is not to be minified apart (see the
/// module's notes).
#[derive(Default)]
pub struct Fragments(Mutex<HashMap<Key, Option<Arc<str>>>>);

/// A fragment in [`Fragments`]: the element it is all of, and its text.
type Key = (&'static str, String);

impl Fragments {
    /// `text`, all of a `parent` element's content, minified, when it may
    /// be minified apart from its page: made and checked the first time,
    /// then taken from the cache.
    fn minified(&self, parent: &'static str, text: &str) -> Option<Arc<str>> {
        let key = (parent, text.to_string());
        if let Some(known) = crate::lock(&self.0).get(&key) {
            return known.clone();
        }
        let made = minified_apart(parent, text);
        let mut known = crate::lock(&self.0);
        if known.len() < MAX_FRAGMENTS {
            known.insert(key, made.clone());
        }
        made
    }

    /// How many distinct fragments are minified apart.
    #[cfg(test)]
    pub(super) fn known(&self) -> usize {
        crate::lock(&self.0)
            .values()
            .filter(|m| m.is_some())
            .count()
    }

    /// `html` (a content page's, cut at its body already) cut at each of
    /// `noted` that is all of an element's content, each cut a slot marker
    /// numbered from `first`; returns the page and the slots' texts, in
    /// the order of their numbers.
    pub(super) fn cut(
        &self,
        mut html: String,
        noted: &[String],
        first: usize,
    ) -> (String, Vec<SlotText>) {
        let mut slots = Vec::new();
        // Inside these the minifier keeps white space, or reads tags as
        // another language's, whatever the fragment's own element is.
        if ["<pre", "<textarea", "<svg", "<math"]
            .iter()
            .any(|tag| html.contains(tag))
        {
            return (html, slots);
        }
        for text in noted {
            let mut from = 0;
            while let Some((at, parent)) = element_content_at(&html, text, from) {
                let Some(minified) = self.minified(parent, text) else {
                    from = at + text.len();
                    continue;
                };
                let marker = crate::output::slot(first + slots.len());
                html.replace_range(at..at + text.len(), &marker);
                slots.push(SlotText {
                    html: minified.to_string(),
                    minified: true,
                });
                from = at + marker.len();
            }
        }
        (html, slots)
    }
}

/// Where, from `from` on, `text` is in `html` as all of the content of
/// one of [`CONTAINERS`], and which: right after the element's start tag
/// and right before its end tag.
fn element_content_at(html: &str, text: &str, from: usize) -> Option<(usize, &'static str)> {
    let mut from = from;
    loop {
        let at = find_whole(html, text, from)?;
        let closes = |name: &str| {
            html[at + text.len()..]
                .strip_prefix("</")
                .and_then(|rest| rest.strip_prefix(name))
                .is_some_and(|rest| rest.starts_with('>'))
        };
        if let Some(name) = ends_with_start_tag(&html[..at], &CONTAINERS).filter(|n| closes(n)) {
            return Some((at, name));
        }
        from = at + 1;
    }
}

/// Where `text` (not empty) is in `html` from byte `from` on. Found by
/// its first bytes, then compared whole: a searcher made for the whole
/// text (a body, a menu: a kilobyte or more) costs more than the search,
/// on every page. Also the body's cut ([`super::Renderer::stash_body`]).
pub(super) fn find_whole(html: &str, text: &str, from: usize) -> Option<usize> {
    if text.is_empty() {
        return None;
    }
    let probe = &text.as_bytes()[..text.len().min(64)];
    let finder = memchr::memmem::Finder::new(probe);
    let mut from = from;
    loop {
        let at = from + finder.find(html.as_bytes().get(from..)?)?;
        if html.as_bytes()[at..].starts_with(text.as_bytes()) {
            return Some(at);
        }
        from = at + 1;
    }
}

/// Which of `names` the start tag that `html` ends with opens (`<name>`
/// or `<name` and attributes, up to its `>`); none when `html` does not
/// end with such a tag.
pub(super) fn ends_with_start_tag(html: &str, names: &[&'static str]) -> Option<&'static str> {
    let open = &html[html.rfind('<')?..];
    if !open.ends_with('>') || open[..open.len() - 1].contains('>') {
        return None;
    }
    names.iter().copied().find(|name| {
        open.strip_prefix('<')
            .and_then(|rest| rest.strip_prefix(name))
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_whitespace() || c == '>'))
    })
}

/// `text` minified on its own, when it is markup (tags, not bare text, at
/// both ends) and a `parent` element holding it, minified whole, is the
/// element's tags around `text` minified alone; else `None`.
fn minified_apart(parent: &str, text: &str) -> Option<Arc<str>> {
    let trimmed = text.trim_matches(|c: char| c.is_ascii_whitespace());
    if !(trimmed.starts_with('<') && trimmed.ends_with('>')) || trimmed.starts_with("<!") {
        return None;
    }
    let (open, close) = (format!("<{parent}>"), format!("</{parent}>"));
    let alone = crate::output::minify_onepass(text.as_bytes())?;
    let whole = crate::output::minify_onepass(format!("{open}{text}{close}").as_bytes())?;
    let same = whole
        .strip_prefix(open.as_bytes())
        .and_then(|rest| rest.strip_suffix(close.as_bytes()))
        .is_some_and(|inner| inner == alone);
    same.then(|| crate::utf8_string(alone).ok())
        .flatten()
        .map(Arc::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ITEMS: &str = "<li><a href=\"/fi/\">Etusivu</a></li>\n<li><a href=\"/fi/a/\" aria-current=\"true\">Alue A</a></li>\n<li class=\"nav-search\"><a href=\"/fi/search/\">Haku</a></li>\n";

    fn page(items: &str) -> String {
        format!(
            "<!DOCTYPE html>\n<html lang=\"fi\">\n<head><title>T</title></head>\n<body>\n<nav>\n  <details>\n    <summary>Valikko</summary>\n    <ul class=\"menu-list\">{items}</ul>\n  </details>\n  <ul class=\"menu-bar\">{items}</ul>\n</nav>\n<main><p>Teksti</p></main>\n</body>\n</html>\n"
        )
    }

    /// The bytes of a page cut at its fragments, each minified apart.
    fn pieced(cut: &str, slots: &[SlotText]) -> Vec<u8> {
        let chrome = crate::output::minify_onepass(cut.as_bytes()).expect("minifies");
        let chrome = String::from_utf8(chrome).expect("text");
        let mut out = String::new();
        let mut rest = chrome.as_str();
        for (n, slot) in slots.iter().enumerate() {
            let marker = crate::output::slot(n);
            let (before, after) = rest.split_once(&marker).expect("marker kept");
            out.push_str(before);
            out.push_str(&slot.html);
            rest = after;
        }
        out.push_str(rest);
        out.into_bytes()
    }

    #[test]
    fn a_menu_minified_once_gives_the_bytes_of_the_page_minified_whole() {
        let html = page(ITEMS);
        let fragments = Fragments::default();
        let (cut, slots) = fragments.cut(html.clone(), &[ITEMS.to_string()], 0);
        assert_eq!(slots.len(), 2, "both lists cut: {cut}");
        assert!(!cut.contains("Etusivu"), "{cut}");
        let whole = crate::output::minify_onepass(html.as_bytes()).expect("minifies");
        assert_eq!(
            String::from_utf8_lossy(&pieced(&cut, &slots)),
            String::from_utf8_lossy(&whole)
        );
        // The second page takes the minified text from the cache.
        assert_eq!(crate::lock(&fragments.0).len(), 1);
        let (_, again) = fragments.cut(html, &[ITEMS.to_string()], 0);
        assert_eq!(again, slots);
    }

    #[test]
    fn a_fragment_that_is_not_all_of_an_element_stays_in_its_page() {
        let fragments = Fragments::default();
        // Text after it in the list.
        let html = page(&format!("{ITEMS}<li>Lisä</li>"));
        let (cut, slots) = fragments.cut(html.clone(), &[ITEMS.to_string()], 0);
        assert!(slots.is_empty() && cut == html);
        // In a paragraph, not a list.
        let html = format!("<p>{ITEMS}</p>");
        let (cut, slots) = fragments.cut(html.clone(), &[ITEMS.to_string()], 0);
        assert!(slots.is_empty() && cut == html);
        // In a page with a <pre> around its body (white space kept).
        let html = format!("<pre>x</pre>{}", page(ITEMS));
        let (cut, slots) = fragments.cut(html.clone(), &[ITEMS.to_string()], 0);
        assert!(slots.is_empty() && cut == html);
        // Text, not markup, at its start.
        let text = "Valikko <span>b</span>";
        let html = format!("<ul>{text}</ul>");
        let (cut, slots) = fragments.cut(html.clone(), &[text.to_string()], 0);
        assert!(slots.is_empty() && cut == html);
        let key = ("ul", text.to_string());
        assert_eq!(crate::lock(&fragments.0).get(&key), Some(&None));
    }

    #[test]
    fn a_fragment_is_minified_apart_only_where_that_gives_the_same_bytes() {
        // In a list, the footer, or a <div>, the minifier drops the
        // spaces between tags as it does at the top level.
        let spans = "<span>a</span> <span>b</span>";
        for parent in CONTAINERS {
            assert_eq!(
                minified_apart(parent, spans).as_deref(),
                Some("<span>a</span><span>b</span>"),
                "{parent}"
            );
        }
        // In a <pre> it keeps them: that text is not cut from its page.
        assert_eq!(minified_apart("pre", spans), None);
    }

    #[test]
    fn the_filter_notes_only_while_a_page_is_recorded() {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html"]);
        tera.register_filter("repeated", repeated);
        tera.add_raw_template(
            "t.html",
            "{% set m %}<li>{{ x }}</li>{% endset %}<ul>{{ m | repeated }}</ul><ul>{{ m | repeated }}</ul>",
        )
        .expect("compiles");
        let mut ctx = tera::Context::new();
        ctx.insert("x", "a & b");
        let expected = "<ul><li>a &amp; b</li></ul><ul><li>a &amp; b</li></ul>";
        let outside = tera.render("t.html", &ctx).expect("renders");
        assert_eq!(outside, expected);
        assert!(NOTED.with_borrow(Option::is_none));
        let (inside, noted) = recording(|| tera.render("t.html", &ctx).expect("renders"));
        assert_eq!(inside, expected);
        assert_eq!(noted, vec!["<li>a &amp; b</li>".to_string()]);
    }
}

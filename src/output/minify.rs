//! HTML minification on the way into the output.
//!
//! `minify-html-onepass` first: it minifies in one pass without building a
//! tree, about twice as fast as `minify-html` and without its per-element
//! allocations (on a 10,000-page build the tree of the full minifier was
//! a quarter of the CPU time; docs/PERFORMANCE.md). It accepts only
//! well-formed HTML (no omitted opening tags, no stray closing tags, no
//! unexpected end), which the built-in themes always give; a page it
//! refuses (a theme's or a writer's raw HTML that the full parser would
//! mend) is minified by `minify-html` instead, so every page is minified
//! whatever its templates write. Both keep `<html lang>`, every attribute
//! and the entities as written; the full minifier also sorts attributes
//! and lowercases the doctype, so a refused page reads slightly
//! differently.
//!
//! The one-pass minifier leaves out two things the HTML syntax requires
//! and browsers forgive (it has no setting for them): the space between
//! attributes after a quoted value (`class="a b"id=c`) and the quotes
//! around a value with `=` in it (a URL's query). [`conform`] puts them
//! back, so the pages stay valid for the Nu HTML checker.

/// `html` minified: by the one-pass minifier, or by the full one when the
/// one-pass minifier refuses it. `html` is let go as soon as it is
/// minified, before the attributes are mended: the whole-promise document
/// page is tens of MB, and it was held three times at once (as rendered,
/// minified and mended).
pub(super) fn html(html: Vec<u8>) -> Vec<u8> {
    if let Some(bytes) = shelved(&html) {
        return bytes;
    }
    match one_pass(&html) {
        Some(bytes) => {
            drop(html);
            conform(&bytes)
        }
        None => minify_html::minify(&html, &full_cfg()),
    }
}

/// `html` minified by the one-pass minifier, its attributes mended; `None`
/// when the one-pass minifier refuses it (then [`html`] would give the
/// full minifier's bytes).
pub(crate) fn onepass(html: &[u8]) -> Option<Vec<u8>> {
    shelved(html).or_else(|| one_pass(html).map(|bytes| conform(&bytes)))
}

/// The largest page whose text is set aside while it is minified: the
/// page is held twice then (as it came and as it goes out), which a page
/// of many megabytes (the whole-promise document in the preview) should
/// not be.
const SHELVED_MAX: usize = 4 << 20;

/// `html` minified by the one-pass minifier with its long runs of plain
/// text set aside (`shelf.rs`), its attributes mended: the same bytes as
/// [`onepass`] gives without setting them aside. `None` when there is
/// nothing to set aside, the page is larger than [`SHELVED_MAX`], or the
/// minifier refuses the page or does not give back every run.
fn shelved(html: &[u8]) -> Option<Vec<u8>> {
    if html.len() > SHELVED_MAX {
        return None;
    }
    let shelf = super::shelf::shelve(html)?;
    let minified = one_pass(&shelf.html)?;
    shelf.restore(&conform(&minified))
}

/// The one-pass minifier's bytes, not mended yet.
fn one_pass(html: &[u8]) -> Option<Vec<u8>> {
    let cfg = minify_html_onepass::Cfg {
        // Scripts and styles are files of the theme; nothing inline to minify.
        minify_js: false,
        minify_css: false,
    };
    minify_html_onepass::copy(html, &cfg).ok()
}

/// Elements whose text is not markup: nothing in them is a tag.
const RAW_TEXT: [&[u8]; 4] = [b"script", b"style", b"textarea", b"title"];

/// Whether the element `name` holds raw text (see [`RAW_TEXT`]).
pub(crate) fn is_raw_text(name: &[u8]) -> bool {
    RAW_TEXT.iter().any(|r| name.eq_ignore_ascii_case(r))
}

/// Where the text of raw-text element `name` that starts at `at` ends: at
/// its end tag, or at the end of `html`.
pub(crate) fn raw_text_end(html: &[u8], mut at: usize, name: &[u8]) -> usize {
    while let Some(lt) = memchr::memmem::find(&html[at..], b"</").map(|i| i + at) {
        let after = lt + 2;
        if html
            .get(after..after + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
        {
            return lt;
        }
        at = after;
    }
    html.len()
}

/// Where the comment that opens at `lt` (`<!--`) ends: after its `-->`, or
/// at the end of `html`.
pub(crate) fn comment_end(html: &[u8], lt: usize) -> usize {
    memchr::memmem::find(&html[lt..], b"-->").map_or(html.len(), |i| lt + i + 3)
}

/// `html` with a space after every quoted attribute value that another
/// attribute follows, and quotes around every unquoted value holding a
/// character that the syntax allows only in a quoted one (`=`, quotes,
/// `<`, `` ` ``). Everything else is copied as it is.
fn conform(html: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(html.len() + html.len() / 32);
    let mut at = 0;
    while let Some(lt) = memchr::memchr(b'<', &html[at..]).map(|i| i + at) {
        out.extend_from_slice(&html[at..lt]);
        at = if html.get(lt + 1).is_some_and(u8::is_ascii_alphabetic) {
            start_tag(html, lt, &mut out)
        } else if html[lt..].starts_with(b"<!--") {
            let end = comment_end(html, lt);
            out.extend_from_slice(&html[lt..end]);
            end
        } else {
            out.push(b'<');
            lt + 1
        };
    }
    out.extend_from_slice(&html[at..]);
    out
}

/// Copies the start tag at `lt` into `out`, mended (see [`conform`]), and
/// the text of a raw-text element after it; returns where copying goes on.
fn start_tag(html: &[u8], lt: usize, out: &mut Vec<u8>) -> usize {
    let ends_name = |b: u8| b.is_ascii_whitespace() || b == b'>' || b == b'/';
    let mut at = lt + 1;
    while at < html.len() && !ends_name(html[at]) {
        at += 1;
    }
    let name = &html[lt + 1..at];
    out.extend_from_slice(&html[lt..at]);
    while at < html.len() {
        match html[at] {
            b'>' => {
                out.push(b'>');
                at += 1;
                if is_raw_text(name) {
                    let end = raw_text_end(html, at, name);
                    out.extend_from_slice(&html[at..end]);
                    return end;
                }
                return at;
            }
            b if b.is_ascii_whitespace() || b == b'/' => {
                out.push(b);
                at += 1;
            }
            _ => {
                // An attribute: its name, then its value after `=`.
                let start = at;
                while at < html.len() && !ends_name(html[at]) && html[at] != b'=' {
                    at += 1;
                }
                out.extend_from_slice(&html[start..at]);
                if html.get(at) == Some(&b'=') {
                    out.push(b'=');
                    at = value(html, at + 1, out);
                }
            }
        }
    }
    at
}

/// Copies the attribute value at `at` into `out`, quoted when it must be,
/// with a space after a quoted one that another attribute follows; returns
/// where the value ends.
fn value(html: &[u8], at: usize, out: &mut Vec<u8>) -> usize {
    match html.get(at) {
        Some(&q) if q == b'"' || q == b'\'' => {
            let end = memchr::memchr(q, &html[at + 1..]).map_or(html.len(), |i| at + 1 + i + 1);
            out.extend_from_slice(&html[at..end]);
            if html
                .get(end)
                .is_some_and(|&b| !(b.is_ascii_whitespace() || b == b'>' || b == b'/'))
            {
                out.push(b' ');
            }
            end
        }
        _ => {
            let mut end = at;
            while end < html.len() && !(html[end].is_ascii_whitespace() || html[end] == b'>') {
                end += 1;
            }
            let text = &html[at..end];
            if text
                .iter()
                .any(|b| matches!(b, b'=' | b'"' | b'\'' | b'<' | b'`'))
            {
                out.push(b'"');
                for &b in text {
                    if b == b'"' {
                        out.extend_from_slice(b"&#34;");
                    } else {
                        out.push(b);
                    }
                }
                out.push(b'"');
            } else {
                out.extend_from_slice(text);
            }
            end
        }
    }
}

/// How `minify-html` is set: standards-compliant output that the Nu HTML
/// checker accepts (quoted attribute values where needed, the full
/// doctype, entities as written); `<html lang>` and every other attribute
/// are kept.
fn full_cfg() -> minify_html::Cfg {
    minify_html::Cfg {
        keep_html_and_head_opening_tags: true,
        minify_js: false,
        minify_css: false,
        ..minify_html::Cfg::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<!DOCTYPE html>\n<html lang=\"fi\">\n<head>\n<meta charset=\"utf-8\">\n<title>T</title>\n</head>\n<body>\n<main>\n<p lang=\"sv\">  a  <b>b</b> </p>\n<ul>\n<li>yksi</li>\n<li>kaksi</li>\n</ul>\n</main>\n</body>\n</html>\n";

    #[test]
    fn well_formed_html_is_minified_in_one_pass() {
        let out = String::from_utf8(html(PAGE.as_bytes().to_vec())).unwrap();
        assert!(out.len() < PAGE.len(), "{out}");
        assert!(out.contains("<html lang=fi><head>"), "{out}");
        assert!(out.contains("<p lang=sv>a <b>b</b>"), "{out}");
        // The one-pass minifier keeps the doctype as written; the full one
        // would write `<!doctype html>`.
        assert!(out.starts_with("<!DOCTYPE html>"), "{out}");
    }

    #[test]
    fn attributes_are_spaced_and_quoted_as_the_syntax_requires() {
        let mended = |s: &str| String::from_utf8(conform(s.as_bytes())).unwrap();
        assert_eq!(
            mended("<p class=\"a b\"id=c title='x y'lang=fi>t \"q\"x</p>"),
            "<p class=\"a b\" id=c title='x y' lang=fi>t \"q\"x</p>"
        );
        assert_eq!(
            mended("<a href=/s?a=1&amp;b=2 rel=x>k</a><br/><img alt=\"\"/>"),
            "<a href=\"/s?a=1&amp;b=2\" rel=x>k</a><br/><img alt=\"\"/>"
        );
        assert_eq!(mended("<a href=x\"y>k</a>"), "<a href=\"x&#34;y\">k</a>");
        // Text, comments and raw text are left as they are.
        let text = "<title>a=\"b\"c <i x=\"y\"z></title><!-- <b c=\"d\"e> --><p>1 < 2 = \"3\"x";
        assert_eq!(mended(text), text);
        // What the one-pass minifier writes of a real page passes through.
        let page = String::from_utf8(html(PAGE.as_bytes().to_vec())).unwrap();
        assert_eq!(mended(&page), page);
    }

    use proptest::prelude::*;

    /// Text: words, white space of every kind, entities whole and broken,
    /// a stray `<`, and the mark itself now and then.
    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                6 => "[a-zA-Zäö.,:;/>0-9-]{1,14}",
                4 => Just(" ".to_string()),
                1 => prop::sample::select(vec!["  ", "\n", "\t", "\n  ", " \r\n", "\u{c}"]).prop_map(String::from),
                1 => prop::sample::select(vec![
                    "&amp;", "&lt;", "&gt;", "&#112;", "&am", "&", "&quot;", "&nbsp;", "&LT", "< ", "<", "&amp", "\u{E00F}",
                ])
                .prop_map(String::from),
            ],
            0..24,
        )
        .prop_map(|v| v.concat())
    }

    /// An attribute as a template or a writer might write it.
    fn attribute() -> impl Strategy<Value = String> {
        let name = prop::sample::select(vec![
            "href",
            "HREF",
            "src",
            "class",
            "id",
            "title",
            "content",
            "type",
            "for",
            "aria-labelledby",
            "lang",
            "value",
        ]);
        let value = prop::sample::select(vec![
            "/fi/s0/p120/",
            "https://example.org/fi/",
            "status status-met",
            "commitment-link",
            "text",
            "a=b",
            "x&amp;y",
            "it's",
            "say \"hi\"",
            "",
            "a>b",
            "`tick`",
            "perspective-availability",
            "\u{E00F}abcdefgh",
            "/search?q=abcdef",
            "/s?a=1&amp;b=2",
            "it's a long value",
            "long>value",
            "`ticked-value`",
            "text\tvalue",
        ]);
        let quote = prop::sample::select(vec!["\"", "'", ""]);
        (name, value, quote).prop_map(|(n, v, q)| {
            if q.is_empty() && (v.is_empty() || v.contains([' ', '"', '\'', '>', '='])) {
                format!(" {n}=\"{v}\"")
            } else if v.contains(q) && !q.is_empty() {
                format!(" {n}")
            } else {
                format!(" {n}={q}{v}{q}")
            }
        })
    }

    /// A fragment of HTML: text and elements of the kinds pages hold,
    /// nested.
    fn fragment() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            4 => text(),
            1 => (
                prop::sample::select(vec!["br", "img", "input", "meta", "link", "path", "span"]),
                prop::collection::vec(attribute(), 0..3),
                prop::sample::select(vec![">", "/>", " />"]),
            )
                .prop_map(|(t, a, end)| format!("<{t}{}{end}", a.concat())),
            1 => prop::sample::select(vec![
                "<!-- a comment -->", "<!DOCTYPE html>", "<script>let a = 'long enough text';</script>",
                "<title>A title long enough</title>", "<textarea>  kept  as   is </textarea>", "<br/>",
            ])
            .prop_map(String::from),
        ];
        leaf.prop_recursive(4, 64, 6, |inner| {
            (
                prop::sample::select(vec![
                    "p", "b", "a", "li", "ul", "div", "span", "pre", "code", "h2", "td", "svg",
                    "main",
                ]),
                prop::collection::vec(attribute(), 0..3),
                prop::collection::vec(inner, 0..6),
            )
                .prop_map(|(t, a, c)| format!("<{t}{}>{}</{t}>", a.concat(), c.concat()))
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Setting text aside changes no byte of what the minifier
        /// writes (`shelf.rs`), and a page the one-pass minifier refuses
        /// is refused shelved too.
        #[test]
        fn shelving_changes_no_byte(html in fragment()) {
            let plain = one_pass(html.as_bytes()).map(|b| conform(&b));
            if let Some(shelved) = shelved(html.as_bytes()) {
                prop_assert_eq!(
                    Some(String::from_utf8_lossy(&shelved).into_owned()),
                    plain.map(|p| String::from_utf8_lossy(&p).into_owned()),
                    "{}", html
                );
            }
        }
    }

    #[test]
    fn html_the_one_pass_minifier_refuses_is_minified_in_full() {
        // A stray closing tag: refused by the one-pass minifier.
        let broken = "<div>\n<p>a</p>\n</span>\n</div>\n<p>  b  </p>\n";
        assert!(
            minify_html_onepass::copy(broken.as_bytes(), &minify_html_onepass::Cfg::new()).is_err()
        );
        let out = String::from_utf8(html(broken.as_bytes().to_vec())).unwrap();
        assert!(out.len() < broken.len(), "{out}");
        assert!(out.contains("<p>b"), "{out}");
    }
}

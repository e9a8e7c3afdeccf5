//! A body's HTML nested into the whole-promise document: its headings some
//! levels down and its anchors prefixed with the commitment's, so that the
//! page's headings stay in order and no two bodies' anchors collide.
//!
//! The rewrite reads tags, not text: it works the same on a body as
//! Markdown rendered it (`id="x"`) and on the body minified (`id=x`), so
//! that a build nests the minified body its content page already made
//! instead of minifying every body a second time for the document (see
//! `Renderer::render_work`). Nesting and minifying give the same bytes in
//! either order: the minifier treats `<h2>` and `<h4>` alike, and the
//! prefix (an anchor, see [`is_plain_prefix`]) never changes how a value is
//! quoted.

use crate::output::{comment_end, is_raw_text, raw_text_end};

/// The anchor of the document page's section that shows the page at an
/// address (`/fi/health/` → `a-health`), if one does.
pub(super) type SectionOf<'s> = dyn Fn(&str) -> Option<String> + 's;

/// `html` with its `h2`–`h5` headings `deeper` levels down (at most `h6`),
/// and `prefix` and a hyphen put before every `id` value and every
/// fragment (`href="#…"`) of its tags. A link to a page that has a
/// section on the document too (`section_of` its address) goes to that
/// section on the same page (`href="#c-health-ambulance"`), when it names no place in
/// that page (`/fi/health/#x` is kept). Text, comments and the insides of
/// `script`, `style`, `textarea` and `title` are left as they are.
pub(super) fn nest(html: &str, prefix: &str, deeper: u8, section_of: &SectionOf<'_>) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    // Copied into `out` up to here.
    let mut copied = 0;
    let insert = |out: &mut String, copied: &mut usize, at: usize, what: &str| {
        out.push_str(&html[*copied..at]);
        out.push_str(what);
        *copied = at;
    };
    let with_hyphen = format!("{prefix}-");
    let mut at = 0;
    while let Some(lt) = memchr::memchr(b'<', &bytes[at..]).map(|i| i + at) {
        if bytes[lt + 1..].starts_with(b"!--") {
            at = comment_end(bytes, lt);
            continue;
        }
        let closing = bytes.get(lt + 1) == Some(&b'/');
        let name_at = lt + 1 + usize::from(closing);
        let name_end = name_at
            + bytes[name_at..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
        let name = &bytes[name_at..name_end];
        if name.is_empty() || !name[0].is_ascii_alphabetic() {
            at = lt + 1;
            continue;
        }
        if let Some(level) = heading_level(name) {
            let new = if deeper > 0 {
                (level + deeper).min(6)
            } else {
                level
            };
            insert(&mut out, &mut copied, name_at + 1, &new.to_string());
            // The old level's digit is not copied.
            copied = name_at + 2;
        }
        if closing {
            at = name_end;
            continue;
        }
        at = attributes(bytes, name_end, |attr, value, end| {
            if attr.eq_ignore_ascii_case(b"id") {
                insert(&mut out, &mut copied, value, &with_hyphen);
            } else if attr.eq_ignore_ascii_case(b"href") && bytes.get(value) == Some(&b'#') {
                insert(&mut out, &mut copied, value + 1, &with_hyphen);
            } else if attr.eq_ignore_ascii_case(b"href")
                && let Some(anchor) = section_of(&html[value..end])
            {
                insert(&mut out, &mut copied, value, &format!("#{anchor}"));
                // The address is not copied.
                copied = end;
            }
        });
        if is_raw_text(name) {
            at = raw_text_end(bytes, at, name);
        }
    }
    out.push_str(&html[copied..]);
    out
}

/// The level of a heading `h2`–`h5` (those [`nest`] moves down).
fn heading_level(name: &[u8]) -> Option<u8> {
    match name {
        [h, l @ b'2'..=b'5'] if h.eq_ignore_ascii_case(&b'h') => Some(l - b'0'),
        _ => None,
    }
}

/// Reads the attributes of the start tag whose name ends at `at`, calling
/// `each` with every attribute's name and where its value starts and ends
/// (inside the quotes of a quoted one); returns where the tag ends.
fn attributes(bytes: &[u8], mut at: usize, mut each: impl FnMut(&[u8], usize, usize)) -> usize {
    let skip_space = |at: &mut usize| {
        while bytes.get(*at).is_some_and(u8::is_ascii_whitespace) {
            *at += 1;
        }
    };
    loop {
        skip_space(&mut at);
        match bytes.get(at) {
            None => return at,
            Some(b'>') => return at + 1,
            Some(b'/') => {
                at += 1;
                continue;
            }
            Some(_) => {}
        }
        let name_at = at;
        while bytes
            .get(at)
            .is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>' | b'/'))
        {
            at += 1;
        }
        let name = &bytes[name_at..at];
        skip_space(&mut at);
        if bytes.get(at) != Some(&b'=') {
            continue;
        }
        at += 1;
        skip_space(&mut at);
        match bytes.get(at) {
            Some(&quote @ (b'"' | b'\'')) => {
                let end =
                    memchr::memchr(quote, &bytes[at + 1..]).map_or(bytes.len(), |i| at + 1 + i);
                each(name, at + 1, end);
                at = (end + 1).min(bytes.len());
            }
            Some(_) => {
                let value = at;
                while bytes
                    .get(at)
                    .is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>')
                {
                    at += 1;
                }
                each(name, value, at);
            }
            None => return at,
        }
    }
}

/// Whether `prefix` can be put before an attribute value without changing
/// how a minifier quotes it: no space, quote, `=`, `<`, `>` or backtick.
pub(super) fn is_plain_prefix(prefix: &str) -> bool {
    !prefix
        .bytes()
        .any(|b| b.is_ascii_whitespace() || matches!(b, b'"' | b'\'' | b'=' | b'<' | b'>' | b'`'))
}

#[cfg(test)]
mod tests {
    use super::nest;
    use std::collections::HashMap;

    /// No page has a section.
    fn none(_: &str) -> Option<String> {
        None
    }

    /// The sections of `map`, by address.
    fn of<'m>(map: &'m HashMap<&str, String>) -> impl Fn(&str) -> Option<String> + 'm {
        |url| map.get(url).cloned()
    }

    #[test]
    fn nested_bodies_get_deeper_headings_and_their_own_anchors() {
        let html = "<h2 id=\"mita\">Mitä</h2>\n<h3 id=\"x\">X</h3><a href=\"#mita\">m</a>";
        assert_eq!(
            nest(html, "c-a-b", 2, &none),
            "<h4 id=\"c-a-b-mita\">Mitä</h4>\n<h5 id=\"c-a-b-x\">X</h5><a href=\"#c-a-b-mita\">m</a>"
        );
        // Deeper than h6 stays h6; the promise's own body keeps its levels.
        assert_eq!(
            nest("<h4>a</h4><h5 id=\"b\">b</h5>", "c", 2, &none),
            "<h6>a</h6><h6 id=\"c-b\">b</h6>"
        );
        assert_eq!(
            nest(
                "<h2 id=\"a\">a</h2><a href=\"#a\">x</a>",
                "promise",
                0,
                &none
            ),
            "<h2 id=\"promise-a\">a</h2><a href=\"#promise-a\">x</a>"
        );
    }

    #[test]
    fn minified_tags_are_nested_as_written_ones() {
        assert_eq!(
            nest(
                "<h2 id=a>A</h2><p>x<a href=#a>m</a><a href=/x#a>o</a>",
                "c",
                2,
                &none
            ),
            "<h4 id=c-a>A</h4><p>x<a href=#c-a>m</a><a href=/x#a>o</a>"
        );
        // Any quoting and case, attributes after a quoted value without a space.
        assert_eq!(
            nest("<H3 class=\"k l\"ID='q'>Q</H3 >", "c", 1, &none),
            "<H4 class=\"k l\"ID='c-q'>Q</H4 >"
        );
    }

    #[test]
    fn text_comments_and_scripts_are_left_as_they_are() {
        let html = "<p>Write id=\"x\" and href=\"#y\" in text, &lt;h2&gt; too</p>\
                    <!-- <h2 id=\"c\"> --><script>let s = '<h2 id=\"s\">';</script><pre>&lt;h3&gt;</pre>";
        assert_eq!(nest(html, "c", 2, &none), html);
    }

    /// Nesting and then minifying, as the document did, gives the bytes of
    /// minifying and then nesting, as a build does now.
    #[test]
    fn nesting_and_minifying_commute() {
        let bodies = [
            "<p>Text with a <a href=\"#osa\">link</a> and <a href=\"https://x.fi/?a=1&amp;b=2#k\">another</a>.</p>\n\
             <h2 id=\"osa\">Osa</h2>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n\
             <h3 id=\"ala-osa\">Ala</h3>\n<p>End, <a href=\"/fi/alue/\">alue</a>.</p>\n",
            "<h2 id=\"a\">A</h2>\n<blockquote>\n<p>q</p>\n</blockquote>\n<pre><code>  code &lt;h2&gt;\n</code></pre>\n\
             <h5 id=\"e\">E</h5>\n<p><img src=\"k.png\" alt=\"Kuva\"></p>\n",
            "<div class=\"note\" id='raw'>\n<p>Raw HTML</p>\n</div>\n<table><thead><tr><th>a</th></tr></thead>\
             <tbody><tr><td>1</td></tr></tbody></table>\n",
        ];
        for raw in bodies {
            let minified = |s: &str| {
                let bytes = crate::output::minify_onepass(s.as_bytes()).expect("minifies");
                String::from_utf8(bytes).expect("UTF-8")
            };
            let sections: HashMap<&str, String> = [("/fi/alue/", "a-alue".to_string())].into();
            let then_minified = minified(&nest(raw, "c-alue-lupaus", 2, &of(&sections)));
            let then_nested = nest(&minified(raw), "c-alue-lupaus", 2, &of(&sections));
            assert_eq!(then_minified, then_nested, "{raw}");
        }
    }

    /// A link to a page the document shows goes to its section on the
    /// same page, quoted or not; one to a place inside that page, or to any
    /// other page, is left as it is.
    #[test]
    fn links_to_pages_the_document_shows_go_to_their_sections() {
        let sections: HashMap<&str, String> = [
            ("/fi/alue/", "a-alue".to_string()),
            ("/fi/alue/lupaus/", "c-alue-lupaus".to_string()),
        ]
        .into();
        assert_eq!(
            nest(
                "<p><a href=\"/fi/alue/lupaus/\">a</a> <a class=k href=/fi/alue/>b</a> \
                 <a href='/fi/alue/lupaus/#x'>c</a> <a href=\"/fi/muu/\">d</a> \
                 <a href=\"/fi/alue/lupaus/x\">e</a> <a href=\"#y\">f</a></p>",
                "c-toinen",
                2,
                &of(&sections)
            ),
            "<p><a href=\"#c-alue-lupaus\">a</a> <a class=k href=#a-alue>b</a> \
             <a href='/fi/alue/lupaus/#x'>c</a> <a href=\"/fi/muu/\">d</a> \
             <a href=\"/fi/alue/lupaus/x\">e</a> <a href=\"#c-toinen-y\">f</a></p>"
        );
        // Text that looks like a link is text.
        let text = "<p>href=\"/fi/alue/\"</p>";
        assert_eq!(nest(text, "c", 2, &of(&sections)), text);
    }

    #[test]
    fn a_prefix_with_a_quote_or_space_is_not_plain() {
        assert!(super::is_plain_prefix("c-perhe-ä-1"));
        assert!(!super::is_plain_prefix("c a"));
        assert!(!super::is_plain_prefix("c\"a"));
    }
}

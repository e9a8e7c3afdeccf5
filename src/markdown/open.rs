//! A body's HTML with its links left open: written once, filled in each
//! language the body is shown in.
//!
//! Most of a body's HTML is the same wherever it is shown. Three things are
//! not: a link's address (resolved in the language of the page showing it:
//! `@/` links, an anchor the language's copy lacks), an image's address,
//! and the words a screen reader hears beside a footnote's number (the
//! theme's, in the body's language). [`open`](super::open()) writes the
//! rest and leaves a hole ([`HOLE`]) for each of them; [`OpenBody::fill`]
//! writes them in. Every render goes this way ([`super::render_body`]), so
//! a build can write a body open as it reads the file, keep it on disk, and
//! fill it where the page is rendered, without parsing the Markdown again
//! (`crate::site::bodies`).

use pulldown_cmark_escape::{escape_href, escape_html};
use serde::{Deserialize, Serialize};

use super::{
    Body, NoteWords, Parsed, PlainText, Problems, Resolved, hidden, link_open, note_back_link,
};
use crate::diagnostics::Message;

/// The byte that marks a hole in an open body's HTML. Nothing else the
/// writer writes has it unless the body's own text does, and then the body
/// is not kept open (the marks are counted, [`super::open()`]).
pub(super) const HOLE: char = '\0';

/// [`HOLE`] as the text written for a hole.
pub(super) const HOLE_STR: &str = "\0";

/// Whether `html` has a mark for each of `holes` and no other: a body
/// whose own text has the mark's byte, or bytes read back that are not a
/// kept body, have more or fewer.
pub(super) fn marks_fit(html: &str, holes: &[Hole]) -> bool {
    memchr::memchr_iter(HOLE as u8, html.as_bytes()).count() == holes.len()
}

/// What fills a hole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Hole {
    /// A link's opening tag, `<a href="…"` to the `>`, its address
    /// resolved: `dest` and `title` as written, `email` for an address
    /// written `<name@example.fi>`, its place in the body for a problem.
    Link {
        /// The address as written.
        dest: String,
        /// Its title as written.
        title: String,
        /// Written as an e-mail address (the HTML says `mailto:`).
        email: bool,
        /// 1-based line within the body.
        line: usize,
        /// 1-based column within that line.
        column: usize,
    },
    /// `<img src="` and an image's address, resolved (the writer's own
    /// `<img src="` for an empty address follows the hole).
    Image {
        /// The address as written.
        dest: String,
        /// 1-based line within the body.
        line: usize,
        /// 1-based column within that line.
        column: usize,
    },
    /// A footnote reference's words for screen readers.
    NoteReference,
    /// Note `n`'s link back to its reference.
    NoteBack(usize),
}

/// What a [`super::BodyWriter`] wrote: the HTML (open or not), the
/// problems, the holes left.
pub(super) struct Written {
    pub html: String,
    pub errors: Vec<(usize, usize, Message)>,
    pub warnings: Vec<(usize, usize, Message)>,
    pub holes: Vec<Hole>,
    /// A hole fell inside an image's alt text.
    pub misplaced_hole: bool,
}

/// A body's HTML with a hole for each link, image and footnote's words
/// (see the module's notes), with the problems parsing found.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenBody {
    pub(super) html: String,
    pub(super) holes: Vec<Hole>,
    pub(super) errors: Vec<(usize, usize, Message)>,
    pub(super) warnings: Vec<(usize, usize, Message)>,
}

/// What a build keeps on disk of a body between reading its file and
/// rendering its page (`crate::site::bodies`): its HTML open, and its
/// plain text, which the search index reads where the page is rendered.
/// Only a body without problems is kept (a body with some is parsed again
/// where it is rendered, and its problems told from there).
#[derive(Debug, Clone, PartialEq)]
pub struct KeptBody {
    /// The HTML, open.
    pub open: OpenBody,
    /// The text, for the search index.
    pub text: PlainText,
}

/// A [`KeptBody`] as it is written.
#[derive(Serialize)]
struct RecordOut<'a> {
    html: &'a str,
    holes: &'a [Hole],
    text: &'a PlainText,
}

/// A [`KeptBody`] as it is read back (the same layout as [`RecordOut`]).
#[derive(Deserialize)]
struct RecordIn {
    html: String,
    holes: Vec<Hole>,
    text: PlainText,
}

impl KeptBody {
    /// What a build keeps of `parsed`; `None` when it cannot be kept open
    /// ([`super::open()`]) or has problems.
    pub fn of(parsed: &Parsed) -> Option<KeptBody> {
        let open = super::open(parsed)?;
        (open.errors.is_empty() && open.warnings.is_empty()).then(|| KeptBody {
            open,
            text: PlainText::of(parsed),
        })
    }

    /// The bytes to keep (read back by [`KeptBody::from_bytes`]).
    pub fn to_bytes(&self) -> Option<Vec<u8>> {
        postcard::to_allocvec(&RecordOut {
            html: &self.open.html,
            holes: &self.open.holes,
            text: &self.text,
        })
        .ok()
    }

    /// The body kept as `bytes`; `None` when they are not one.
    pub fn from_bytes(bytes: &[u8]) -> Option<KeptBody> {
        let r: RecordIn = postcard::from_bytes(bytes).ok()?;
        marks_fit(&r.html, &r.holes).then_some(KeptBody {
            open: OpenBody {
                html: r.html,
                holes: r.holes,
                errors: Vec::new(),
                warnings: Vec::new(),
            },
            text: r.text,
        })
    }
}

impl OpenBody {
    /// The body's HTML with every hole filled: the footnotes' `words`,
    /// each link's and image's address as `resolve` gives it (see
    /// [`super::render_body`]), their problems at their places after
    /// those parsing found. The same bytes as writing the body at once
    /// with the same words and resolver.
    pub fn fill(
        &self,
        words: NoteWords,
        mut resolve: impl FnMut(&str) -> Result<Option<Resolved>, Message>,
    ) -> Body {
        let mut html = String::with_capacity(self.html.len() + 64 * self.holes.len());
        let mut errors = self.errors.clone();
        let mut warnings = self.warnings.clone();
        let mut rest = self.html.as_str();
        for hole in &self.holes {
            // `open` counted one mark for each hole.
            let Some((before, after)) = rest.split_once(HOLE) else {
                break;
            };
            html.push_str(before);
            rest = after;
            match hole {
                Hole::Link {
                    dest,
                    title,
                    email,
                    line,
                    column,
                } => {
                    let problems = Problems {
                        errors: &mut errors,
                        warnings: &mut warnings,
                    };
                    match problems.resolve(&mut resolve, dest, (*line, *column)) {
                        Some(Some(r)) if !r.is_as_written(dest) => {
                            html.push_str(&link_open(&r, title));
                        }
                        Some(_) => write_link(&mut html, *email, dest, title),
                        // It points at `#` meanwhile, as written.
                        None => write_link(&mut html, false, "#", title),
                    }
                }
                Hole::Image { dest, line, column } => {
                    let problems = Problems {
                        errors: &mut errors,
                        warnings: &mut warnings,
                    };
                    let src = match problems.resolve(&mut resolve, dest, (*line, *column)) {
                        Some(Some(r)) => std::borrow::Cow::Owned(r.href),
                        Some(None) | None => std::borrow::Cow::Borrowed(dest.as_str()),
                    };
                    html.push_str("<img src=\"");
                    // Writing to a string cannot fail.
                    let _ = escape_href(&mut html, &src);
                    rest = rest.strip_prefix("<img src=\"").unwrap_or(rest);
                }
                Hole::NoteReference => html.push_str(&hidden(words.reference, " ")),
                Hole::NoteBack(n) => html.push_str(&note_back_link(*n, words)),
            }
        }
        html.push_str(rest);
        Body {
            html,
            errors,
            warnings,
        }
    }
}

/// A link's opening tag as the HTML writer writes a link kept as written
/// (`Tag::Link`), with its own escapes (`'` in a title is `&#39;` there,
/// as it is not in [`link_open`]).
fn write_link(html: &mut String, email: bool, dest: &str, title: &str) {
    html.push_str(if email {
        "<a href=\"mailto:"
    } else {
        "<a href=\""
    });
    // Writing to a string cannot fail.
    let _ = escape_href(&mut *html, dest);
    if !title.is_empty() {
        html.push_str("\" title=\"");
        let _ = escape_html(&mut *html, title);
    }
    html.push_str("\">");
}

#[cfg(test)]
mod tests {
    use super::super::{BodyWriter, parse_to_render};
    use super::*;
    use proptest::prelude::*;

    /// A resolver of every kind of answer, by the address's first letter:
    /// `x…` kept with a warning, `y…` resolved to an address with every
    /// character the escapes treat, in another language, `z…` broken,
    /// anything else kept as written.
    fn resolve(dest: &str) -> Result<Option<Resolved>, Message> {
        let warning = || Message::new("link.anchor_missing", vec![("anchor", dest.to_string())]);
        match dest.chars().next() {
            Some('x') => Ok(Some(Resolved::as_written(dest, warning()))),
            Some('y') => Ok(Some(Resolved {
                href: format!("/sv/{dest}?a=1&b='\"<>ä"),
                hreflang: Some("sv".to_string()),
                warning: None,
            })),
            Some('z') => Err(warning()),
            _ => Ok(None),
        }
    }

    const WORDS: NoteWords = NoteWords {
        reference: "Alaviite & \"1\"",
        back: "Takaisin <tekstiin>",
    };

    /// The body written at once, as before bodies were kept open.
    fn at_once(body: &str, words: NoteWords) -> Body {
        let parsed = parse_to_render(body);
        let written = BodyWriter::new(&parsed, Some(words), Some(resolve)).run();
        Body {
            html: written.html,
            errors: written.errors,
            warnings: written.warnings,
        }
    }

    fn same(a: &Body, b: &Body) {
        assert_eq!(a.html, b.html);
        assert_eq!(a.errors, b.errors);
        assert_eq!(a.warnings, b.warnings);
    }

    /// Pieces of Markdown with every kind of hole, in places that matter
    /// (a table, a heading, a note, an image's alt text), and the escapes'
    /// characters.
    const PIECES: &[&str] = &[
        "Teksti ",
        "[linkki](a.md)",
        "[x](x.md \"O'Brien & \\\"co\\\"\")",
        "[y](y.md#kohta 'otsikko')",
        "[z](z.md)",
        "<nimi@esimerkki.fi>",
        "<https://esimerkki.fi/a?b=c&d>",
        "![kuva *korostettu*](kuva.png \"Kuvan 'otsikko'\")",
        "![y-kuva](y.png)",
        "![z](z.png)",
        "[![kuva](x.png)](y.md)",
        "![kuva [linkki](y.md)](kuva.png)",
        "Luku[^a] ja[^b]",
        "\n\n[^a]: Huomautus [z](z.md).\n\n",
        "\n\n[^b]: Toinen.\n\n",
        "\n\n# Otsikko [y](y.md)\n\n",
        "\n\n| a | [y](y.md) |\n|:--|--:|\n| [z](z.md) | ![k](x.png) |\n\n",
        "\n\n> lainaus [x](x.md)\n\n",
        "\n\n- kohta [a](a.md)\n- toinen\n\n",
        "<span>raaka</span>",
        "\n\n<div>\nlohko\n</div>\n\n",
        " & < > \" ' ä ",
        "\u{0}",
        "\n",
        "`koodi [y](y.md)`",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// Filled, an open body is the body written at once: the same
        /// bytes, problems and warnings, in both kinds of words; kept and
        /// read back, the same again. A body that cannot be kept open is
        /// one with a hole in an image's alt text or the hole's byte.
        #[test]
        fn a_filled_body_is_the_body_written_at_once(
            picks in proptest::collection::vec(0..PIECES.len(), 0..12)
        ) {
            let body: String = picks.iter().map(|&i| PIECES[i]).collect();
            let parsed = parse_to_render(&body);
            for words in [WORDS, NoteWords::default()] {
                let direct = at_once(&body, words);
                match super::super::open(&parsed) {
                    Some(open) => {
                        same(&open.fill(words, resolve), &direct);
                        if let Some(kept) = KeptBody::of(&parsed) {
                            let bytes = kept.to_bytes().expect("written");
                            let back = KeptBody::from_bytes(&bytes).expect("read back");
                            same(&back.open.fill(words, resolve), &direct);
                            prop_assert_eq!(back.text, PlainText::of(&parsed));
                        }
                    }
                    None => prop_assert!(
                        body.contains('\0') || body.contains("![kuva [linkki]"),
                        "not kept open: {body:?}"
                    ),
                }
                // What every caller gets.
                same(&super::super::render_body(&parsed, words, resolve), &direct);
            }
        }
    }

    /// Each kind of hole, filled: the cases the property test draws from,
    /// written out.
    #[test]
    fn each_hole_is_filled_as_the_writer_writes_it() {
        let body = "[a](a.md \"It's\") <n@x.fi> [y](y.md) [z](z.md) ![i](i.png) \
                    [x](x.md)[^1]\n\n[^1]: Note.\n";
        let open = super::super::open(&parse_to_render(body)).expect("kept open");
        assert_eq!(open.holes.len(), 8);
        let filled = open.fill(WORDS, resolve);
        same(&filled, &at_once(body, WORDS));
        let html = &filled.html;
        assert!(
            html.contains("<a href=\"a.md\" title=\"It&#39;s\">a</a>"),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"mailto:n@x.fi\">n@x.fi</a>"),
            "{html}"
        );
        assert!(html.contains("hreflang=\"sv\""), "{html}");
        assert!(html.contains("<a href=\"#\">z</a>"), "{html}");
        assert!(html.contains("<img src=\"i.png\" alt=\"i\" />"), "{html}");
        assert!(!html.contains(HOLE), "{html}");
        assert_eq!(filled.errors.len(), 1);
        assert_eq!(filled.warnings.len(), 1);
    }

    /// A body with problems is not kept (they are told where it is
    /// rendered), and bytes that are not a kept body read as none.
    #[test]
    fn only_a_body_without_problems_is_kept_and_only_a_kept_body_read() {
        assert_eq!(
            KeptBody::of(&parse_to_render("<span style=\"x\">a</span>")),
            None
        );
        assert_eq!(KeptBody::of(&parse_to_render("##Otsikko\n")), None);
        assert_eq!(KeptBody::from_bytes(b"\xff\xff\xff"), None);
        let kept = KeptBody::of(&parse_to_render("# Otsikko\n\n[a](a.md)")).expect("kept");
        assert_eq!(kept.text.headings.trim(), "Otsikko");
        let bytes = kept.to_bytes().expect("written");
        assert_eq!(KeptBody::from_bytes(&bytes), Some(kept));
        // One more mark than holes (the HTML's length, its first byte,
        // one more).
        let mut more = bytes.clone();
        let at = more.iter().position(|&b| b == 0).expect("a mark");
        more.insert(at, 0);
        more[0] += 1;
        assert_eq!(KeptBody::from_bytes(&more), None);
    }
}

//! Markdown: parsing a body once, its heading anchors, its links, and HTML.
//!
//! A body is parsed into events once ([`parse`]); anchors and `@/` links are
//! read off those events, and [`render`] turns them into HTML with each
//! internal link replaced by what the caller's resolver says. This module
//! knows nothing of pages or URLs: resolving is the caller's (see `site`).

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

/// Options used for every body: CommonMark with tables, footnotes,
/// strikethrough and `{#id}` heading attributes.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// A heading's anchor: its text in lowercase, letters (accents kept) and
/// digits kept, every other run of characters one `-`, trimmed at both ends.
pub fn anchor_of(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

/// A heading of a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1..=6 as written.
    pub level: u8,
    /// Its anchor (explicit or derived, made unique).
    pub anchor: String,
    /// Its text.
    pub text: String,
    /// 1-based line within the body.
    pub line: usize,
}

/// A link or image of a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    /// As written.
    pub dest: String,
    /// 1-based line within the body.
    pub line: usize,
    /// 1-based column within that line.
    pub column: usize,
    /// Its text (for links) or alt text (for images).
    pub text: String,
    /// Whether it is an image.
    pub image: bool,
}

/// A parsed body.
#[derive(Debug, Clone)]
pub struct Parsed {
    events: Vec<Event<'static>>,
    /// Headings in order.
    pub headings: Vec<Heading>,
    /// Links and images in order.
    pub links: Vec<LinkRef>,
}

impl Parsed {
    /// Whether the body has a heading with this anchor.
    pub fn has_anchor(&self, anchor: &str) -> bool {
        self.headings.iter().any(|h| h.anchor == anchor)
    }
}

/// Byte offsets of line starts, to turn offsets into lines and columns.
struct Lines(Vec<usize>);

impl Lines {
    fn new(s: &str) -> Self {
        Lines(
            std::iter::once(0)
                .chain(s.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        )
    }
    fn pos(&self, src: &str, offset: usize) -> (usize, usize) {
        let line = self.0.partition_point(|&s| s <= offset);
        let start = self.0[line - 1];
        let col = src
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0)
            + 1;
        (line, col)
    }
}

/// Parses a body once.
pub fn parse(body: &str) -> Parsed {
    let lines = Lines::new(body);
    let mut events: Vec<Event<'static>> = Vec::new();
    let mut headings = Vec::new();
    let mut links: Vec<LinkRef> = Vec::new();
    // (index of Start(Heading) event, text so far, explicit id, level, line)
    let mut open_heading: Option<(usize, String, Option<String>, u8, usize)> = None;
    let mut open_links: Vec<usize> = Vec::new();
    let mut used: Vec<String> = Vec::new();
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match &event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                let (line, _) = lines.pos(body, range.start);
                open_heading = Some((
                    events.len(),
                    String::new(),
                    id.as_ref().map(|s| s.to_string()),
                    *level as u8,
                    line,
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((idx, text, explicit, level, line)) = open_heading.take() {
                    let base = explicit.clone().unwrap_or_else(|| anchor_of(&text));
                    let base = if base.is_empty() {
                        "section".to_string()
                    } else {
                        base
                    };
                    let mut anchor = base.clone();
                    let mut n = 2;
                    while used.contains(&anchor) {
                        anchor = format!("{base}-{n}");
                        n += 1;
                    }
                    used.push(anchor.clone());
                    if let Event::Start(Tag::Heading { id, .. }) = &mut events[idx] {
                        *id = Some(CowStr::from(anchor.clone()));
                    }
                    headings.push(Heading {
                        level,
                        anchor,
                        text: text.trim().to_string(),
                        line,
                    });
                }
            }
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                let (line, column) = lines.pos(body, range.start);
                open_links.push(links.len());
                links.push(LinkRef {
                    dest: dest_url.to_string(),
                    line,
                    column,
                    text: String::new(),
                    image: matches!(event, Event::Start(Tag::Image { .. })),
                });
            }
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                open_links.pop();
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text, ..)) = &mut open_heading {
                    text.push_str(t);
                }
                for &i in &open_links {
                    links[i].text.push_str(t);
                }
            }
            _ => {}
        }
        events.push(event.into_static());
    }
    // Every body stays parsed until it is rendered: no spare capacity.
    events.shrink_to_fit();
    Parsed {
        events,
        headings,
        links,
    }
}

/// What a resolver says about an internal link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The URL to write.
    pub href: String,
    /// `hreflang` to add when the target is in another language.
    pub hreflang: Option<String>,
}

/// Renders a parsed body to HTML. `resolve` is called for every link and
/// image destination; it returns `Ok(None)` to keep one as written,
/// `Ok(Some(..))` to replace it, or `Err(message)` for a broken link, which is
/// returned with its position (line and column within the body).
/// `#` headings are written as `h2`: the page title is the only `h1`.
pub fn render(
    parsed: &Parsed,
    mut resolve: impl FnMut(&str) -> Result<Option<Resolved>, String>,
) -> (String, Vec<(usize, usize, String)>) {
    let mut errors = Vec::new();
    let mut link_no = 0;
    let mut events: Vec<Event<'_>> = Vec::with_capacity(parsed.events.len() + 8);
    let mut link_stack: Vec<bool> = Vec::new();
    // Table cells are written here with alignment classes: pulldown-cmark's
    // `style="text-align"` would break a strict Content-Security-Policy.
    let mut aligns: Vec<pulldown_cmark::Alignment> = Vec::new();
    let mut in_head = false;
    let mut column = 0;
    for ev in &parsed.events {
        match ev {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                id,
                classes,
                attrs,
            }) => events.push(Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                id: id.clone(),
                classes: classes.clone(),
                attrs: attrs.clone(),
            })),
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
                events.push(Event::End(TagEnd::Heading(HeadingLevel::H2)))
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let at = &parsed.links[link_no.min(parsed.links.len().saturating_sub(1))];
                link_no += 1;
                match resolve(dest_url) {
                    Ok(Some(r)) => {
                        let mut html = format!("<a href=\"{}\"", escape_attr(&r.href));
                        if let Some(l) = &r.hreflang {
                            html.push_str(&format!(" hreflang=\"{}\"", escape_attr(l)));
                        }
                        if !title.is_empty() {
                            html.push_str(&format!(" title=\"{}\"", escape_attr(title)));
                        }
                        html.push('>');
                        events.push(Event::InlineHtml(CowStr::from(html)));
                        link_stack.push(true);
                    }
                    Ok(None) => {
                        events.push(Event::Start(Tag::Link {
                            link_type: *link_type,
                            dest_url: dest_url.clone(),
                            title: title.clone(),
                            id: id.clone(),
                        }));
                        link_stack.push(false);
                    }
                    Err(msg) => {
                        errors.push((at.line, at.column, msg));
                        events.push(Event::Start(Tag::Link {
                            link_type: LinkType::Inline,
                            dest_url: CowStr::from("#"),
                            title: title.clone(),
                            id: id.clone(),
                        }));
                        link_stack.push(false);
                    }
                }
            }
            Event::End(TagEnd::Link) => {
                if link_stack.pop() == Some(true) {
                    events.push(Event::InlineHtml(CowStr::from("</a>")));
                } else {
                    events.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let at = &parsed.links[link_no.min(parsed.links.len().saturating_sub(1))];
                link_no += 1;
                let dest = match resolve(dest_url) {
                    Ok(Some(r)) => CowStr::from(r.href),
                    Ok(None) => dest_url.clone(),
                    Err(msg) => {
                        errors.push((at.line, at.column, msg));
                        dest_url.clone()
                    }
                };
                events.push(Event::Start(Tag::Image {
                    link_type: *link_type,
                    dest_url: dest,
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            Event::Start(Tag::Table(a)) => {
                aligns = a.clone();
                events.push(Event::Html(CowStr::from("<div class=\"table-scroll\">")));
                events.push(Event::Start(Tag::Table(vec![
                    pulldown_cmark::Alignment::None;
                    a.len()
                ])));
            }
            Event::Start(Tag::TableHead) => {
                in_head = true;
                column = 0;
                events.push(ev.clone());
            }
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                events.push(ev.clone());
            }
            Event::Start(Tag::TableRow) => {
                column = 0;
                events.push(ev.clone());
            }
            Event::Start(Tag::TableCell) => {
                let class = match aligns.get(column) {
                    Some(pulldown_cmark::Alignment::Left) => " class=\"align-left\"",
                    Some(pulldown_cmark::Alignment::Center) => " class=\"align-center\"",
                    Some(pulldown_cmark::Alignment::Right) => " class=\"align-right\"",
                    _ => "",
                };
                column += 1;
                let html = if in_head {
                    format!("<th scope=\"col\"{class}>")
                } else {
                    format!("<td{class}>")
                };
                events.push(Event::InlineHtml(CowStr::from(html)));
            }
            Event::End(TagEnd::TableCell) => {
                events.push(Event::InlineHtml(CowStr::from(if in_head {
                    "</th>"
                } else {
                    "</td>"
                })));
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                events.push(Event::Html(CowStr::from("</div>")));
            }
            other => events.push(other.clone()),
        }
    }
    let mut html = String::with_capacity(parsed.events.len() * 16);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    (html, errors)
}

/// Escapes text for an HTML attribute value.
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_follow_the_spec() {
        assert_eq!(anchor_of("Så gjorde vi"), "så-gjorde-vi");
        assert_eq!(
            anchor_of("  Mitä, jos lupaus ei toteudu?  "),
            "mitä-jos-lupaus-ei-toteudu"
        );
        assert_eq!(anchor_of("Step 1: Ask"), "step-1-ask");
    }

    #[test]
    fn repeated_and_explicit_anchors() {
        let p = parse("## A\n\n## A\n\n## A\n\n## Työpajat {#workshops}\n");
        let a: Vec<&str> = p.headings.iter().map(|h| h.anchor.as_str()).collect();
        assert_eq!(a, ["a", "a-2", "a-3", "workshops"]);
        let (html, _) = render(&p, |_| Ok(None));
        assert!(html.contains("<h2 id=\"a-2\">A</h2>"), "{html}");
        assert!(
            html.contains("<h2 id=\"workshops\">Työpajat</h2>"),
            "{html}"
        );
    }

    #[test]
    fn h1_becomes_h2_and_links_resolve() {
        let p = parse("# Big\n\nSee [the clinic](@/areas/a/b.md#x) and [bad](@/nope.md).\n");
        assert_eq!(p.links.len(), 2);
        assert_eq!((p.links[1].line, p.links[1].column), (3, 40));
        let (html, errs) = render(&p, |d| {
            if d.starts_with("@/areas") {
                Ok(Some(Resolved {
                    href: "/sv/a/b/#x".into(),
                    hreflang: Some("fi".into()),
                }))
            } else if d.starts_with("@/") {
                Err("no such page".into())
            } else {
                Ok(None)
            }
        });
        assert!(html.contains("<h2 id=\"big\">Big</h2>"), "{html}");
        assert!(
            html.contains("<a href=\"/sv/a/b/#x\" hreflang=\"fi\">the clinic</a>"),
            "{html}"
        );
        assert_eq!(errs, vec![(3, 40, "no such page".to_string())]);
    }

    #[test]
    fn tables_are_wrapped_for_narrow_screens() {
        let p = parse("| a | b |\n|---|---|\n| 1 | 2 |\n");
        let (html, _) = render(&p, |_| Ok(None));
        assert!(
            html.starts_with("<div class=\"table-scroll\"><table>"),
            "{html}"
        );
    }

    #[test]
    fn table_alignment_uses_classes_not_styles() {
        let p = parse("| a | b |\n|:--|--:|\n| 1 | 2 |\n");
        let (html, _) = render(&p, |_| Ok(None));
        assert!(!html.contains("style="), "{html}");
        assert!(
            html.contains("<th scope=\"col\" class=\"align-left\">a</th>"),
            "{html}"
        );
        assert!(html.contains("<td class=\"align-right\">2</td>"), "{html}");
    }
}

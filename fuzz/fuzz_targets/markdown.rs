//! Markdown: arbitrary text as a body. Parsing and rendering never panic;
//! anchors are unique, stable and found by `has_anchor`; links are placed
//! inside the body; the resolver sees every link, and every link it rejects
//! (some `@/` links, by their anchor) comes back as an error.
#![no_main]

use std::collections::HashSet;

use libfuzzer_sys::fuzz_target;
use lupaus::markdown::{self, Resolved};

fuzz_target!(|data: &[u8]| {
    let body = String::from_utf8_lossy(data);
    let p = markdown::parse(&body);
    let lines = body.split('\n').count();
    let anchors: Vec<&str> = p.headings.iter().map(|h| h.anchor.as_str()).collect();
    let unique: HashSet<&str> = anchors.iter().copied().collect();
    assert_eq!(unique.len(), anchors.len(), "repeated anchor");
    for h in &p.headings {
        assert!(!h.anchor.is_empty() && p.has_anchor(&h.anchor));
        assert!(h.line >= 1 && h.line <= lines);
    }
    let again: Vec<String> = markdown::parse(&body).headings.into_iter().map(|h| h.anchor).collect();
    assert_eq!(anchors, again.iter().map(String::as_str).collect::<Vec<_>>());
    for l in &p.links {
        assert!(l.line >= 1 && l.line <= lines && l.column >= 1, "{l:?}");
    }
    let mut seen = 0;
    let mut rejected = 0;
    let (_html, errors) = markdown::render(&p, |dest| {
        seen += 1;
        let Some(target) = dest.strip_prefix("@/") else {
            return Ok(None);
        };
        let (path, anchor) = target.split_once('#').unwrap_or((target, ""));
        if anchor.is_empty() || p.has_anchor(anchor) {
            Ok(Some(Resolved { href: format!("/fi/{path}#{anchor}"), hreflang: Some("sv".into()) }))
        } else {
            rejected += 1;
            Err(format!("no anchor {anchor}"))
        }
    });
    assert_eq!(seen, p.links.len());
    let link_errors = errors.iter().filter(|e| e.2.starts_with("no anchor ")).count();
    assert_eq!(link_errors, rejected);
    for (line, col, _) in &errors {
        assert!(*line >= 1 && *line <= lines && *col >= 1);
    }
    let _ = markdown::anchor_of(&body);
});

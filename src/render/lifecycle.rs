//! The pages of the promise's life cycle: `/<lang>/changes/` (what changed
//! since the previous version), `/<lang>/document/` (the whole promise on
//! one page, for print and the council's papers), and what commitment pages
//! and every page's notice say about the comment round and the changes.
//!
//! The changes themselves are worked out by [`crate::changes`]; this module
//! only turns them into what templates show, in each language.

use std::sync::Arc;

use super::context::base::ConsultationView;
use super::context::generated::GeneratedPage;
use super::context::lifecycle::{
    ChangeGroup, ChangeNote, ChangeView, DocumentArea, DocumentCommitment, DocumentDecision,
    DocumentPage, DocumentPromise, DocumentView, FieldDiff, OldNew, PreviousView, ValidityText,
};
use super::nest::{is_plain_prefix, nest};
use super::parts::{Listing, Parts};
use super::{
    DocumentSections, Job, Renderer, context::Marked, context::other, context::text_lang, deps,
};
use crate::changes::{self, Change, Field, Kind as ChangeKind, TargetChange};
use crate::content::front_matter::Kind;
use crate::format;
use crate::markdown;
use crate::output::SlotText;
use crate::site::{Page, Route, Site, Variant, links};
use crate::snapshot::{CommitmentSnap, Snapshot};

/// How a kind of change is named in contexts.
fn kind_name(kind: &ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Added => "added",
        ChangeKind::Removed => "removed",
        ChangeKind::Changed => "changed",
    }
}

/// A text of a snapshot in `lang`, or in `default` when it has none.
fn pick<'a>(
    map: &'a std::collections::BTreeMap<String, String>,
    lang: &str,
    default: &str,
) -> (&'a str, Option<String>) {
    match map.get(lang) {
        Some(t) => (t, None),
        None => (
            map.get(default).map(String::as_str).unwrap_or(""),
            map.get(default).map(|_| default.to_string()),
        ),
    }
}

/// A body the document page shows: its HTML goes into the page's slot as
/// the page is written, so that the page, as large as every commitment's
/// text together, is never built as one string (see
/// [`crate::output::Page`]).
/// The preview keeps each slot's HTML by its slot (`splice`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Slot {
    /// The file whose body it is.
    pub(super) file: usize,
    /// The page's language (links resolve in it), one string for all
    /// of a page's slots.
    pub(super) lang: std::sync::Arc<str>,
    /// Whether the body is a fallback copy in `lang`.
    pub(super) fallback: bool,
    /// Anchor prefix.
    pub(super) prefix: Box<str>,
    /// Heading levels down.
    pub(super) deeper: u8,
}

/// A text as a CSS string.
fn css_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl<'a> Renderer<'a> {
    /// The print stylesheet of the document page of `lang`: its running
    /// header in the page's top margin boxes (organisation and validity on
    /// the left, the online address and the date of the figures on the
    /// right), as a file of its own, since a strict Content-Security-Policy
    /// forbids inline styles. Returns its output path, its address (with
    /// its hash, so that a browser does not keep an old one) and the CSS.
    pub(super) fn document_css(&self, lang: &str) -> (String, String, String) {
        let site = self.site;
        let default = site.default_lang();
        let promise = site.page("_index.md").and_then(|p| p.variant(lang));
        if let Some(v) = promise {
            deps::front("_index.md", &v.lang);
        }
        let organisation = Marked::of(&site.config.organisation, lang, default).text;
        let mut left = organisation;
        if let Some(v) = promise
            && let Some(from) = v.front.valid_from()
        {
            let range = self
                .i18n
                .get(lang, "validity_range")
                .replace("{from}", &format::format_date(from, lang))
                .replace(
                    "{until}",
                    &v.front
                        .valid_until()
                        .map(|d| format::format_date(d, lang))
                        .unwrap_or_default(),
                );
            left = format!(
                "{left} · {} {range}",
                self.i18n.get(lang, "validity_heading")
            );
        }
        let mut right = self.abs(&Route::Document.url(site, lang));
        if let Some(figures) = self.figures_date(lang) {
            right = format!(
                "{right} · {} {figures}",
                self.i18n.get(lang, "document_figures")
            );
        }
        let css = format!(
            "/* The running header of the printed /{lang}/document/ (generated). */\n@media print {{\n  @page {{\n    margin-top: 20mm;\n    @top-left {{ content: {}; font-size: 8pt; color: #333; vertical-align: bottom; }}\n    @top-right {{ content: {}; font-size: 8pt; color: #333; vertical-align: bottom; }}\n  }}\n}}\n",
            css_string(&left),
            css_string(&right)
        );
        let path = Route::DocumentCss.file(site, lang);
        let hash = crate::digest::Digest::of(css.as_bytes()).short();
        let href = format!("{}/{path}?v={hash}", site.options.prefix);
        (path, href, css)
    }

    /// The date of the figures: `results.updated`, or else the latest
    /// period with a value.
    fn figures_date(&self, lang: &str) -> Option<String> {
        let latest_period = self
            .eval
            .indicators
            .values()
            .filter_map(|s| s.latest.map(|(p, _)| p))
            .max();
        self.site
            .config
            .results
            .updated
            .map(|d| format::format_date(d, lang))
            .or_else(|| latest_period.map(|p| self.period(&p, lang)))
    }

    /// Adds the print stylesheets of the document pages to `out`.
    pub(super) fn add_document_css(&self, out: &mut crate::output::Output) {
        self.recorded(Some(deps::JobId::DocumentCss), || {
            for lang in &self.site.config.languages {
                if !Route::DocumentCss.published(self.site, lang) {
                    continue;
                }
                let (path, _, css) = self.document_css(lang);
                out.add(path, css);
            }
        });
    }

    /// Notes as read what the changes are worked out from: every
    /// commitment and the promise, front matter and body, in every
    /// language. ([`crate::changes`] reads the site through a snapshot, not
    /// through the context builders, so its reads are noted here.)
    fn read_changed(&self, page: Option<&Page>) {
        let pages = self
            .site
            .pages
            .iter()
            .filter(|p| page.is_none_or(|only| only.key == p.key))
            .filter(|p| matches!(p.kind, Kind::Commitment { .. } | Kind::Promise));
        for p in pages {
            for v in &p.variants {
                deps::front(&p.key, &v.lang);
                deps::body(&p.key, &v.lang);
            }
        }
    }

    /// The changes since the previous version (none without `previous`),
    /// worked out once per renderer.
    pub(super) fn changes(&self) -> Option<&[Change]> {
        let previous = self.previous?;
        Some(
            self.changes
                .get_or_init(|| changes::compare(previous, &Snapshot::of(self.site, self.eval))),
        )
    }

    /// The address of the changes page in `lang`, when there is one.
    pub(super) fn changes_url(&self, lang: &str) -> Option<String> {
        // The previous version as loaded, not only named.
        self.previous
            .and(Route::Changes.url_if_published(self.site, lang))
    }

    /// `AREA/NAME` of a commitment page.
    pub(super) fn commitment_id(page: &Page) -> Option<String> {
        match &page.kind {
            Kind::Commitment { area, name } => Some(format!("{area}/{name}")),
            _ => None,
        }
    }

    /// The comment round as every page's notice shows it.
    pub(super) fn consultation_view(&self, lang: &str) -> Option<ConsultationView<'_>> {
        let c = self.site.config.consultation.as_ref()?;
        Some(ConsultationView {
            open: c.open,
            until: c.until.map(|d| format::format_date(d, lang)),
            until_iso: c.until.map(|d| d.format("%Y-%m-%d").to_string()),
            url: &c.url,
            email: &c.email,
        })
    }

    /// What a commitment page adds: its comment link while the round is
    /// open, and what changed since the previous version.
    pub(super) fn commitment_lifecycle(
        &self,
        ctx: &mut tera::Context,
        page: &Page,
        v: &Variant,
        lang: &str,
    ) {
        let Some(id) = Self::commitment_id(page) else {
            return;
        };
        if let Some(c) = &self.site.config.consultation
            && c.open
        {
            let subject = self.i18n.get(lang, "comment_subject");
            if let Some(link) = crate::consultation::comment_link(c, &id, v.title(), &subject) {
                ctx.insert("comment_url", &link);
            }
        }
        let (Some(all), Some(url)) = (self.changes(), self.changes_url(lang)) else {
            return;
        };
        // Whether and how this commitment changed depends on its text in
        // every language.
        self.read_changed(Some(page));
        if let Some(change) = all.iter().find(|c| c.id == id) {
            let what = match change.kind {
                ChangeKind::Added => vec![self.i18n.get(lang, "change_added_here")],
                _ => self.change_summary(change, lang),
            };
            ctx.insert(
                "change",
                &ChangeNote {
                    kind: kind_name(&change.kind),
                    what,
                    url: format!("{url}#{}", Self::change_anchor(&change.id)),
                },
            );
        }
    }

    fn change_anchor(id: &str) -> String {
        format!("change-{}", markdown::anchor_of(id))
    }

    /// What changed, in a few words each (`title`, `text`, `perspective`, `targets`).
    fn change_summary(&self, change: &Change, lang: &str) -> Vec<String> {
        let mut out = Vec::new();
        let default = self.site.default_lang();
        let fields = change
            .wording
            .get(lang)
            .or_else(|| change.wording.get(default));
        for (field, _, _) in fields.into_iter().flatten() {
            out.push(
                self.i18n
                    .get(lang, &format!("change_field_{}", field.key())),
            );
        }
        if fields.is_none() && !change.wording.is_empty() {
            out.push(self.i18n.get(lang, "change_other_languages"));
        }
        if change.perspective.is_some() {
            out.push(self.i18n.get(lang, "change_field_perspective"));
        }
        if !change.targets.is_empty() {
            out.push(self.i18n.get(lang, "change_field_targets"));
        }
        out
    }

    /// An indicator change in words: "Odotusaika: tavoite oli 21 vrk, nyt
    /// 14 vrk" (an arrow between the numbers was read as "right arrow", or
    /// not at all), a sentence of its own per language
    /// (`change_target_was_now`): Swedish needs the definite "målet var",
    /// which the label and `change_was_now` put together could not give
    /// ("mål var").
    fn target_text(&self, t: &TargetChange, lang: &str, old_default: &str) -> String {
        let default = self.site.default_lang();
        let quantity = |s: &crate::snapshot::TargetSnap, d: &str| {
            let written = s.unit.as_ref().map_or("", |u| pick(u, lang, d).0);
            self.i18n
                .unit(lang, written)
                .quantity(s.target, s.decimals, lang)
        };
        // "Indicator added: Waiting time (target 10 days)".
        let added_or_removed = |key: &str, s: &crate::snapshot::TargetSnap, d: &str| {
            let label = self.i18n.get(lang, "target_label").to_lowercase();
            format!(
                "{}: {} ({label} {})",
                self.i18n.get(lang, key),
                pick(&s.name, lang, d).0,
                quantity(s, d)
            )
        };
        match (&t.old, &t.new) {
            (Some(o), Some(n)) => {
                let was_now = self
                    .i18n
                    .get(lang, "change_target_was_now")
                    .replace("{old}", &quantity(o, old_default))
                    .replace("{new}", &quantity(n, default));
                format!("{}: {was_now}", pick(&n.name, lang, default).0)
            }
            (None, Some(n)) => added_or_removed("change_indicator_added", n, default),
            (Some(o), None) => added_or_removed("change_indicator_removed", o, old_default),
            (None, None) => String::new(),
        }
    }

    /// One entry of the changes page.
    fn change_view(&self, change: &Change, lang: &str) -> Option<ChangeView> {
        let default = self.site.default_lang();
        let old_default = self.previous.map(|p| p.default_lang()).unwrap_or(default);
        let i18n = |k: &str| self.i18n.get(lang, k);
        let (deleted, inserted) = (i18n("diff_deleted"), i18n("diff_inserted"));
        let shown: &CommitmentSnap = match (&change.new, &change.old) {
            (Some(n), _) => n,
            (None, Some(o)) => o,
            (None, None) => return None,
        };
        let d = if change.new.is_some() {
            default
        } else {
            old_default
        };
        let (title, title_lang) = pick(&shown.title, lang, d);
        let (area_title, area_lang) = pick(&change.area.title, lang, d);
        // The page of a commitment that still exists, in this language.
        let url = self
            .site
            .page(&format!("areas/{}.md", change.id))
            .and_then(|p| p.variant(lang))
            .filter(|_| change.new.is_some())
            .map(|v| v.url.to_string());
        let fields: Vec<FieldDiff> = change
            .wording
            .get(lang)
            .into_iter()
            .flatten()
            .map(|(field, old, new)| {
                let diff = match field {
                    Field::Text => changes::text_diff(
                        &changes::plain_text(old),
                        &changes::plain_text(new),
                        &deleted,
                        &inserted,
                    ),
                    _ => changes::word_diff(old, new, &deleted, &inserted),
                };
                FieldDiff {
                    field: field.key(),
                    label: i18n(&format!("change_field_{}", field.key())),
                    diff,
                }
            })
            .collect();
        let perspective = change.perspective.as_ref().map(|(o, n)| {
            let label = |p: &Option<String>| match p {
                Some(p) => i18n(&format!("perspective_{p}")),
                None => i18n("change_none"),
            };
            OldNew {
                old: label(o),
                new: label(n),
            }
        });
        let targets: Vec<String> = change
            .targets
            .iter()
            .map(|t| self.target_text(t, lang, old_default))
            .collect();
        let (rv, rv_lang) = pick(&shown.resident_view, lang, d);
        let removed_text = (change.kind == ChangeKind::Removed)
            .then(|| changes::plain_text(pick(&shown.texts(), lang, d).0));
        Some(ChangeView {
            kind: kind_name(&change.kind),
            id: change.id.clone(),
            anchor: Self::change_anchor(&change.id),
            title: title.to_string(),
            title_lang: other(title_lang.as_deref().unwrap_or(lang), lang),
            area: area_title.to_string(),
            area_lang: other(area_lang.as_deref().unwrap_or(lang), lang),
            url,
            other_languages_only: change.kind == ChangeKind::Changed
                && fields.is_empty()
                && !change.wording.is_empty(),
            fields,
            perspective,
            targets,
            resident_view: (!rv.is_empty()).then(|| rv.to_string()),
            resident_view_lang: other(rv_lang.as_deref().unwrap_or(lang), lang),
            removed_text,
        })
    }

    /// `/<lang>/changes/`, with `previous` only.
    pub(super) fn changes_job(&self, lang: &str) -> Option<Job> {
        self.changes_url(lang)?;
        let all = self.changes()?;
        self.read_changed(None);
        let entries: Vec<ChangeView> = all
            .iter()
            .filter_map(|c| self.change_view(c, lang))
            .collect();
        let group = |kind: &str| -> Vec<&ChangeView> {
            entries.iter().filter(|e| e.kind == kind).collect()
        };
        let previous = self.previous?;
        let validity = |from: &Option<String>, until: &Option<String>| {
            let f = |s: &Option<String>| {
                s.as_deref()
                    .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                    .map(|d| format::format_date(d, lang))
            };
            ValidityText {
                from: f(from),
                until: f(until),
            }
        };
        let promise = self.site.page("_index.md");
        let current = promise.map(|p| &self.site.files[p.default_file].front);
        let (prev_title, prev_title_lang) = previous
            .title
            .as_ref()
            .map(|t| pick(t, lang, previous.default_lang()))
            .map(|(t, l)| (t.to_string(), l))
            .unwrap_or_default();
        Some(
            self.generated_job(lang, Route::Changes, "changes.html", |ctx| {
                let groups: Vec<ChangeGroup> = ["added", "removed", "changed"]
                    .into_iter()
                    .map(|kind| (kind, group(kind)))
                    .filter(|(_, items)| !items.is_empty())
                    .map(|(kind, items)| ChangeGroup {
                        kind,
                        heading: self.i18n.get(lang, &format!("changes_{kind}_heading")),
                        items,
                    })
                    .collect();
                ctx.insert("groups", &groups);
                // Every change, as the entries were counted before an entry
                // could be left out.
                ctx.insert("total", &all.len());
                ctx.insert(
                    "previous",
                    &PreviousView {
                        title: prev_title,
                        title_lang: other(prev_title_lang.as_deref().unwrap_or(lang), lang),
                        validity: validity(&previous.valid_from, &previous.valid_until),
                    },
                );
                ctx.insert(
                    "current_validity",
                    &validity(
                        &current.and_then(|f| f.valid_from()).map(|d| d.to_string()),
                        &current.and_then(|f| f.valid_until()).map(|d| d.to_string()),
                    ),
                );
                ctx.insert(
                    "page",
                    &GeneratedPage {
                        kind: "changes",
                        title: self.i18n.get(lang, "changes_title"),
                    },
                );
            }),
        )
    }

    /// A page's body on the document page, as the context holds it: the
    /// marker of a new slot in `slots` (empty for an empty body). The
    /// body's HTML is made as the page is written ([`Renderer::slot_html`]);
    /// its read is recorded here, while the job is made.
    fn nested_body(
        &self,
        slots: &mut Vec<Slot>,
        v: &Variant,
        lang: &std::sync::Arc<str>,
        prefix: &str,
        deeper: u8,
    ) -> String {
        let file = &self.site.files[v.file];
        deps::body(&file.key, &v.lang);
        if self.site.body_is_empty(v.file) {
            return String::new();
        }
        slots.push(Slot {
            file: v.file,
            lang: lang.clone(),
            fallback: v.fallback,
            prefix: prefix.into(),
            deeper,
        });
        crate::output::slot(slots.len() - 1)
    }

    /// The HTML of a body on the document page: links resolved as on the
    /// page, headings `deeper` levels down, anchors prefixed with `prefix`.
    /// In a build, the body's page left its HTML in the [`super::Stash`],
    /// minified when the build minifies (then it is nested as it is, and
    /// not minified again).
    pub(super) fn slot_html(&self, slot: &Slot) -> SlotText {
        let site = self.site;
        let stashed = self
            .stash
            .and_then(|s| s.get(slot.file, &slot.lang, slot.fallback))
            .filter(|b| !b.minified || is_plain_prefix(&slot.prefix));
        let body = stashed.unwrap_or_else(|| {
            let text_lang = if slot.fallback {
                site.default_lang()
            } else {
                &slot.lang
            };
            SlotText::plain(
                site.body_to_render(slot.file)
                    .fill(self.note_words(text_lang), |dest| {
                        links::resolve(site, &slot.lang, dest, slot.fallback)
                    })
                    .html,
            )
        });
        let sections = self.document_sections(&slot.lang);
        SlotText {
            html: nest(&body.html, &slot.prefix, slot.deeper, &|url: &str| {
                sections
                    .get(url)
                    .and_then(|page| Self::section_anchor(page))
            }),
            minified: body.minified,
        }
    }

    /// The pages that have a section of `lang`'s document page (the areas
    /// and their commitments), by address (`/fi/health/`): a body's link
    /// to one of them goes to its section on the same page
    /// ([`Self::section_anchor`]), not away from the document. Made once
    /// per language and render: every body on the page is nested with them.
    fn document_sections(&self, lang: &str) -> Arc<DocumentSections<'a>> {
        let mut made = crate::lock(&self.document_sections);
        if let Some(sections) = made.get(lang) {
            return sections.clone();
        }
        let site: &'a Site = self.site;
        let mut sections = DocumentSections::new();
        for (ap, av) in site.areas(lang) {
            let Kind::Area { area } = &ap.kind else {
                continue;
            };
            sections.insert(&av.url, ap);
            for (cp, cv) in site.commitments(area, lang) {
                sections.insert(&cv.url, cp);
            }
        }
        let sections = Arc::new(sections);
        made.insert(lang.to_string(), sections.clone());
        sections
    }

    /// The anchor of the document's section of `page`, an area
    /// (`a-health`) or a commitment (`c-health-ambulance`), as
    /// [`Self::document_job`] gives them.
    fn section_anchor(page: &Page) -> Option<String> {
        match &page.kind {
            Kind::Area { area } => Some(Self::area_anchor(area)),
            Kind::Commitment { .. } => Some(Self::commitment_anchor(&Self::commitment_id(page)?)),
            _ => None,
        }
    }

    /// The anchor of area `area`'s section on the document page.
    fn area_anchor(area: &str) -> String {
        format!("a-{}", markdown::anchor_of(area))
    }

    /// The anchor of the section on the document page of the commitment
    /// `id` ([`Self::commitment_id`]), which also prefixes the anchors in
    /// its body.
    fn commitment_anchor(id: &str) -> String {
        format!("c-{}", markdown::anchor_of(id))
    }

    /// `/<lang>/document/`: the whole promise in reading order.
    pub(super) fn document_job(&self, lang: &str) -> Option<Job> {
        let site = self.site;
        let route = Route::Document;
        if !route.published(site, lang) {
            return None;
        }
        let url = route.url(site, lang);
        let default = site.default_lang();
        let promise = site.page("_index.md").and_then(|p| p.variant(lang));
        let mut slots = Vec::new();
        let slot_lang: std::sync::Arc<str> = lang.into();
        let ctx_promise = promise.map(|v| {
            deps::front("_index.md", &v.lang);
            let tl = text_lang(site, v);
            let fmt = |d: Option<chrono::NaiveDate>| d.map(|d| format::format_date(d, lang));
            DocumentPromise {
                title: v.title(),
                lang: other(tl, lang),
                url: &v.url,
                summary: v.front.summary.as_deref(),
                content: self.nested_body(&mut slots, v, &slot_lang, "promise", 0),
                valid_from: fmt(v.front.valid_from()),
                valid_until: fmt(v.front.valid_until()),
                decision: v.front.decision().map(|d| DocumentDecision {
                    body: &d.body,
                    date: fmt(d.date),
                    reference: &d.reference,
                    url: &d.url,
                }),
            }
        });
        // Each indicator's view, worked out once for the whole document.
        let mut views = std::collections::HashMap::new();
        let mut parts = self
            .in_parts(Listing::Document)
            .then(|| Parts::new(Listing::Document, slot_lang.clone(), slots.len()));
        let areas: Vec<tera::Value> = site
            .areas(lang)
            .into_iter()
            .filter_map(|(ap, av)| {
                let Kind::Area { area } = &ap.kind else {
                    return None;
                };
                let commitments: Vec<tera::Value> = site
                    .commitments(area, lang)
                    .into_iter()
                    .map(|(cp, cv)| match &mut parts {
                        Some(parts) => parts.add(site, cp, cv),
                        None => {
                            self.document_commitment(cp, cv, &slot_lang, &mut slots, &mut views)
                        }
                    })
                    .collect();
                let area = tera::Value::from_serializable(&DocumentArea {
                    link: self.link_in_slot(ap, av, lang),
                    anchor: Self::area_anchor(area),
                    commitments,
                });
                if let Some(parts) = &mut parts {
                    parts.end_group(area.clone());
                }
                Some(area)
            })
            .collect();
        // The promise's own text may list the service areas with links to
        // them (a "Lupaukset palveluittain" section): then that list,
        // a few lines above, is the document's contents, and a second list
        // of the same areas ("Sisällys") is left out.
        let areas_listed = promise.is_some_and(|v| {
            // The addresses its links resolve to; the body's HTML is not
            // needed for that.
            let hrefs: Vec<String> = site
                .body(v.file)
                .links
                .iter()
                .filter_map(|l| {
                    links::resolve(site, lang, &l.dest, v.fallback)
                        .ok()
                        .flatten()
                })
                .map(|r| r.href)
                .collect();
            let areas = site.areas(lang);
            !areas.is_empty()
                && areas
                    .iter()
                    .all(|(_, av)| hrefs.iter().any(|h| *h == *av.url))
        });
        let figures = self.figures_date(lang);
        let (_, print_css, _) = self.document_css(lang);
        let organisation = Marked::of(&site.config.organisation, lang, default);
        let mut job = self.generated_job(lang, Route::Document, "document.html", |ctx| {
            let title = promise
                .map(|v| v.title().to_string())
                .unwrap_or_else(|| self.i18n.get(lang, "document_title"));
            ctx.insert("promise", &ctx_promise);
            ctx.insert("document_css", &print_css);
            ctx.insert_value("areas", tera::Value::from(areas));
            ctx.insert("areas_listed", &areas_listed);
            ctx.insert(
                "document",
                &DocumentView {
                    organisation,
                    address: self.abs(&url),
                    figures,
                },
            );
            ctx.insert(
                "page",
                &DocumentPage {
                    kind: "document",
                    title,
                    lang: promise
                        .map(|v| text_lang(site, v))
                        .and_then(|tl| other(tl, lang)),
                },
            );
        });
        // Kept until the page is written, after every other page.
        slots.shrink_to_fit();
        job.slots = slots;
        job.parts = parts;
        Some(job)
    }

    /// A commitment as the document lists it (`c` of `document.html` and
    /// `document_commitment.html`): its body a slot added to `slots`, its
    /// indicators' views taken from `views`, or made and kept there.
    pub(super) fn document_commitment(
        &self,
        cp: &Page,
        cv: &Variant,
        lang: &std::sync::Arc<str>,
        slots: &mut Vec<Slot>,
        views: &mut std::collections::HashMap<Box<str>, tera::Value>,
    ) -> tera::Value {
        let site = self.site;
        let link = self.link_in_slot(cp, cv, lang);
        let id = Self::commitment_id(cp).unwrap_or_default();
        let prefix = Self::commitment_anchor(&id);
        let indicators = link
            .indicators
            .iter()
            .filter_map(|i| site.indicators.get(i))
            .map(|ind| match views.get(ind.id.as_str()) {
                Some(view) => view.clone(),
                None => {
                    let view = tera::Value::from_serializable(&self.indicator_view(ind, lang));
                    views.insert(ind.id.as_str().into(), view.clone());
                    view
                }
            })
            .collect();
        tera::Value::from_serializable(&DocumentCommitment {
            id,
            content: self.nested_body(slots, cv, lang, &prefix, 2),
            anchor: prefix,
            link,
            indicators,
        })
    }
}

#[cfg(test)]
mod tests {
    fn example() -> crate::build::Prepared {
        let opts = crate::build::build_options(crate::build::example_root(), false, true);
        crate::build::render_prepared(&opts)
            .expect("the example builds")
            .1
    }

    #[test]
    fn the_document_takes_its_bodies_from_the_stash() {
        let prepared = example();
        let site = &prepared.site;
        let promise = site.page("_index.md").and_then(|p| p.variant("fi"));
        let promise = promise.expect("the example has a promise in Finnish");
        let stash = crate::stash::Stash::new(None).expect("a temporary file");
        stash.put(
            promise.file,
            "fi",
            false,
            &crate::output::SlotText::plain("<p>Stashed text</p>".into()),
        );
        let mut renderer = prepared.renderer();
        renderer.stash = Some(&stash);
        let mut out = crate::output::Output::new(false);
        let diags = crate::diagnostics::Diagnostics::new();
        let work = vec![crate::render::Work::Document("fi")];
        renderer.render_list(work, &|_| true, &mut out, &diags);
        let path = crate::site::Route::Document.file(site, "fi");
        let page = out.read(&path).expect("the document is rendered");
        assert!(String::from_utf8_lossy(&page).contains("<p>Stashed text</p>"));
    }

    /// With a stash, the document takes its bodies from it and the long
    /// listings are rendered through a temporary file
    /// (`Renderer::render_job_via_file`); without, neither.
    #[test]
    fn a_build_with_the_stash_has_the_bytes_of_one_without() {
        let opts = crate::build::build_options(crate::build::example_root(), true, true);
        let (rendered, prepared) = crate::build::render_prepared(&opts).expect("builds");
        let mut out = crate::output::Output::new(true);
        let diags = crate::diagnostics::Diagnostics::new();
        let plain = prepared.renderer();
        assert!(plain.stash.is_none());
        plain.render_all(&mut out, &diags);
        let mut documents = 0;
        for path in out.paths().filter(|p| p.ends_with(".html")) {
            let with = rendered.output.read(path).unwrap_or_default();
            assert!(with == out.read(path).unwrap_or_default(), "{path} differs");
            documents += usize::from(path.contains("/document/"));
        }
        assert_eq!(documents, 3, "the document in three languages");
    }
}

//! The contexts of content pages: the promise, a service area, a
//! commitment (with its summary card) and a free page, and the job that
//! renders one of them.

use std::collections::BTreeMap;

use tera::{Context, Value};

use super::context::page::{
    CommitmentView, DecisionView, FallbackLink, PageView, StatusView, SummaryView, ValidityView,
};
use super::context::results::IndicatorView;
use super::context::{PageLink, other, text_lang};
use crate::content::front_matter::{Kind, PERSPECTIVES};
use crate::diagnostics::Diagnostic;
use crate::format;
use crate::output::SlotText;
use crate::site::urls::url_to_file;
use crate::site::{Page, Variant, links};

use super::{Job, Renderer};

impl Renderer<'_> {
    pub(super) fn page_job(&self, page: &Page, v: &Variant) -> Result<Job, Vec<Diagnostic>> {
        let site = self.site;
        let lang: &str = &v.lang;
        let default = site.default_lang();
        let file = &site.files[v.file];
        let tl = text_lang(site, v);
        super::deps::body(&page.key, lang);
        super::deps::front(&page.key, lang);
        let mut errors = Vec::new();
        let body = site.body_to_render(v.file);
        if let Some(on_body) = self.on_body {
            on_body(page, v, &body.text());
        }
        let body = body.fill(self.note_words(tl), |dest| {
            links::resolve(site, lang, dest, v.fallback)
        });
        let html = body.html;
        // For the document page, which shows the body too (in a build).
        let stashed = self.stash.map(|_| super::Body {
            file: v.file,
            lang: lang.to_string(),
            fallback: v.fallback,
            html: html.clone(),
        });
        let place = |line: usize| line + file.body_line as usize - 1;
        for (line, col, msg) in body.errors {
            errors.push(msg.error(&*file.path).at(place(line), Some(col)));
        }
        let warnings: Vec<Diagnostic> = body
            .warnings
            .into_iter()
            .map(|(line, col, msg)| msg.warning(&*file.path).at(place(line), Some(col)))
            .collect();
        // Every broken link is reported, not only the first of a page, and
        // the page's warnings with them: a writer sees every problem of
        // the text at once, not its warnings only once the errors are gone.
        if !errors.is_empty() {
            errors.extend(warnings);
            return Err(errors);
        }
        let mut ctx = self.base_context(lang, &v.url);
        let languages = self.languages_for(Some(page), lang, None);
        ctx.insert("languages", &languages);
        if v.fallback
            && let Some(d) = page.variant(default)
        {
            ctx.insert("canonical", &self.abs(&d.url));
        }
        let link = self.link(page, v, lang, &v.url);
        let kind = match &page.kind {
            Kind::Promise => "promise",
            Kind::Area { .. } => "area",
            Kind::Commitment { .. } => "commitment",
            Kind::Free { .. } => "page",
        };
        ctx.insert(
            "page",
            &PageView {
                kind,
                title: v.title(),
                lang: other(tl, lang),
                content: html,
                summary: link.summary.clone(),
                summary_lang: link.summary_lang.clone().or(link.lang.clone()),
                url: &v.url,
                draft: v.draft,
                fallback: v.fallback,
                fallback_notice: v.fallback.then(|| {
                    self.i18n.get(lang, "fallback_notice").replace(
                        "{language}",
                        &self.i18n.get(lang, &format!("lang_in_{default}")),
                    )
                }),
                fallback_link: if v.fallback {
                    page.variant(default).map(|d| {
                        let notice = self.i18n.get(lang, "fallback_notice");
                        let (before, after) =
                            notice.split_once("{language}").unwrap_or((&notice, ""));
                        FallbackLink {
                            before: before.to_string(),
                            text: self.i18n.get(lang, &format!("lang_in_{default}")),
                            after: after.to_string(),
                            url: &d.url,
                            lang: default,
                        }
                    })
                } else {
                    None
                },
                date: link.date.clone(),
                date_iso: link.date_iso.clone(),
                key: &page.key,
                source: &file.path,
            },
        );
        let template = match &page.kind {
            Kind::Promise => {
                self.promise_context(&mut ctx, v, lang);
                "promise.html"
            }
            Kind::Area { area } => {
                // No commitment is the area page itself: the entries are
                // those of any other page.
                self.area_context(&mut ctx, area, lang);
                ctx.insert("counts", &link.counts);
                "area.html"
            }
            Kind::Commitment { area, .. } => {
                self.commitment_context(&mut ctx, area, v, &link, lang);
                self.commitment_lifecycle(&mut ctx, page, v, lang);
                "commitment.html"
            }
            Kind::Free { .. } => "page.html",
        };
        let frame = match page.kind {
            Kind::Commitment { .. } => self.frame_key(lang, &v.url),
            _ => None,
        };
        Ok(Job {
            out: url_to_file(&v.url, &site.options.prefix),
            template,
            ctx,
            source: file.path.to_string(),
            url: v.url.to_string(),
            warnings,
            slots: Vec::new(),
            body: stashed,
            parts: None,
            frame,
        })
    }

    /// Leaves a content page's body in the [`super::Stash`] for the
    /// document page, and returns the page's HTML to write, with the slot
    /// its body goes into when the body was minified here.
    ///
    /// When the build minifies, the body is minified once, here, for both
    /// pages: the page is cut where its body is, its body minified on its
    /// own and stashed minified, and the document nests the minified body
    /// as it is ([`super::nest`]) instead of minifying every body a second
    /// time (the document pages are a third of the HTML a build minifies).
    /// This gives the bytes of minifying the whole page when the body is
    /// alone in an element of its own (the theme's
    /// `<div class="prose">{{ page.content | safe }}</div>`), which is
    /// checked: otherwise, or when the one-pass minifier refuses the body,
    /// the body is stashed as it is and the page minified whole.
    ///
    /// A page cut at its body is cut at the fragments its template marked
    /// `repeated` too (`noted`, see [`super::fragments`]): its slots' texts
    /// are then the body's (slot 0) and the fragments', minified once for
    /// every page that repeats them.
    pub(super) fn stash_body(
        &self,
        body: super::Body,
        html: String,
        noted: &[String],
    ) -> (String, Option<Vec<SlotText>>) {
        let Some(stash) = self.stash else {
            return (html, None);
        };
        let own = self
            .minify_bodies
            .then(|| body_alone_in_div(&html, &body.html))
            .flatten()
            .filter(|_| !crate::output::has_slot_marks(&html))
            .and_then(|at| {
                let minified = crate::output::minify_onepass(body.html.as_bytes())?;
                Some((at, crate::utf8_string(minified).ok()?))
            });
        match own {
            Some((at, minified)) => {
                let text = SlotText {
                    html: minified,
                    minified: true,
                };
                stash.put(body.file, &body.lang, body.fallback, &text);
                let mut cut = String::with_capacity(html.len() - body.html.len() + 8);
                cut.push_str(&html[..at]);
                cut.push_str(&crate::output::slot(0));
                cut.push_str(&html[at + body.html.len()..]);
                let (cut, fragments) = self.fragments.cut(cut, noted, 1);
                let mut slots = Vec::with_capacity(1 + fragments.len());
                slots.push(text);
                slots.extend(fragments);
                (cut, Some(slots))
            }
            None => {
                stash.put(
                    body.file,
                    &body.lang,
                    body.fallback,
                    &SlotText::plain(body.html),
                );
                (html, None)
            }
        }
    }

    pub(super) fn promise_context(&self, ctx: &mut Context, v: &Variant, lang: &str) {
        let site = self.site;
        let default = site.default_lang();
        let fmt = |d: Option<chrono::NaiveDate>| d.map(|d| format::format_date(d, lang));
        let iso = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
        let tl = text_lang(site, v);
        ctx.insert("decision", &None::<DecisionView>);
        if let Some(dec) = v.front.decision() {
            let body_lang = if v.inherited.contains(&"decision.body") {
                default
            } else {
                tl
            };
            ctx.insert(
                "decision",
                &DecisionView {
                    body: &dec.body,
                    body_lang: other(body_lang, lang),
                    date: fmt(dec.date),
                    date_iso: iso(dec.date),
                    reference: &dec.reference,
                    url: &dec.url,
                },
            );
        }
        ctx.insert(
            "validity",
            &ValidityView {
                from: fmt(v.front.valid_from()),
                from_iso: iso(v.front.valid_from()),
                until: fmt(v.front.valid_until()),
                until_iso: iso(v.front.valid_until()),
            },
        );
        let areas = site.areas(lang);
        let area_entries = self.links(&areas, lang);
        let areas: Vec<Value> = areas
            .iter()
            .zip(area_entries)
            .map(|((p, _), entry)| {
                let commitments = match &p.kind {
                    Kind::Area { area } => {
                        self.promise_commitments(&site.commitments(area, lang), lang)
                    }
                    _ => Vec::new(),
                };
                Value::from(BTreeMap::from([
                    ("area", entry),
                    ("commitments", Value::from(commitments)),
                ]))
            })
            .collect();
        ctx.insert_value("areas", Value::from(areas));
        ctx.insert("figures", &self.eval.total);
        let dated = site.dated_pages(lang);
        // Which three are the latest depends on every dated page's date.
        for (p, dv) in &dated {
            super::deps::front(&p.key, &dv.lang);
        }
        let news: Vec<PageLink> = dated
            .into_iter()
            .take(3)
            .map(|(p, dv)| self.link(p, dv, lang, &v.url))
            .collect();
        ctx.insert("news", &news);
    }

    pub(super) fn area_context(&self, ctx: &mut Context, area: &str, lang: &str) {
        let site = self.site;
        let pages = site.commitments(area, lang);
        let all = self.links(&pages, lang);
        let groups: Vec<Value> = PERSPECTIVES
            .iter()
            .filter_map(|p| {
                let items: Vec<Value> = pages
                    .iter()
                    .zip(&all)
                    .filter(|((_, v), _)| v.front.perspective.as_deref() == Some(*p))
                    .map(|(_, entry)| entry.clone())
                    .collect();
                (!items.is_empty()).then(|| {
                    Value::from(BTreeMap::from([
                        ("perspective", Value::from(*p)),
                        (
                            "label",
                            Value::from(self.i18n.get(lang, &format!("perspective_{p}"))),
                        ),
                        (
                            "description",
                            Value::from(
                                self.i18n.get(lang, &format!("perspective_{p}_description")),
                            ),
                        ),
                        ("commitments", Value::from(items)),
                    ]))
                })
            })
            .collect();
        ctx.insert_value("commitments", Value::from(all));
        ctx.insert_value("groups", Value::from(groups));
    }

    pub(super) fn commitment_context(
        &self,
        ctx: &mut Context,
        area: &str,
        v: &Variant,
        link: &PageLink,
        lang: &str,
    ) {
        let site = self.site;

        if let Some(ap) = site.page(&format!("areas/{area}/_index.md"))
            && let Some(av) = ap.variant(lang)
        {
            ctx.insert("area", &self.link(ap, av, lang, &v.url));
        }
        if let Some(status) = &link.status {
            ctx.insert(
                "status",
                &StatusView {
                    status,
                    status_label: &link.status_label,
                },
            );
        }
        ctx.insert(
            "commitment",
            &CommitmentView {
                perspective: &link.perspective,
                perspective_label: &link.perspective_label,
                resident_view: &link.resident_view,
                resident_view_lang: &link.resident_view_lang,
            },
        );
        let indicators: Vec<IndicatorView> = link
            .indicators
            .iter()
            .filter_map(|id| site.indicators.get(id))
            .map(|ind| self.indicator_view(ind, lang))
            .collect();
        ctx.insert("summary", &self.commitment_summary(&link.indicators, lang));
        ctx.insert(
            "indicator_groups",
            &self.indicator_groups(&indicators, lang),
        );
        ctx.insert("indicators", &indicators);
    }

    /// Why a commitment has its status: how many of its indicators with a
    /// value met their target, in words, and the latest period among them.
    pub(super) fn commitment_summary(&self, ids: &[String], lang: &str) -> SummaryView {
        let summaries: Vec<_> = ids
            .iter()
            .filter_map(|id| self.eval.indicators.get(id))
            .collect();
        let measured = summaries.iter().filter(|s| s.latest.is_some()).count();
        let met = ids
            .iter()
            .filter(|id| self.eval.indicator_status(id) == crate::results::IndicatorStatus::Met)
            .count();
        let latest = summaries
            .iter()
            .filter_map(|s| s.latest.map(|(p, _)| p))
            .max();
        let text = match measured {
            0 => None,
            // "Mittari ei saavuttanut tavoitetta", not "1 mittarista 0 …".
            1 => Some(self.i18n.get(
                lang,
                if met == 1 {
                    "summary_one_met"
                } else {
                    "summary_one_not_met"
                },
            )),
            // Two are "kumpikaan" and "molemmat" ("neither", "both"), not
            // "Yksikään 2 mittarista" and "Kaikki 2 mittaria".
            2 if met == 0 => Some(self.i18n.get(lang, "summary_neither_met")),
            2 if met == 2 => Some(self.i18n.get(lang, "summary_both_met")),
            // "Yksikään 3 mittarista ei saavuttanut tavoitetta", not
            // "3 mittarista 0 …"; "Kaikki 3 mittaria …", not "3 mittarista
            // 3 …". Both take their form from the count of indicators.
            _ if met == 0 || met == measured => Some(self.i18n.plural(
                lang,
                if met == 0 {
                    "summary_none_met"
                } else {
                    "summary_all_met"
                },
                measured as i64,
                &measured.to_string(),
            )),
            // Some met: the words agree with the indicators that met their
            // target ("1 of 2 indicators met its target"), so the form is
            // chosen by `met`; `{n}` is still the count measured.
            _ => Some(
                self.i18n
                    .plural(lang, "summary_met", met as i64, &measured.to_string())
                    .replace("{met}", &met.to_string()),
            ),
        };
        SummaryView {
            text,
            period: latest.map(|p| self.period(&p, lang)),
            met,
            measured,
            total: ids.len(),
        }
    }
}

/// Where `body` is in `html` when it is all that an element `div` holds
/// (besides white space), so that minifying it apart from the page gives
/// the bytes minifying the page whole would (a `div` and a fragment's top
/// level trim and drop white space alike, and nothing of the body meets
/// the page around it); `None` otherwise, or for an empty body.
fn body_alone_in_div(html: &str, body: &str) -> Option<usize> {
    if body.trim().is_empty() {
        return None;
    }
    let trimmed = body.trim_matches(|c: char| c.is_ascii_whitespace());
    if !(trimmed.starts_with('<') && trimmed.ends_with('>')) || trimmed.starts_with("<!") {
        return None;
    }
    let at = super::fragments::find_whole(html, body, 0)?;
    let before = html[..at].trim_end_matches(|c: char| c.is_ascii_whitespace());
    let after = html[at + body.len()..].trim_start_matches(|c: char| c.is_ascii_whitespace());
    let opens_div = super::fragments::ends_with_start_tag(before, &["div"]).is_some();
    (opens_div && after.starts_with("</div>")).then_some(at)
}

#[cfg(test)]
mod tests {
    use super::body_alone_in_div;

    #[test]
    fn a_body_alone_in_a_div_is_found() {
        let body = "<p>Teksti</p>\n<h2 id=\"a\">A</h2>\n";
        let page =
            format!("<main><p>x</p><div class=\"prose\" lang=\"sv\">\n{body}\n</div></main>");
        assert_eq!(body_alone_in_div(&page, body), page.find(body));
        let page = format!("<div>{body}</div>");
        assert_eq!(body_alone_in_div(&page, body), Some(5));
    }

    #[test]
    fn a_body_beside_other_content_or_outside_a_div_is_not() {
        let body = "<p>Teksti</p>\n";
        for page in [
            format!("<div class=\"prose\"><p>Before</p>{body}</div>"),
            format!("<div class=\"prose\">{body}<p>After</p></div>"),
            format!("<section>{body}</section>"),
            format!("<divider>{body}</div>"),
            format!("<div>text {body}</div>"),
            "<div><p>Other</p></div>".to_string(),
        ] {
            assert_eq!(body_alone_in_div(&page, body), None, "{page}");
        }
        // A body that starts or ends with text or a comment is not cut out.
        for body in [
            "text <b>x</b>",
            "<p>x</p> text",
            "<!-- c --><p>x</p>",
            "  \n",
        ] {
            let page = format!("<div>{body}</div>");
            assert_eq!(body_alone_in_div(&page, body), None, "{body}");
        }
    }

    /// A build minifies a content page's body once, and the menu's
    /// entries and the footer once for every page that shows them: the
    /// page is written with the bytes of minifying it whole, and the body
    /// is stashed minified for the document.
    #[test]
    fn a_content_page_is_minified_in_two_pieces_as_a_whole() {
        let opts = crate::build::build_options(crate::build::example_root(), false, true);
        let prepared = crate::build::render_prepared(&opts)
            .expect("the example builds")
            .1;
        let site = &prepared.site;
        let (page, v) = site
            .pages
            .iter()
            .find_map(|p| {
                let v = p.variant("fi")?;
                matches!(p.kind, super::Kind::Commitment { .. }).then_some((p, v))
            })
            .expect("the example has a commitment in Finnish");
        let render = |stash: Option<&crate::stash::Stash>| {
            let mut renderer = prepared.renderer();
            renderer.stash = stash;
            renderer.minify_bodies = stash.is_some();
            let mut out = crate::output::Output::new(true);
            let diags = crate::diagnostics::Diagnostics::new();
            let work = vec![crate::render::Work::Page(page, v)];
            renderer.render_list(work, &|_| true, &mut out, &diags);
            let path = crate::site::urls::url_to_file(&v.url, &site.options.prefix);
            let bytes = out.read(&path).expect("the page is rendered").to_vec();
            (bytes, renderer.fragments.known())
        };
        let stash = crate::stash::Stash::new(None).expect("a temporary file");
        let (cut, fragments) = render(Some(&stash));
        // The menu's entries, the same on the area's pages, and the
        // footer, the same on the language's, each minified once.
        assert_eq!(
            fragments, 2,
            "the menu and the footer are cut from the page"
        );
        let (whole, none) = render(None);
        assert_eq!(none, 0, "without the stash the page is minified whole");
        assert_eq!(
            String::from_utf8_lossy(&cut),
            String::from_utf8_lossy(&whole)
        );
        let kept = stash.get(v.file, "fi", false).expect("the body is stashed");
        assert!(kept.minified, "stashed minified");
        assert!(String::from_utf8_lossy(&cut).contains(&kept.html));
    }
}

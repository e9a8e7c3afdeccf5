//! What content pages add to the base context: `page` on every content
//! page; `decision` and `validity` on the promise (`promise.html`);
//! `commitment`, `status` and `summary` on a commitment page
//! (`commitment.html`).

use serde::Serialize;

/// `page` of a content page.
#[derive(Debug, Clone, Serialize)]
pub struct PageView<'a> {
    /// `promise`, `area`, `commitment` or `page`.
    pub kind: &'static str,
    /// Title.
    pub title: &'a str,
    /// The language of the text when it is not the page's (a fallback).
    pub lang: Option<String>,
    /// The body as HTML.
    pub content: String,
    /// Summary, if any.
    pub summary: Option<String>,
    /// The summary's language when it is not the page's.
    pub summary_lang: Option<String>,
    /// Address.
    pub url: &'a str,
    /// Draft (only in previews and `--drafts` builds).
    pub draft: bool,
    /// Whether the page shows the default language's text.
    pub fallback: bool,
    /// On a fallback page, the notice that says so, as one text.
    pub fallback_notice: Option<String>,
    /// The same notice with a link to the page in the language whose
    /// text it shows (format 1.1).
    pub fallback_link: Option<FallbackLink<'a>>,
    /// Date, formatted, for dated pages.
    pub date: Option<String>,
    /// Date as `YYYY-MM-DD`.
    pub date_iso: Option<String>,
    /// Content key (`areas/family/_index.md`).
    pub key: &'a str,
    /// The Markdown file, relative to the site root.
    pub source: &'a str,
}

/// `page.fallback_link`: `before`, a link (`text` to `url`, in `lang`),
/// `after`.
#[derive(Debug, Clone, Serialize)]
pub struct FallbackLink<'a> {
    /// The notice before the link.
    pub before: String,
    /// The link's text (the language's name, inflected).
    pub text: String,
    /// The notice after the link.
    pub after: String,
    /// The page in the default language.
    pub url: &'a str,
    /// The default language.
    pub lang: &'a str,
}

/// `decision` of `promise.html` (null without one): the council's
/// decision that approved the promise.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionView<'a> {
    /// The deciding body.
    pub body: &'a Option<String>,
    /// Its language when it is not the page's.
    pub body_lang: Option<String>,
    /// The date, formatted.
    pub date: Option<String>,
    /// The date, `YYYY-MM-DD`.
    pub date_iso: Option<String>,
    /// The decision's reference (`§ 45`).
    pub reference: &'a Option<String>,
    /// Where the minutes are.
    pub url: &'a Option<String>,
}

/// `validity` of `promise.html`: when the promise is in force.
#[derive(Debug, Clone, Serialize)]
pub struct ValidityView {
    /// From, formatted.
    pub from: Option<String>,
    /// From, `YYYY-MM-DD`.
    pub from_iso: Option<String>,
    /// Until, formatted.
    pub until: Option<String>,
    /// Until, `YYYY-MM-DD`.
    pub until_iso: Option<String>,
}

/// `commitment` of `commitment.html`.
#[derive(Debug, Clone, Serialize)]
pub struct CommitmentView<'a> {
    /// Perspective id.
    pub perspective: &'a Option<String>,
    /// Perspective in words.
    pub perspective_label: &'a Option<String>,
    /// The first-person view.
    pub resident_view: &'a Option<String>,
    /// Its language when it is not the page's.
    pub resident_view_lang: &'a Option<String>,
}

/// `status` of `commitment.html` (absent without results).
#[derive(Debug, Clone, Serialize)]
pub struct StatusView<'a> {
    /// `met`, `partly_met`, `not_met` or `no_data`.
    pub status: &'a str,
    /// The status in words.
    pub status_label: &'a Option<String>,
}

/// `summary` of `commitment.html`: why the commitment has its status.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryView {
    /// "2 mittarista tavoitteen saavutti 1", when any indicator has a value.
    pub text: Option<String>,
    /// The latest period among them, in words.
    pub period: Option<String>,
    /// Indicators that met their target.
    pub met: usize,
    /// Indicators with a value.
    pub measured: usize,
    /// Indicators followed.
    pub total: usize,
}

//! What the promise's life cycle adds: a commitment page's `change`, the
//! changes page (`changes.html`: `groups`, `total`, `previous`,
//! `current_validity`) and the whole promise on one page
//! (`document.html`: `promise`, `areas`, `document`).

use serde::Serialize;

use super::{Marked, PageLink};

/// `change` of `commitment.html`: whether and how the commitment changed
/// since the previous version.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeNote {
    /// `added`, `removed` or `changed`.
    pub kind: &'static str,
    /// What changed, in a few words each.
    pub what: Vec<String>,
    /// Its entry on the changes page.
    pub url: String,
}

/// One of `groups` of `changes.html`: the changes of one kind.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeGroup<'a> {
    /// `added`, `removed` or `changed`.
    pub kind: &'static str,
    /// Its heading.
    pub heading: String,
    /// Its entries.
    pub items: Vec<&'a ChangeView>,
}

/// One entry of the changes page.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    /// `added`, `removed` or `changed`.
    pub kind: &'static str,
    /// The commitment's id (`health/ambulance`).
    pub id: String,
    /// The entry's anchor.
    pub anchor: String,
    /// The commitment's title.
    pub title: String,
    /// Its language when it is not the page's.
    pub title_lang: Option<String>,
    /// Its area's title.
    pub area: String,
    /// Its language when it is not the page's.
    pub area_lang: Option<String>,
    /// The commitment's page, when it still exists.
    pub url: Option<String>,
    /// The reworded fields in this language, each with its diff.
    pub fields: Vec<FieldDiff>,
    /// Changed only in other languages.
    pub other_languages_only: bool,
    /// The perspective before and after, when it changed.
    pub perspective: Option<OldNew>,
    /// Changed targets, in words.
    pub targets: Vec<String>,
    /// The first-person view.
    pub resident_view: Option<String>,
    /// Its language when it is not the page's.
    pub resident_view_lang: Option<String>,
    /// A removed commitment's text.
    pub removed_text: Option<String>,
}

/// One reworded field of a change.
#[derive(Debug, Clone, Serialize)]
pub struct FieldDiff {
    /// `title`, `summary`, `resident_view`, `text`.
    pub field: &'static str,
    /// The field's name in words.
    pub label: String,
    /// The diff as HTML (`<del>`, `<ins>`).
    pub diff: String,
}

/// A value before and after.
#[derive(Debug, Clone, Serialize)]
pub struct OldNew {
    /// Before.
    pub old: String,
    /// After.
    pub new: String,
}

/// A version's validity, formatted (`current_validity`,
/// `previous.validity`).
#[derive(Debug, Clone, Serialize)]
pub struct ValidityText {
    /// From.
    pub from: Option<String>,
    /// Until.
    pub until: Option<String>,
}

/// `previous` of `changes.html`: the version this one replaces.
#[derive(Debug, Clone, Serialize)]
pub struct PreviousView {
    /// Its title.
    pub title: String,
    /// Its language when it is not the page's.
    pub title_lang: Option<String>,
    /// When it was in force.
    pub validity: ValidityText,
}

/// `promise` of `document.html` (null without a promise page).
#[derive(Debug, Clone, Serialize)]
pub struct DocumentPromise<'a> {
    /// Title.
    pub title: &'a str,
    /// Its language when it is not the page's.
    pub lang: Option<String>,
    /// The promise's page.
    pub url: &'a str,
    /// Summary.
    pub summary: Option<&'a str>,
    /// The body as HTML, anchors prefixed with `promise`.
    pub content: String,
    /// Valid from, formatted.
    pub valid_from: Option<String>,
    /// Valid until, formatted.
    pub valid_until: Option<String>,
    /// The decision that approved it.
    pub decision: Option<DocumentDecision<'a>>,
}

/// `promise.decision` of `document.html`.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentDecision<'a> {
    /// The deciding body.
    pub body: &'a Option<String>,
    /// Its date, formatted.
    pub date: Option<String>,
    /// Its reference.
    pub reference: &'a Option<String>,
    /// Where the minutes are.
    pub url: &'a Option<String>,
}

/// One of `areas` of `document.html`.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentArea {
    /// The area.
    pub link: PageLink,
    /// Its anchor in the document.
    pub anchor: String,
    /// Its commitments, each a [`DocumentCommitment`] made a template value
    /// as soon as it is built (the document lists every commitment, and
    /// holding them all twice, as records and as values, cost memory), or
    /// in a build its marker (`{slot}`: `render::parts`).
    pub commitments: Vec<tera::Value>,
}

/// One commitment in the document.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentCommitment {
    /// Its id.
    pub id: String,
    /// Its anchor (body anchors are prefixed with it).
    pub anchor: String,
    /// As listings show it.
    pub link: PageLink,
    /// The body as HTML, headings two levels down.
    pub content: String,
    /// Its indicators, each an [`IndicatorView`](super::results::IndicatorView) made a template value
    /// once per document: commitments that follow the same indicator share
    /// it (a tera value is shared, not copied, when it is cloned).
    pub indicators: Vec<tera::Value>,
}

/// `document` of `document.html`: the running header's texts.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    /// The county.
    pub organisation: Marked,
    /// The document's absolute address.
    pub address: String,
    /// The date of the figures.
    pub figures: Option<String>,
}

/// `page` of `document.html`.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentPage {
    /// `document`.
    pub kind: &'static str,
    /// The promise's title (or the theme's `document_title`).
    pub title: String,
    /// Its language when it is not the page's.
    pub lang: Option<String>,
}

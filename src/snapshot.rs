//! The promise as `data/promise.json` records it: one version of the
//! promise's commitments, their texts and their indicators' targets.
//!
//! [`Snapshot::of`] takes it from the site (and `data` writes it); [`read`]
//! takes it back from a published file, the `previous` of `site.yaml`, so
//! that `changes` can compare the two versions. The file is a contract (see
//! the README): fields are added, never renamed or removed, and [`FORMAT`]
//! says which fields a file has, so that a file from an older lupaus, or not
//! from lupaus at all, is recognised as such.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::content::front_matter::Kind;
use crate::results::Evaluation;
use crate::site::Site;
use crate::text::Text;

/// The version of `data/promise.json` this lupaus writes. Version 1 is the
/// first with `format`, `languages` and each commitment's `text`,
/// `resident_view` and `targets`; files written before have no `format`.
pub const FORMAT: u32 = 1;

/// `data/promise.json`. The fields of this and the other records are in
/// alphabetical order, the order in which the file has always had them
/// (it was once written through `serde_json::Value`, which sorts keys);
/// keep them so when adding one.
///
/// `A` is an area's record: [`AreaSnap`] as the file is read back, an area
/// whose commitments are made as they are written when it is written.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Snapshot<A = AreaSnap> {
    /// The service areas in reading order.
    pub areas: Vec<A>,
    /// Commitment statuses counted.
    pub counts: Value,
    /// The decision, as written.
    pub decision: Value,
    /// [`FORMAT`].
    pub format: u32,
    /// The site's languages, the default first.
    pub languages: Vec<String>,
    /// Licence of the data.
    pub license: Option<String>,
    /// The organisation per language.
    pub organisation: BTreeMap<String, String>,
    /// The promise's title per language.
    pub title: Option<BTreeMap<String, String>>,
    /// First day of validity.
    pub valid_from: Option<String>,
    /// Last day of validity.
    pub valid_until: Option<String>,
}

/// A service area; `C` holds its commitments (see [`Snapshot`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AreaSnap<C = Vec<CommitmentSnap>> {
    /// Its commitments in reading order.
    pub commitments: C,
    /// Commitment statuses counted.
    pub counts: Value,
    /// Folder name.
    pub id: String,
    /// Title per language.
    pub title: BTreeMap<String, String>,
    /// Absolute address per language.
    pub url: BTreeMap<String, String>,
}

/// A commitment.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CommitmentSnap {
    /// File name (without language and `.md`); `AREA/ID` names it in the
    /// whole promise.
    pub id: String,
    /// Indicator ids.
    pub indicators: Vec<String>,
    /// Perspective id.
    pub perspective: Option<String>,
    /// The resident's view per language, where there is one.
    pub resident_view: BTreeMap<String, String>,
    /// Follow-up status.
    pub status: String,
    /// The targets of its indicators, in `indicators` order.
    pub targets: Vec<TargetSnap>,
    /// The Markdown text per language.
    pub text: BTreeMap<String, Body>,
    /// Title per language.
    pub title: BTreeMap<String, String>,
    /// Absolute address per language.
    pub url: BTreeMap<String, String>,
}

impl CommitmentSnap {
    /// The Markdown text per language, read.
    pub fn texts(&self) -> BTreeMap<String, String> {
        self.text
            .iter()
            .map(|(l, b)| (l.clone(), b.text().into_owned()))
            .collect()
    }
}

/// A commitment's Markdown text, trimmed: held (a file read back, the
/// preview), or read from its file as the snapshot is written or compared,
/// so that a build's snapshot does not hold every commitment's text at once
/// (see [`crate::site::bodies`]).
#[derive(Debug, Clone)]
pub enum Body {
    /// The text.
    Held(String),
    /// Where to read it.
    File(crate::site::bodies::BodyRef),
}

impl Body {
    /// The text, trimmed.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Body::Held(t) => std::borrow::Cow::Borrowed(t),
            Body::File(r) => std::borrow::Cow::Owned(r.text().trim().to_string()),
        }
    }
}

impl Serialize for Body {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text())
    }
}

impl<'de> Deserialize<'de> for Body {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Body::Held)
    }
}

/// An indicator's target as a commitment follows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetSnap {
    /// Decimals shown.
    pub decimals: u32,
    /// `lower` or `higher`.
    pub direction: String,
    /// Indicator id.
    pub id: String,
    /// Its name per language.
    pub name: BTreeMap<String, String>,
    /// The target value.
    pub target: f64,
    /// The unit per language.
    pub unit: Option<BTreeMap<String, String>>,
}

/// A text in every language of the site (fallbacks resolved).
pub fn all_langs(site: &Site, t: &Text) -> BTreeMap<String, String> {
    site.config
        .languages
        .iter()
        .map(|l| (l.clone(), t.text(l, site.default_lang())))
        .collect()
}

fn titles_and_urls(
    site: &Site,
    page: &crate::site::Page,
) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
    let mut titles = BTreeMap::new();
    let mut urls = BTreeMap::new();
    for v in &page.variants {
        titles.insert(v.lang.to_string(), v.title().to_string());
        // As in the sitemap and the feeds: a URI, `ä` percent-encoded too.
        urls.insert(
            v.lang.to_string(),
            crate::site::urls::absolute(site, &v.url),
        );
    }
    (titles, urls)
}

impl Snapshot {
    /// The promise as the site has it now.
    pub fn of(site: &Site, eval: &Evaluation) -> Snapshot {
        Self::with(site, eval, |area| records(site, eval, area).collect())
    }

    /// Writes the promise as the site has it now, in the file's text
    /// (`data/promise.json`): the same bytes as the whole snapshot
    /// serialised, without the whole snapshot ever held at once. The file
    /// around the areas' commitments (a few kilobytes) is serialised first
    /// with a marker in place of each area's list; the commitments' records
    /// are then made and serialised side by side, a few hundred at a time,
    /// and written in order into the lists, indented as the pretty printer
    /// indents them there (their texts hold no line break: JSON escapes it).
    pub fn write(
        site: &Site,
        eval: &Evaluation,
        w: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        let areas = std::cell::RefCell::new(Vec::new());
        let frame = Self::with(site, eval, |area| {
            let mut areas = areas.borrow_mut();
            areas.push(area);
            ListMarker(areas.len() - 1)
        });
        let frame = serde_json::to_string_pretty(&frame)?;
        let areas = areas.into_inner();
        let mut rest = frame.as_str();
        for (n, area) in areas.iter().enumerate() {
            let marker = format!("\"{}\"", ListMarker(n).text());
            let Some(at) = rest.find(&marker) else {
                return Err(std::io::Error::other(
                    "promise.json: an area's list went missing",
                ));
            };
            w.write_all(&rest.as_bytes()[..at])?;
            // The list's line, up to its key, is indented as the list's end.
            let line = &rest[rest[..at].rfind('\n').map_or(0, |i| i + 1)..at];
            let end_indent = &line[..line.len() - line.trim_start().len()];
            write_records(site, eval, area, end_indent, w)?;
            rest = &rest[at + marker.len()..];
        }
        w.write_all(rest.as_bytes())?;
        w.write_all(b"\n")
    }

    /// The snapshot with each area's commitments as `commitments` gives
    /// them for the area's id.
    fn with<'s, C>(
        site: &'s Site,
        eval: &Evaluation,
        commitments: impl Fn(&'s str) -> C,
    ) -> Snapshot<AreaSnap<C>> {
        let default = site.default_lang();
        let mut areas = Vec::new();
        for (page, _) in site.areas(default) {
            let Kind::Area { area } = &page.kind else {
                continue;
            };
            let (title, url) = titles_and_urls(site, page);
            areas.push(AreaSnap {
                id: area.to_string(),
                title,
                url,
                counts: to_value(eval.areas.get(&**area).cloned().unwrap_or_default()),
                commitments: commitments(area),
            });
        }
        let promise = site.page("_index.md");
        let front = promise.map(|p| &site.files[p.default_file].front);
        Snapshot {
            format: FORMAT,
            languages: site.config.languages.clone(),
            license: site.config.license.clone(),
            title: promise.map(|p| titles_and_urls(site, p).0),
            organisation: all_langs(site, &site.config.organisation),
            valid_from: front.and_then(|f| f.valid_from()).map(|d| d.to_string()),
            valid_until: front.and_then(|f| f.valid_until()).map(|d| d.to_string()),
            decision: to_value(front.and_then(|f| f.decision())),
            counts: to_value(eval.total),
            areas,
        }
    }

    /// The default language.
    pub fn default_lang(&self) -> &str {
        self.languages.first().map(String::as_str).unwrap_or("")
    }

    /// Every commitment with its area's id, in reading order.
    pub fn commitments(&self) -> impl Iterator<Item = (&AreaSnap, &CommitmentSnap)> {
        self.areas
            .iter()
            .flat_map(|a| a.commitments.iter().map(move |c| (a, c)))
    }
}

fn to_value<T: Serialize>(v: T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// Where [`Snapshot::write`] puts the `n`th area's commitments: a string
/// in private-use characters, which no title or address holds.
struct ListMarker(usize);

impl ListMarker {
    fn text(&self) -> String {
        format!("\u{E004}{}\u{E005}", self.0)
    }
}

impl Serialize for ListMarker {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text())
    }
}

/// Writes `area`'s commitments as the pretty printer writes a list whose
/// closing bracket is indented by `end_indent`: the records are made and
/// serialised in parallel, [`CHUNK`] at a time, and written in order.
fn write_records(
    site: &Site,
    eval: &Evaluation,
    area: &str,
    end_indent: &str,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    let pages = site.commitments(area, site.default_lang());
    if pages.is_empty() {
        return w.write_all(b"[]");
    }
    let indent = format!("{end_indent}  ");
    let record = |cp: &crate::site::Page| -> std::io::Result<Vec<u8>> {
        let json = serde_json::to_vec_pretty(&commitment(site, eval, cp))?;
        let mut out = Vec::with_capacity(json.len() + json.len() / 8);
        out.push(b'\n');
        out.extend_from_slice(indent.as_bytes());
        for line in json.split_inclusive(|&b| b == b'\n') {
            out.extend_from_slice(line);
            if line.ends_with(b"\n") {
                out.extend_from_slice(indent.as_bytes());
            }
        }
        Ok(out)
    };
    w.write_all(b"[")?;
    for (c, chunk) in pages.chunks(CHUNK).enumerate() {
        let made: Vec<std::io::Result<Vec<u8>>> =
            chunk.par_iter().map(|(cp, _)| record(cp)).collect();
        for (i, bytes) in made.into_iter().enumerate() {
            if c + i > 0 {
                w.write_all(b",")?;
            }
            w.write_all(&bytes?)?;
        }
    }
    w.write_all(b"\n")?;
    w.write_all(end_indent.as_bytes())?;
    w.write_all(b"]")
}

/// How many commitments' records [`write_records`] makes at a time: enough
/// to keep both threads busy, few enough that their texts stay small.
const CHUNK: usize = 256;

/// The records of an area's commitments in reading order, each made when
/// it is taken.
fn records<'a>(
    site: &'a Site,
    eval: &'a Evaluation,
    area: &str,
) -> impl Iterator<Item = CommitmentSnap> + 'a {
    site.commitments(area, site.default_lang())
        .into_iter()
        .map(move |(cp, _)| commitment(site, eval, cp))
}

/// One commitment page as the snapshot records it.
fn commitment(site: &Site, eval: &Evaluation, cp: &crate::site::Page) -> CommitmentSnap {
    let (title, url) = titles_and_urls(site, cp);
    let front = &site.files[cp.default_file].front;
    let id = match &cp.kind {
        Kind::Commitment { name, .. } => name.to_string(),
        _ => cp.key.clone(),
    };
    let mut text = BTreeMap::new();
    let mut resident_view = BTreeMap::new();
    for v in &cp.variants {
        let body = match site.body_ref(v.file) {
            Some(r) => Body::File(r),
            None => Body::Held(site.body_text(v.file).trim().to_string()),
        };
        text.insert(v.lang.to_string(), body);
        if let Some(rv) = &v.front.resident_view {
            resident_view.insert(v.lang.to_string(), rv.to_string());
        }
    }
    let indicators = front.indicators.as_deref().unwrap_or_default().to_vec();
    let targets = indicators
        .iter()
        .filter_map(|id| site.indicators.get(id))
        .map(|ind| TargetSnap {
            id: ind.id.clone(),
            name: all_langs(site, &ind.name),
            target: ind.target,
            unit: ind.unit.as_ref().map(|u| all_langs(site, u)),
            decimals: ind.decimals,
            direction: to_value(ind.direction)
                .as_str()
                .unwrap_or_default()
                .to_string(),
        })
        .collect();
    CommitmentSnap {
        id,
        title,
        url,
        perspective: front.perspective.as_deref().map(str::to_string),
        indicators,
        status: eval
            .commitments
            .get(&cp.key)
            .map(|s| s.as_str())
            .unwrap_or("no_data")
            .to_string(),
        text,
        resident_view,
        targets,
    }
}

/// Why a `previous` file is not a `data/promise.json` this lupaus reads: a
/// message code (`previous.*`) and its values, for an error at `previous`
/// in `site.yaml` (which adds the file's name as `rel`).
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    /// The message code.
    pub code: &'static str,
    /// Its values.
    pub args: Vec<(&'static str, String)>,
}

fn unreadable(code: &'static str, args: Vec<(&'static str, String)>) -> Unreadable {
    Unreadable { code, args }
}

/// Reads a published `data/promise.json`. The error says what the file is
/// and what was expected.
pub fn read(bytes: &[u8]) -> Result<Snapshot, Unreadable> {
    let format = ("format", FORMAT.to_string());
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        unreadable(
            "previous.not_json",
            vec![("error", e.to_string()), format.clone()],
        )
    })?;
    let Some(obj) = value.as_object() else {
        return Err(unreadable("previous.not_object", vec![format]));
    };
    if !obj.contains_key("areas") {
        return Err(unreadable("previous.no_areas", vec![format]));
    }
    match obj.get("format").map(|f| f.as_u64()) {
        None => return Err(unreadable("previous.older", vec![format])),
        Some(Some(n)) if n == u64::from(FORMAT) => {}
        Some(Some(n)) if n > u64::from(FORMAT) => {
            return Err(unreadable(
                "previous.newer",
                vec![("n", n.to_string()), format],
            ));
        }
        Some(_) => return Err(unreadable("previous.unknown_format", vec![format])),
    }
    serde_json::from_value(value).map_err(|e| {
        unreadable(
            "previous.fields",
            vec![("error", e.to_string()), ("format", FORMAT.to_string())],
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_unknown_and_newer_files_are_told_apart() {
        assert!(read(b"not json").unwrap_err().code == "previous.not_json");
        assert!(read(b"[1]").unwrap_err().code == "previous.not_object");
        assert!(read(b"{\"a\": 1}").unwrap_err().code == "previous.no_areas");
        let old = br#"{"license": null, "areas": []}"#;
        assert!(read(old).unwrap_err().code == "previous.older");
        let newer = br#"{"format": 9, "areas": []}"#;
        assert!(read(newer).unwrap_err().code == "previous.newer");
        let broken = br#"{"format": 1, "areas": [{"id": 1}]}"#;
        assert!(read(broken).unwrap_err().code == "previous.fields");
    }

    #[test]
    fn an_empty_area_and_lists_longer_than_a_chunk_are_written_as_whole() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        let example = crate::build::example_root();
        for rel in [
            "content/site.yaml",
            "content/indicators.yaml",
            "content/_index.fi.md",
        ] {
            let dest = root.join(rel);
            std::fs::create_dir_all(dest.parent().expect("parent")).expect("dir");
            std::fs::copy(example.join(rel), dest).expect("copied");
        }
        let write = |rel: &str, text: &str| crate::site::write_content(root, rel, text);
        write(
            "areas/empty/_index.fi.md",
            "---\ntitle: Tyhjä\norder: 1\n---\n\nEi lupauksia.\n",
        );
        write(
            "areas/many/_index.fi.md",
            "---\ntitle: Monta\norder: 2\n---\n\nLupauksia.\n",
        );
        for n in 0..CHUNK + 3 {
            write(
                &format!("areas/many/c{n:03}.fi.md"),
                &format!(
                    "---\ntitle: \"Lupaus {n} \\\"lainaus\\\"\"\nperspective: quality\norder: {n}\n---\n\nRivi {n}.\n\n- kohta \"x\"\n"
                ),
            );
        }
        let (whole, written) = whole_and_written(root);
        assert_eq!(whole.areas.len(), 2);
        assert_eq!(whole.commitments().count(), CHUNK + 3);
        let expected = serde_json::to_string_pretty(&whole).expect("json") + "\n";
        assert!(expected.contains("\"commitments\": []"));
        assert_eq!(written, expected);
    }

    #[test]
    fn the_written_file_is_the_snapshot_made_whole() {
        // The bundled example.
        let (whole, written) = whole_and_written(crate::build::example_root());
        assert!(
            whole.commitments().count() > 3,
            "the example has commitments"
        );
        let expected = serde_json::to_string_pretty(&whole).expect("json") + "\n";
        assert_eq!(written, expected);
    }

    /// The site at `root`, loaded as a build loads it (bodies let go): its
    /// snapshot made whole, and the file [`Snapshot::write`] writes.
    fn whole_and_written(root: &std::path::Path) -> (Snapshot, String) {
        let opts = crate::build::build_options(root, false, true);
        let diags = crate::diagnostics::Diagnostics::new();
        let site = crate::build::load_site(&opts, &diags).expect("the site loads");
        let set = crate::results::load(&site.results_files, &site.indicators, &diags);
        let eval = crate::results::evaluate(&site, set);
        let mut written = Vec::new();
        Snapshot::write(&site, &eval, &mut written).expect("written");
        let written = String::from_utf8(written).expect("utf-8");
        (Snapshot::of(&site, &eval), written)
    }
}

//! Random sequences of edits through the preview's rebuild loop give
//! exactly what a full render of the edited site gives.
//!
//! Each case copies the example site (content and theme) to a temporary
//! root, starts the preview's [`Rebuilder`] on it, and then applies a few
//! random batches of saved files: titles, summaries, order, bodies, slugs,
//! new and deleted pages, indicator targets, CSV values, media, CSS and
//! templates. Each batch goes through the same path as a save in `lupaus
//! serve` (the watcher's [`batch`], then [`Rebuilder::rebuild`] and the
//! deferred search and data files); after it, every file of the served
//! site must equal a full render of the site as it is now, byte for byte
//! (or both must fail), except the long listings the preview names stale
//! (rendered when asked for or at a pause); every other batch is followed
//! by a pause, after which nothing may differ, so stale listings also
//! gather the edits of two batches. So a context that starts showing
//! another page's field without the preview knowing fails here.
//!
//! `cargo test` runs a few cases; a longer run:
//! `PROPTEST_CASES=1000 cargo test --test incremental_random`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lupaus::build::render_site;
use lupaus::output::Output;
use lupaus::serve::preview_options;
use lupaus::serve::rebuild::{Rebuilder, Served, ServedSite};
use lupaus::serve::reload::Broadcaster;
use lupaus::serve::watch::batch;
use notify::EventKind;
use notify::event::{CreateKind, DataChange, ModifyKind, RemoveKind};
use proptest::prelude::*;

mod common;

/// Cases run by `cargo test` when `PROPTEST_CASES` does not say.
const CASES: u32 = 8;

/// The service areas of the example site, for new pages.
const AREAS: [&str; 5] = ["elderly", "family", "health", "mental-health", "social"];

/// Templates with a `content` block that an edit marks.
const TEMPLATES: [&str; 9] = [
    "commitment.html",
    "area.html",
    "list.html",
    "page.html",
    "promise.html",
    "results.html",
    "indicator.html",
    "changes.html",
    "accessibility.html",
];

/// One saved file (or a new or deleted one).
#[derive(Debug, Clone)]
enum Op {
    /// Appends a word to the title of the Markdown file at this index.
    Title(usize, u16),
    /// Sets or adds a summary.
    Summary(usize, u16),
    /// Sets or adds `order`.
    Order(usize, u8),
    /// Appends a paragraph to the body.
    Body(usize, u16),
    /// Sets a slug (a new address).
    Slug(usize, u8),
    /// Sets the date of a dated page (which news are the latest).
    Date(usize, u8),
    /// Adds a commitment to an area.
    New(usize, u16),
    /// Deletes the file.
    Delete(usize),
    /// Changes the first indicator's target.
    Target(u8),
    /// Changes the first result of a year's CSV file.
    Csv(u8),
    /// Saves a media file over itself with other bytes.
    Media(u16),
    /// Adds a rule to the theme's stylesheet.
    Css(u16),
    /// Marks a template's content block.
    Template(usize, u16),
}

fn op() -> impl Strategy<Value = Op> {
    let file = 0usize..1000;
    prop_oneof![
        4 => (file.clone(), any::<u16>()).prop_map(|(f, n)| Op::Title(f, n)),
        3 => (file.clone(), any::<u16>()).prop_map(|(f, n)| Op::Summary(f, n)),
        3 => (file.clone(), 0u8..20).prop_map(|(f, n)| Op::Order(f, n)),
        4 => (file.clone(), any::<u16>()).prop_map(|(f, n)| Op::Body(f, n)),
        1 => (file.clone(), any::<u8>()).prop_map(|(f, n)| Op::Slug(f, n)),
        2 => (file.clone(), 1u8..29).prop_map(|(f, n)| Op::Date(f, n)),
        1 => (0usize..AREAS.len(), any::<u16>()).prop_map(|(a, n)| Op::New(a, n)),
        1 => file.prop_map(Op::Delete),
        1 => (0u8..100).prop_map(Op::Target),
        1 => (0u8..100).prop_map(Op::Csv),
        1 => any::<u16>().prop_map(Op::Media),
        1 => any::<u16>().prop_map(Op::Css),
        1 => (0usize..TEMPLATES.len(), any::<u16>()).prop_map(|(t, n)| Op::Template(t, n)),
    ]
}

/// What an op did to the files: which path, and how.
enum Saved {
    Modified(String),
    Created(String),
    Removed(String),
}

/// A copy of the example site's content and theme.
fn example_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    for part in ["content", "themes"] {
        let src = common::example_root().join(part);
        for entry in walkdir::WalkDir::new(&src) {
            let entry = entry.expect("walk");
            let rel = entry.path().strip_prefix(&src).expect("inside");
            let dest = dir.path().join(part).join(rel);
            if entry.file_type().is_dir() {
                fs::create_dir_all(&dest).expect("mkdir");
            } else {
                fs::copy(entry.path(), &dest).expect("copy");
            }
        }
    }
    dir
}

/// The example's Markdown files, relative to the root, sorted.
fn markdown_files() -> Vec<String> {
    let root = common::example_root();
    let mut files: Vec<String> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            e.path()
                .strip_prefix(&root)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    files.sort();
    files
}

/// Splits a Markdown file into its front matter lines and the rest.
fn split(text: &str) -> Option<(Vec<String>, String)> {
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---\n")?;
    let front = rest[..end].lines().map(str::to_string).collect();
    Some((front, rest[end + 5..].to_string()))
}

fn join(front: &[String], body: &str) -> String {
    format!("---\n{}\n---\n{body}", front.join("\n"))
}

/// Sets the front matter field `key` with `f` (given its value, if any).
fn set_field(text: &str, key: &str, f: impl Fn(Option<&str>) -> String) -> Option<String> {
    let (mut front, body) = split(text)?;
    let prefix = format!("{key}:");
    match front.iter().position(|l| l.starts_with(&prefix)) {
        Some(i) => {
            let value = f(Some(front[i][prefix.len()..].trim()));
            front[i] = format!("{key}: {value}");
        }
        None => front.push(format!("{key}: {}", f(None))),
    }
    Some(join(&front, &body))
}

/// Applies `op` to the site at `root`; `None` when it has nothing to
/// change (a file deleted earlier).
fn apply(root: &Path, files: &[String], op: &Op) -> Option<Saved> {
    let md = |i: usize| files[i % files.len()].clone();
    let modify = |rel: String, f: &dyn Fn(&str) -> Option<String>| {
        let path = root.join(&rel);
        let text = fs::read_to_string(&path).ok()?;
        let new = f(&text)?;
        fs::write(&path, new).expect("write");
        Some(Saved::Modified(rel))
    };
    match op {
        Op::Title(i, n) => modify(md(*i), &|t| {
            set_field(t, "title", |v| format!("{} {n}", v.unwrap_or("Otsikko")))
        }),
        Op::Summary(i, n) => modify(md(*i), &|t| {
            set_field(t, "summary", |_| format!("Tiivistelmä {n}."))
        }),
        Op::Order(i, n) => modify(md(*i), &|t| set_field(t, "order", |_| n.to_string())),
        Op::Body(i, n) => modify(md(*i), &|t| Some(format!("{t}\nLisätty kappale {n}.\n"))),
        Op::Slug(i, n) => modify(md(*i), &|t| set_field(t, "slug", |_| format!("osoite-{n}"))),
        Op::Date(i, n) => {
            let dated: Vec<&String> = files
                .iter()
                .filter(|f| fs::read_to_string(root.join(f)).is_ok_and(|t| t.contains("\ndate:")))
                .collect();
            let rel = dated.get(i % dated.len().max(1))?.to_string();
            modify(rel, &|t| {
                set_field(t, "date", |_| format!("2025-02-{n:02}"))
            })
        }
        Op::New(a, n) => {
            let rel = format!("content/areas/{}/uusi-{n}.fi.md", AREAS[*a]);
            let path = root.join(&rel);
            let existed = path.exists();
            fs::write(
                &path,
                format!(
                    "---\ntitle: Uusi lupaus {n}\nsummary: Lupaamme {n}.\nperspective: accessibility\norder: {}\n---\n\nTeksti.\n",
                    n % 20
                ),
            )
            .expect("write");
            Some(if existed {
                Saved::Modified(rel)
            } else {
                Saved::Created(rel)
            })
        }
        Op::Delete(i) => {
            let rel = md(*i);
            fs::remove_file(root.join(&rel)).ok()?;
            Some(Saved::Removed(rel))
        }
        Op::Target(n) => modify("content/indicators.yaml".into(), &|t| {
            let at = t.find("target: ")?;
            let end = at + t[at..].find('\n')?;
            Some(format!("{}target: {n}{}", &t[..at], &t[end..]))
        }),
        Op::Csv(n) => modify("content/results/2025.csv".into(), &|t| {
            let line = "\ncare-guarantee-primary;2025-H1;";
            let at = t.find(line)? + line.len();
            let end = at + t[at..].find(';')?;
            Some(format!("{}{n},5{}", &t[..at], &t[end..]))
        }),
        Op::Media(n) => modify("content/media/logo.svg".into(), &|t| {
            Some(format!("{t}<!-- {n} -->\n"))
        }),
        Op::Css(n) => modify("themes/default/css/base.css".into(), &|t| {
            Some(format!("{t}\n.edit-{n} {{ margin: {}px; }}\n", n % 50))
        }),
        Op::Template(i, n) => modify(
            format!("themes/default/templates/{}", TEMPLATES[*i]),
            &|t| {
                let mark = "{% block content %}";
                t.contains(mark)
                    .then(|| t.replacen(mark, &format!("{mark}<span hidden>edit {n}</span>"), 1))
            },
        ),
    }
}

/// Every file of `out` with its bytes (copied files by their source).
fn files_of(out: &Output) -> Vec<(String, Vec<u8>)> {
    out.paths()
        .map(|p| {
            let bytes = out.read(p).map(|b| b.to_vec()).unwrap_or_default();
            (p.to_string(), bytes)
        })
        .collect()
}

/// The path of the bundled stylesheet in `files`.
fn stylesheet(files: &[(String, Vec<u8>)]) -> Option<String> {
    files
        .iter()
        .map(|(p, _)| p)
        .find(|p| p.starts_with("css/style.") && p.ends_with(".css"))
        .cloned()
}

/// Replaces every `from` in `bytes` with `to`.
fn replace(bytes: &[u8], from: &str, to: &str) -> Vec<u8> {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.replace(from, to).into_bytes(),
        Err(_) => bytes.to_vec(),
    }
}

/// Whether the served site equals the full render; the differing files
/// when not. A stylesheet rebuilt in the preview keeps the address pages
/// already link to (so that none is rendered again): that one name is
/// mapped to the full render's before comparing.
fn differences(served: &Output, full: &Output) -> Vec<String> {
    let mut a = files_of(served);
    let b = files_of(full);
    if let (Some(old), Some(new)) = (stylesheet(&a), stylesheet(&b))
        && old != new
    {
        for (p, bytes) in &mut a {
            if *p == old {
                *p = new.clone();
            }
            *bytes = replace(bytes, &old, &new);
        }
        a.sort();
    }
    let paths = |v: &[(String, Vec<u8>)]| v.iter().map(|(p, _)| p.clone()).collect::<BTreeSet<_>>();
    let (pa, pb) = (paths(&a), paths(&b));
    let mut diff: Vec<String> = pa
        .symmetric_difference(&pb)
        .map(|p| format!("only in one: {p}"))
        .collect();
    diff.extend(
        a.iter()
            .filter(|(p, bytes)| b.iter().any(|(q, other)| q == p && other != bytes))
            .map(|(p, _)| p.clone()),
    );
    diff
}

/// Runs `steps` (each a batch of ops saved together) through a rebuilder
/// on a fresh copy, comparing with a full render after each.
fn run(steps: &[Vec<Op>]) -> Result<(), TestCaseError> {
    let site = example_copy();
    let root: PathBuf = site.path().canonicalize().expect("root");
    let files = markdown_files();
    let opts = preview_options(root.clone());
    let (_stop, stop_rx) = tokio::sync::watch::channel(false);
    let served = Arc::new(Served::default());
    let mut rebuilder = Rebuilder::new(opts.clone(), served.clone(), Broadcaster::new(stop_rx));
    rebuilder.rebuild(&BTreeSet::new(), &BTreeSet::new());
    for (n, step) in steps.iter().enumerate() {
        let saved: Vec<Saved> = step
            .iter()
            .filter_map(|op| apply(&root, &files, op))
            .collect();
        if saved.is_empty() {
            continue;
        }
        let events: Vec<(EventKind, Vec<PathBuf>)> = saved
            .iter()
            .map(|s| match s {
                Saved::Modified(p) => (
                    EventKind::Modify(ModifyKind::Data(DataChange::Content)),
                    vec![root.join(p)],
                ),
                Saved::Created(p) => (EventKind::Create(CreateKind::File), vec![root.join(p)]),
                Saved::Removed(p) => (EventKind::Remove(RemoveKind::File), vec![root.join(p)]),
            })
            .collect();
        let b = batch(&root, events.iter().map(|(k, p)| (k, p.as_slice(), false)));
        rebuilder.rebuild(&b.changes, &b.paths);
        let what = format!("after step {n} ({step:?})");
        let full = render_site(&opts);
        // Before the writer pauses, what differs from a full render is a
        // listing named stale (rendered when asked for), or what waits
        // for the pause as before: the search indexes, the data files and
        // the sizes the results pages name.
        let before = served.get();
        if let (Ok(full), true, Some(site)) = (&full, before.errors.is_empty(), &before.site) {
            for path in differences(site, &full.output) {
                prop_assert!(
                    before.stale.contains(&path)
                        || path.starts_with("data/")
                        || path.contains("search")
                        || path.contains("/results/"),
                    "{what}: {path} differs from a full render and is not stale"
                );
            }
        }
        // Every other step, the writer goes on without a pause: the stale
        // listings then gather the edits of several steps.
        if n % 2 == 1 {
            continue;
        }
        rebuilder.refresh_deferred();
        compare(&served.get(), full, &what)?;
    }
    rebuilder.refresh_deferred();
    compare(
        &served.get(),
        render_site(&opts),
        "after the last step and a pause",
    )?;
    Ok(())
}

/// Compares what the preview serves with a full render (or its failure).
fn compare<E>(
    snapshot: &ServedSite,
    full: Result<lupaus::build::Rendered, E>,
    what: &str,
) -> Result<(), TestCaseError> {
    match full {
        Ok(full) => {
            prop_assert!(
                snapshot.errors.is_empty(),
                "{what}: the preview failed where a full render did not: {:?}",
                snapshot.errors
            );
            prop_assert!(snapshot.stale.is_empty(), "{what}: stale after a pause");
            let site = snapshot.site.as_ref().expect("a site");
            let diff = differences(site, &full.output);
            prop_assert!(
                diff.is_empty(),
                "{what}: differs from a full render: {diff:?}"
            );
        }
        Err(_) => prop_assert!(
            !snapshot.errors.is_empty(),
            "{what}: the preview succeeded where a full render failed"
        ),
    }
    Ok(())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(CASES)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        // Each shrinking step renders the site a few times.
        max_shrink_iters: 64,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_edits_give_what_a_full_render_gives(
        steps in prop::collection::vec(prop::collection::vec(op(), 1..=2), 1..=5)
    ) {
        run(&steps)?;
    }
}

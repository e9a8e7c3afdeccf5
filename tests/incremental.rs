//! The preview's incremental rebuild gives exactly what a full render gives.
//!
//! Each case copies the example site, renders it with a
//! [`Session`](lupaus::incremental::Session), edits one or more files, applies
//! the edit incrementally, and compares every output file with a full
//! render of the edited site. Edits that an incremental rebuild cannot do
//! must be refused (the preview then renders everything).

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use lupaus::build::{BuildOptions, render_site};
use lupaus::incremental::Session;
use lupaus::output::Output;
use lupaus::serve::preview_options;

mod common;

/// A copy of the example site's content in a temporary site root.
fn example_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let src = common::example_root().join("content");
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(&src).expect("inside");
        let dest = dir.path().join("content").join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).expect("mkdir");
        } else {
            fs::copy(entry.path(), &dest).expect("copy");
        }
    }
    dir
}

/// Replaces `from` with `to` in the file `rel` (relative to the site root),
/// once; the text must be there.
fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{rel} has no {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).expect("write");
}

/// The `title:` line of the Markdown file at `path`.
fn title_line(path: &Path) -> String {
    let text = fs::read_to_string(path).expect("read");
    text.lines()
        .find(|l| l.starts_with("title:"))
        .expect("a title")
        .to_string()
}

/// Every file of `out` with its bytes (copied files by their source).
fn files(out: &Output) -> Vec<(String, Vec<u8>)> {
    out.paths()
        .map(|p| {
            let bytes = out.read(p).map(|b| b.to_vec()).unwrap_or_default();
            (p.to_string(), bytes)
        })
        .collect()
}

/// Asserts that the two outputs have the same files with the same bytes.
fn assert_same(incremental: &Output, full: &Output, case: &str) {
    let a = files(incremental);
    let b = files(full);
    let paths = |v: &[(String, Vec<u8>)]| v.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&a), paths(&b), "{case}: different files");
    let differing: Vec<&str> = a
        .iter()
        .zip(&b)
        .filter(|(x, y)| x.1 != y.1)
        .map(|(x, _)| x.0.as_str())
        .collect();
    assert!(
        differing.is_empty(),
        "{case}: these files differ from a full render: {differing:?}"
    );
}

fn options(root: &Path) -> BuildOptions {
    preview_options(root.to_path_buf())
}

/// Starts a session on a fresh copy, applies `edits` (file, from, to), and
/// compares with a full render. Returns how many pages were re-rendered.
fn applied(case: &str, edits: &[(&str, &str, &str)]) -> usize {
    applied_after(case, &[], edits)
}

/// As [`applied`], on a copy changed by `setup` first.
fn applied_after(case: &str, setup: &[(&str, &str, &str)], edits: &[(&str, &str, &str)]) -> usize {
    let site = example_copy();
    for (rel, from, to) in setup {
        edit(site.path(), rel, from, to);
    }
    let opts = options(site.path());
    let (mut session, _) = Session::start(&opts).expect("the example builds");
    let done = save_and_apply(site.path(), &mut session, edits, case);
    session.refresh_deferred();
    let full = render_site(&opts).expect("the edited example builds");
    assert_same(session.output(), &full.output, case);
    // The long listings are rendered by the refresh.
    done.pages + done.deferred
}

/// The reason a session refuses `edits`.
fn refused(edits: &[(&str, &str, &str)]) -> String {
    let site = example_copy();
    let opts = options(site.path());
    let (mut session, _) = Session::start(&opts).expect("the example builds");
    for (rel, from, to) in edits {
        edit(site.path(), rel, from, to);
    }
    let paths: BTreeSet<String> = edits.iter().map(|(rel, _, _)| rel.to_string()).collect();
    match session.apply(&paths) {
        Ok(a) => panic!("applied ({} pages) though it should be refused", a.pages),
        Err(why) => why,
    }
}

const AMBULANCE: &str = "content/areas/health/ambulance.fi.md";

#[test]
fn a_body_edit_re_renders_only_the_page() {
    let pages = applied(
        "body",
        &[(
            AMBULANCE,
            "Haja-asutusalueella",
            "Haja-asutusalueella ja saaristossa",
        )],
    );
    // The fi page and the fi document (sv and en have files of their own,
    // so their pages do not show this text); and since the example has a
    // `previous` version, the changes page in every language and the
    // commitment's sv and en pages, which say whether and how it changed.
    assert_eq!(pages, 1 + 1 + 3 + 2);
}

#[test]
fn a_commitment_title_edit_updates_every_listing() {
    let pages = applied(
        "commitment title",
        &[(
            AMBULANCE,
            "title: Apu tulee nopeasti hätätilanteessa",
            "title: Ensihoito tulee nopeasti",
        )],
    );
    // The page, its area page, the front page, the results overview, its
    // indicator's page and the document, in Finnish only: the sv and en
    // pages have titles of their own; then, as for a body edit, the changes
    // page in every language and the commitment's sv and en pages.
    assert_eq!(pages, 6 + 3 + 2, "listings re-rendered too: {pages}");
}

#[test]
fn a_title_edit_is_spliced_into_the_long_listings() {
    // The results overview, the indicator's page and the document show the
    // title in a title slot: a title edit that keeps the page's place is
    // put into the kept pages without rendering them. A summary edit,
    // which the results overview does not show in a slot, is rendered.
    let site = example_copy();
    let opts = options(site.path());
    let (mut session, _) = Session::start(&opts).expect("the example builds");
    let steps: [(&str, &str, usize); 3] = [
        (
            "title: Apu tulee nopeasti hätätilanteessa",
            "title: Ensihoito & apu tulee nopeasti",
            3,
        ),
        (
            "title: Ensihoito & apu tulee nopeasti",
            "title: Ensihoito tulee nopeasti",
            3,
        ),
        ("summary: Kun soitat", "summary: Kun sinä soitat", 0),
    ];
    for (from, to, spliced) in steps {
        let before = session.spliced();
        save_and_apply(site.path(), &mut session, &[(AMBULANCE, from, to)], to);
        if spliced > 0 {
            // Spliced at once, not left for later.
            let stale = session.stale();
            for listing in [
                "fi/document/index.html",
                "fi/results/index.html",
                "fi/results/ems-response-8min/index.html",
            ] {
                assert!(!stale.contains(listing), "{to}: {stale:?}");
            }
        }
        session.refresh_deferred();
        let full = render_site(&opts).expect("the edited example builds");
        assert_same(session.output(), &full.output, to);
        assert_eq!(session.spliced() - before, spliced, "{to}: pages spliced");
    }
}

#[test]
fn a_title_edit_that_moves_the_page_renders_the_listings() {
    // Reading order is `order`, then title: a title that moves its page
    // among pages of the same `order` changes the listings' order, which
    // no slot holds.
    let site = example_copy();
    let opts = options(site.path());
    let (mut session, _) = Session::start(&opts).expect("the example builds");
    save_and_apply(
        site.path(),
        &mut session,
        &[(AMBULANCE, "order: 5", "order: 1")],
        "same order",
    );
    session.refresh_deferred();
    let before = session.spliced();
    for title in ["title: Ööö viimeisenä", "title: Aaa ensin"] {
        let old = title_line(&site.path().join(AMBULANCE));
        save_and_apply(
            site.path(),
            &mut session,
            &[(AMBULANCE, &old, title)],
            title,
        );
        session.refresh_deferred();
        let full = render_site(&opts).expect("the edited example builds");
        assert_same(session.output(), &full.output, title);
    }
    assert_eq!(session.spliced(), before, "every listing rendered");
}

#[test]
fn a_translation_summary_and_order_edit_updates_listings_and_order() {
    applied(
        "translation summary and order",
        &[
            (
                "content/areas/health/ambulance.sv.md",
                "summary:",
                "summary: Snabbt. ",
            ),
            (AMBULANCE, "order: 5", "order: 0"),
        ],
    );
}

#[test]
fn a_field_that_translations_inherit_updates_their_languages() {
    // The Swedish file leaves `order` out, so it takes the Finnish one: the
    // Swedish listings follow a Finnish edit.
    applied_after(
        "inherited order",
        &[("content/areas/health/ambulance.sv.md", "order: 5\n", "")],
        &[(AMBULANCE, "order: 5", "order: 0")],
    );
    // No English file: the English page shows the Finnish text.
    let pages = applied(
        "fallback page",
        &[(
            "content/areas/elderly/rehabilitation-at-home.fi.md",
            "\n## ",
            "\nUusi virke.\n\n## ",
        )],
    );
    // The fi page and the en fallback, the document in both, the changes
    // page in every language and the commitment's sv page.
    assert_eq!(pages, 2 + 2 + 3 + 1, "the fi page and the en fallback");
}

/// Saves `edits` (file, text, replacement) in the site at `root` together
/// and applies them to `session`; `step` names them if they are refused.
fn save_and_apply(
    root: &Path,
    session: &mut Session,
    edits: &[(&str, &str, &str)],
    step: &str,
) -> lupaus::incremental::Applied {
    for (rel, from, to) in edits {
        edit(root, rel, from, to);
    }
    let paths: BTreeSet<String> = edits.iter().map(|(rel, _, _)| rel.to_string()).collect();
    session
        .apply(&paths)
        .unwrap_or_else(|why| panic!("{step}: not applied: {why}"))
}

/// Starts a session on a fresh copy and applies `steps` one after the
/// other (each a list of edits saved together), comparing every file with
/// a full render after each. Returns the pages each step rendered again.
fn applied_in_turn(case: &str, steps: &[&[(&str, &str, &str)]]) -> Vec<usize> {
    let site = example_copy();
    let opts = options(site.path());
    let (mut session, _) = Session::start(&opts).expect("the example builds");
    let mut pages = Vec::new();
    for (i, edits) in steps.iter().enumerate() {
        let done = save_and_apply(
            site.path(),
            &mut session,
            edits,
            &format!("{case}, step {i}"),
        );
        session.refresh_deferred();
        let full = render_site(&opts).expect("the edited example builds");
        assert_same(session.output(), &full.output, &format!("{case}, step {i}"));
        pages.push(done.pages + done.deferred);
    }
    pages
}

#[test]
fn the_document_page_keeps_no_stale_body() {
    // The document page keeps every body's HTML and splices a body edit
    // into the kept page: a second edit of the same body, a title edit
    // (the page rendered again from the kept bodies) and an edit of
    // another body must each show the latest text, and only it.
    const REHAB: &str = "content/areas/elderly/rehabilitation-at-home.fi.md";
    let pages = applied_in_turn(
        "document bodies",
        &[
            &[(AMBULANCE, "Haja-asutusalueella", "Ensimmäinen muutos.")],
            &[(AMBULANCE, "Ensimmäinen muutos.", "Toinen muutos.")],
            &[(
                AMBULANCE,
                "title: Apu tulee nopeasti hätätilanteessa",
                "title: Ensihoito tulee nopeasti",
            )],
            &[(AMBULANCE, "Toinen muutos.", "Kolmas muutos.")],
            &[(REHAB, "\n## ", "\nUusi virke.\n\n## ")],
            &[
                (AMBULANCE, "Kolmas muutos.", "Neljäs muutos."),
                (REHAB, "Uusi virke.", "Toinen uusi virke."),
            ],
        ],
    );
    // A body edit renders the page and the document (spliced), and, with
    // the example's `previous` version, the changes pages and the
    // commitment's other languages, as in `a_body_edit_re_renders_only_the_page`.
    assert_eq!(pages[0], 1 + 1 + 3 + 2);
    assert_eq!(pages[1], pages[0]);
}

#[test]
fn a_body_that_becomes_empty_renders_the_document_again() {
    // The template may show a body's element only when there is a body
    // (the default theme's does for the promise's), so a body that
    // empties is not spliced: the document is rendered.
    let site = example_copy();
    let opts = options(site.path());
    let rel = "content/_index.fi.md";
    let path = site.path().join(rel);
    let text = fs::read_to_string(&path).expect("read");
    let front_end = text[3..].find("\n---\n").expect("front matter") + 3 + 5;
    let (front, _) = text.split_at(front_end);
    // Without headings, so that emptying it changes no anchor.
    fs::write(&path, format!("{front}\nVain yksi kappale.\n")).expect("write");
    let (mut session, _) = Session::start(&opts).expect("the example builds");
    for body in ["", "Taas tekstiä.\n", "Taas tekstiä, muutettuna.\n"] {
        fs::write(&path, format!("{front}{body}")).expect("write");
        session
            .apply(&BTreeSet::from([rel.to_string()]))
            .unwrap_or_else(|why| panic!("{body:?}: not applied: {why}"));
        session.refresh_deferred();
        let full = render_site(&opts).expect("the edited example builds");
        assert_same(session.output(), &full.output, &format!("body {body:?}"));
    }
}

#[test]
fn the_results_page_names_the_data_files_sizes_after_a_pause() {
    // `data/promise.json` holds every commitment's text, and the results
    // page names its size; a body edit does not render the results page
    // at once, but the deferred refresh brings it up to date.
    let long = "Pitkä lisäys, joka kasvattaa avointa dataa. ".repeat(60);
    let to = format!("Haja-asutusalueella {long}");
    let site = example_copy();
    let opts = options(site.path());
    let (mut session, _) = Session::start(&opts).expect("the example builds");
    let results = "fi/results/index.html";
    let before = session.output().read(results).expect("results").to_vec();
    edit(site.path(), AMBULANCE, "Haja-asutusalueella", &to);
    session
        .apply(&BTreeSet::from([AMBULANCE.to_string()]))
        .expect("applied");
    session.refresh_deferred();
    let full = render_site(&opts).expect("the edited example builds");
    assert_ne!(
        before,
        full.output.read(results).expect("results").to_vec(),
        "the size named on the results page grew"
    );
    assert_same(session.output(), &full.output, "data sizes");
}

#[test]
fn a_resident_view_and_perspective_edit() {
    applied(
        "resident view and perspective",
        &[(
            AMBULANCE,
            "perspective: accessibility",
            "perspective: quality",
        )],
    );
    applied(
        "resident view",
        &[(
            AMBULANCE,
            "resident_view: Kun soitan",
            "resident_view: Kun minä soitan",
        )],
    );
}

#[test]
fn an_edit_that_changes_a_commitment_since_the_previous_version() {
    // The doctor's appointment is as it was in the example's previous
    // version: rewording it adds it to the changes page, in every language,
    // and its pages say so.
    let site = example_copy();
    let opts = options(site.path());
    let (mut session, _) = Session::start(&opts).expect("the example builds");
    let before = session
        .output()
        .read("sv/changes/index.html")
        .map(|b| b.to_vec())
        .expect("a changes page");
    let rel = "content/areas/health/doctor-appointment.fi.md";
    edit(
        site.path(),
        rel,
        "title: Lääkäriin kahdessa viikossa",
        "title: Lääkärille kahdessa viikossa",
    );
    session
        .apply(&BTreeSet::from([rel.to_string()]))
        .expect("applied");
    session.refresh_deferred();
    let after = session
        .output()
        .read("sv/changes/index.html")
        .map(|b| b.to_vec())
        .expect("a changes page");
    assert_ne!(
        before, after,
        "the Swedish changes page lists the Finnish edit"
    );
    let full = render_site(&opts).expect("the edited example builds");
    assert_same(
        session.output(),
        &full.output,
        "changed since the previous version",
    );
}

#[test]
fn a_news_page_edit_updates_the_news_list_front_page_and_feeds() {
    applied(
        "news title, date and body",
        &[(
            "content/pages/promise-approved.fi.md",
            "title: Aluevaltuusto hyväksyi palvelulupauksen",
            "title: Valtuusto hyväksyi lupauksen",
        )],
    );
    applied(
        "news date",
        &[(
            "content/pages/promise-approved.fi.md",
            "date: 2025-11-25",
            "date: 2024-01-02",
        )],
    );
    applied(
        "news body",
        &[(
            "content/pages/promise-approved.fi.md",
            "Lupaus on voimassa",
            "Palvelulupaus on voimassa",
        )],
    );
}

#[test]
fn a_promise_edit() {
    let title = title_line(&common::example_root().join("content/_index.fi.md"));
    applied(
        "promise title",
        &[("content/_index.fi.md", &title, "title: Palvelulupaus 2026")],
    );
}

#[test]
fn two_files_at_once() {
    applied(
        "two commitments",
        &[
            (AMBULANCE, "Haja-asutusalueella", "Maaseudulla"),
            (
                "content/areas/health/doctor-appointment.fi.md",
                "title: Lääkäriin kahdessa viikossa",
                "title: Lääkärille kahdessa viikossa",
            ),
        ],
    );
}

#[test]
fn edits_that_change_the_structure_are_refused() {
    // Every page's navigation shows the areas.
    let why = refused(&[(
        "content/areas/health/_index.fi.md",
        "title: Terveys ja sairaanhoito",
        "title: Terveys",
    )]);
    assert!(why.contains("every page"), "{why}");
    // Addresses, headings that links may point at, problems in the file,
    // indicators (results), and files that are not pages of the site.
    for (rel, from, to) in [
        (AMBULANCE, "order: 5", "order: 5\nslug: ensihoito"),
        (AMBULANCE, "## Mitä lupaamme", "## Lupauksemme"),
        (AMBULANCE, "order: 5", "order: [5"),
        (AMBULANCE, "[ems-response-8min]", "[]"),
        (AMBULANCE, "order: 5", "order: 5\ndraft: true"),
        (
            "content/indicators.yaml",
            "ems-response-8min",
            "ems-response-8min",
        ),
    ] {
        refused(&[(rel, from, to)]);
    }
    let site = example_copy();
    let (mut session, _) = Session::start(&options(site.path())).expect("builds");
    let new = BTreeSet::from(["content/areas/health/new.fi.md".to_string()]);
    assert!(session.apply(&new).is_err(), "a new file is refused");
    fs::remove_file(site.path().join(AMBULANCE)).expect("remove");
    let gone = BTreeSet::from([AMBULANCE.to_string()]);
    assert!(session.apply(&gone).is_err(), "a deleted file is refused");
}

/// Starts a session on a copy whose own theme overrides `template` (the
/// built-in file as it is), then saves the override with `from` replaced
/// by `to` and applies it as a template change.
fn retemplated(
    template: &str,
    from: &str,
    to: &str,
) -> (Result<usize, String>, Output, Option<Output>) {
    let site = example_copy();
    let rel = format!("themes/default/templates/{template}");
    let builtin = common::example_root().join(&rel);
    fs::create_dir_all(site.path().join("themes/default/templates")).expect("mkdir");
    fs::copy(&builtin, site.path().join(&rel)).expect("copy template");
    let opts = options(site.path());
    let (mut session, _) = Session::start(&opts).expect("the example builds");
    edit(site.path(), &rel, from, to);
    let done = session.retemplate(&BTreeSet::from([rel]));
    let full = render_site(&opts).ok().map(|r| r.output);
    (done, session.output().as_ref().clone(), full)
}

#[test]
fn a_template_edit_re_renders_only_the_pages_that_use_it() {
    // indicator.html: one page per indicator and language.
    let (done, incremental, full) = retemplated(
        "indicator.html",
        "{% block content %}",
        "{% block content %}<p>uusi</p>",
    );
    let pages = done.expect("applied");
    let full = full.expect("the edited example builds");
    assert_same(&incremental, &full, "indicator.html");
    let indicators = full
        .paths()
        .filter(|p| {
            p.contains("/results/") && p.ends_with("index.html") && p.matches('/').count() == 3
        })
        .count();
    assert_eq!(pages, indicators, "every indicator page, and nothing else");
    // status.html is included by the commitment, results and indicator
    // pages: those are rendered, the others are not.
    let (done, incremental, full) = retemplated("status.html", "class=", "data-x=\"1\" class=");
    let pages = done.expect("applied");
    let full = full.expect("the edited example builds");
    assert_same(&incremental, &full, "status.html");
    let all = full.paths().filter(|p| p.ends_with(".html")).count();
    assert!(pages > indicators && pages < all, "{pages} of {all}");
}

#[test]
fn a_template_edit_that_reaches_every_page_is_refused() {
    let (done, _, _) = retemplated(
        "components.html",
        "class=\"perspective ",
        "class=\"perspective x ",
    );
    assert!(done.unwrap_err().contains("every page"));
    let (done, _, _) = retemplated(
        "search.html",
        "{% block content %}",
        "{% block content %}<p>x</p>",
    );
    assert!(done.is_err(), "the search page is publishing's");
    let (done, _, _) = retemplated(
        "indicator.html",
        "{% block content %}",
        "{% block content %}{{ x(",
    );
    assert!(done.unwrap_err().contains("errors"));
}

/// The files of `incremental` that differ from `full`'s.
fn differing(incremental: &Output, full: &Output) -> BTreeSet<String> {
    let (a, b) = (files(incremental), files(full));
    assert_eq!(a.len(), b.len(), "the same files");
    a.iter()
        .zip(&b)
        .filter(|(x, y)| x != y)
        .map(|(x, _)| x.0.clone())
        .collect()
}

#[test]
fn the_long_listings_wait_until_asked_for_and_then_show_every_edit() {
    // Edits applied one after the other, the long listings never rendered
    // in between: each edit's own pages match a full render at once, the
    // listings are named stale until they are rendered, and rendering them
    // once gives what a full render of the last edit gives, spliced
    // document included. The first edit (a summary) leaves the listings
    // to render; the body and title edits after it, which alone would be
    // spliced at once, wait for them.
    let site = example_copy();
    let opts = options(site.path());
    let (mut session, _) = Session::start(&opts).expect("the example builds");
    assert!(
        session.stale().is_empty(),
        "a full render leaves nothing stale"
    );
    let steps: [&[(&str, &str, &str)]; 4] = [
        &[(AMBULANCE, "summary: Kun soitat", "summary: Kun sinä soitat")],
        &[(AMBULANCE, "Haja-asutusalueella", "Ensimmäinen muutos.")],
        &[(
            AMBULANCE,
            "title: Apu tulee nopeasti hätätilanteessa",
            "title: Ensihoito tulee nopeasti",
        )],
        &[(
            AMBULANCE,
            "title: Ensihoito tulee nopeasti",
            "title: Ensihoito tulee aina nopeasti",
        )],
    ];
    for (i, edits) in steps.iter().enumerate() {
        let done = save_and_apply(site.path(), &mut session, edits, &format!("step {i}"));
        let stale = session.stale();
        assert_eq!(done.deferred, stale.len(), "step {i}");
        assert!(
            stale.contains("fi/document/index.html"),
            "step {i}: {stale:?}"
        );
        // The commitment is listed on the results overview and its
        // indicator's page.
        for listing in [
            "fi/results/index.html",
            "fi/results/ems-response-8min/index.html",
        ] {
            assert!(stale.contains(listing), "step {i}: {stale:?}");
        }
        let full = render_site(&opts).expect("the edited example builds");
        // What differs is stale, or waits for the pause as before: the
        // search indexes, the data files and the sizes the results
        // pages name.
        for path in differing(session.output(), &full.output) {
            assert!(
                stale.contains(&path)
                    || path.starts_with("data/")
                    || path.contains("search")
                    || path.contains("/results/"),
                "step {i}: {path} differs from a full render and is not stale"
            );
        }
        let page = String::from_utf8(
            session
                .output()
                .read("fi/health/ambulance/index.html")
                .expect("the page")
                .to_vec(),
        )
        .expect("UTF-8");
        let last = [
            "Kun sinä soitat",
            "Ensimmäinen muutos.",
            "Ensihoito tulee nopeasti",
            "Ensihoito tulee aina nopeasti",
        ][i];
        assert!(
            page.contains(last),
            "step {i}: the edited page is up to date"
        );
    }
    let n = session.render_pending().expect("the listings render");
    assert!(n >= 3, "the document, results and indicator pages: {n}");
    assert!(session.stale().is_empty());
    session.refresh_deferred();
    let full = render_site(&opts).expect("the edited example builds");
    assert_same(session.output(), &full.output, "pending listings");
}

/// An edit's content checks (the preview's box) are those of the edited
/// site checked whole: the edited body's findings are made again, the
/// others kept from the start.
#[test]
fn an_edits_content_checks_are_the_edited_sites() {
    let site = example_copy();
    let opts = options(site.path());
    let (mut session, _) = Session::start(&opts).expect("the example builds");
    let vague = |checks: &[lupaus::diagnostics::Diagnostic]| {
        checks
            .iter()
            .filter(|d| d.code == "check.link_vague" && d.path.ends_with(AMBULANCE))
            .count()
    };
    assert_eq!(vague(&session.checks()), 0);
    let applied = save_and_apply(
        site.path(),
        &mut session,
        &[(
            AMBULANCE,
            "matka on pidempi.",
            "matka on pidempi ([lue lisää](https://e.example)).",
        )],
        "a link that says nothing",
    );
    assert_eq!(vague(&applied.checks), 1, "{:?}", applied.checks);
    let (fresh, _) = Session::start(&opts).expect("the edited example builds");
    let text = |c: &[lupaus::diagnostics::Diagnostic]| format!("{c:?}");
    assert_eq!(text(&applied.checks), text(&fresh.checks()));
    let undone = save_and_apply(
        site.path(),
        &mut session,
        &[(
            AMBULANCE,
            "pidempi ([lue lisää](https://e.example)).",
            "pidempi.",
        )],
        "the link taken out",
    );
    assert_eq!(vague(&undone.checks), 0);
}

//! What `lupaus build` writes: minified HTML that keeps what readers and
//! validators need, a stylesheet every page can reach, and unchanged files
//! left alone when the output is rebuilt in place.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use scraper::{Html, Selector};

/// The example site, built once for this test binary (minified, the default).
fn example() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| common::shared_build(&common::example_root(), "output-rs-example"))
}

fn pages(out: &Path) -> Vec<(String, String)> {
    common::read_tree(out)
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".html"))
        .map(|(rel, bytes)| (rel, String::from_utf8(bytes).expect("UTF-8 page")))
        .collect()
}

#[test]
fn every_stylesheet_link_points_to_a_file_in_the_output() {
    let out = example();
    let links = Selector::parse("link[rel=stylesheet]").unwrap();
    let mut problems = Vec::new();
    let mut checked = 0;
    for (rel, html) in pages(out) {
        let doc = Html::parse_document(&html);
        let hrefs: Vec<&str> = doc
            .select(&links)
            .filter_map(|l| l.value().attr("href"))
            .collect();
        // Every page in a language folder is styled; the root redirect may not be.
        if rel.contains('/') && hrefs.is_empty() {
            problems.push(format!("{rel}: no stylesheet link"));
        }
        for href in hrefs {
            checked += 1;
            let Some(path) = href.strip_prefix('/') else {
                problems.push(format!("{rel}: stylesheet {href} is not root-relative"));
                continue;
            };
            if !out.join(path).is_file() {
                problems.push(format!("{rel}: stylesheet {href} is not in the output"));
            }
        }
    }
    assert!(checked > 50, "only {checked} stylesheet links");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn minified_pages_keep_languages_and_skip_link_and_have_no_inline_styles() {
    let out = example();
    let html_lang = Selector::parse("html[lang]").unwrap();
    let skip = Selector::parse("a.skip-link[href='#main']").unwrap();
    let styled = Selector::parse("[style], style").unwrap();
    let marked = Selector::parse("body [lang]").unwrap();
    let mut problems = Vec::new();
    let mut marked_total = 0;
    for (rel, html) in pages(out) {
        let doc = Html::parse_document(&html);
        if doc.select(&html_lang).next().is_none() {
            problems.push(format!("{rel}: no <html lang>"));
        }
        if doc.select(&skip).next().is_none() {
            problems.push(format!("{rel}: no skip link"));
        }
        if let Some(e) = doc.select(&styled).next() {
            problems.push(format!("{rel}: inline style on <{}>", e.value().name()));
        }
        marked_total += doc.select(&marked).count();
    }
    assert!(marked_total > 0, "no lang attributes inside any body");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn build_minifies_html_and_no_minify_does_not() {
    let plain = common::build(&common::example_root(), &["--no-minify"]);
    plain.assert_ok();
    let small = example().join("fi/index.html");
    let small = std::fs::read_to_string(small).unwrap();
    let big = plain.read("fi/index.html");
    assert!(
        small.len() < big.len(),
        "minified {} bytes, not minified {} bytes",
        small.len(),
        big.len()
    );
    // The same lang attributes, whether minified or not.
    let lang = Selector::parse("[lang]").unwrap();
    let langs = |html: &str| {
        Html::parse_document(html)
            .select(&lang)
            .filter_map(|e| e.value().attr("lang").map(str::to_string))
            .collect::<Vec<_>>()
    };
    assert_eq!(langs(&small), langs(&big));
}

#[cfg(unix)]
fn identity(p: &Path) -> (u64, std::time::SystemTime) {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    (m.ino(), m.modified().unwrap())
}

#[cfg(unix)]
#[test]
fn rebuilding_in_place_leaves_unchanged_files_alone_and_updates_changed_ones() {
    let site = common::copy_fixture("minimal-sv");
    let media = site.path().join("content/media");
    std::fs::create_dir_all(&media).unwrap();
    std::fs::write(
        media.join("logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    std::fs::write(media.join("report.pdf"), "%PDF-1.4 first").unwrap();
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("site");
    let build = || {
        let run = common::run_build(site.path(), &out, &[]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    };
    build();
    let logo = identity(&out.join("media/logo.svg"));
    let report = identity(&out.join("media/report.pdf"));
    let page = identity(&out.join("sv/index.html"));

    std::thread::sleep(std::time::Duration::from_millis(20));
    build();
    assert_eq!(
        identity(&out.join("media/logo.svg")),
        logo,
        "unchanged media rewritten"
    );
    assert_eq!(
        identity(&out.join("media/report.pdf")),
        report,
        "unchanged media rewritten"
    );
    assert_eq!(
        identity(&out.join("sv/index.html")),
        page,
        "unchanged page rewritten"
    );

    std::fs::write(media.join("report.pdf"), "%PDF-1.4 second").unwrap();
    build();
    assert_eq!(
        identity(&out.join("media/logo.svg")),
        logo,
        "unchanged media rewritten"
    );
    assert_ne!(
        identity(&out.join("media/report.pdf")),
        report,
        "changed media not updated"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("media/report.pdf")).unwrap(),
        "%PDF-1.4 second"
    );
    assert_eq!(beside(parent.path()), [".site.prev", "site"]);
}

/// The names in `dir`, sorted.
fn beside(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Every folder and file under `dir` (folders with no bytes), to compare
/// two outputs as trees.
fn tree(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let bytes = e
                .file_type()
                .is_file()
                .then(|| std::fs::read(e.path()).unwrap());
            (rel, bytes)
        })
        .collect()
}

/// A build brings the output before last (kept beside the output as
/// `.site.prev`) up to date instead of writing a fresh folder: after pages
/// and media were deleted, added, and a file became a folder, the output is
/// exactly what a fresh build writes, and a link planted in the kept folder
/// is not followed.
#[cfg(unix)]
#[test]
fn a_kept_output_is_brought_up_to_date_like_a_fresh_folder() {
    let site = common::copy_fixture("minimal-sv");
    let content = site.path().join("content");
    let media = content.join("media");
    std::fs::create_dir_all(media.join("docs")).unwrap();
    std::fs::write(media.join("docs/a.txt"), "a").unwrap();
    std::fs::write(media.join("plan"), "a file named plan").unwrap();
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("site");
    let build = |out: &Path| {
        let run = common::run_build(site.path(), out, &[]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    };
    build(&out);
    build(&out);
    let kept = parent.path().join(".site.prev");
    assert!(
        kept.join(".lupaus-output").is_file(),
        "the replaced output is kept"
    );

    // Changes: a page deleted and one added, media deleted, and `plan`
    // becomes a folder.
    std::fs::remove_file(content.join("pages/svenska-skolor.sv.md")).unwrap();
    std::fs::write(
        content.join("pages/nytt.sv.md"),
        "---\ntitle: Nytt\n---\n\nEn ny sida.\n",
    )
    .unwrap();
    std::fs::remove_dir_all(media.join("docs")).unwrap();
    std::fs::remove_file(media.join("plan")).unwrap();
    std::fs::create_dir_all(media.join("plan")).unwrap();
    std::fs::write(media.join("plan/b.txt"), "b").unwrap();
    // The kept folder is the one brought up to date: its folders become
    // the output's.
    let dir_inode = |p: &Path| std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(p).unwrap());
    let kept_sv = dir_inode(&kept.join("sv"));
    build(&out);
    assert_eq!(
        dir_inode(&out.join("sv")),
        kept_sv,
        "the kept output was not reused"
    );
    let fresh_parent = tempfile::tempdir().unwrap();
    let fresh = fresh_parent.path().join("site");
    build(&fresh);
    assert_eq!(tree(&out), tree(&fresh));
    assert!(!out.join("sv/svenska-skolor").exists());
    assert!(out.join("media/plan/b.txt").is_file());
    assert_eq!(beside(parent.path()), [".site.prev", "site"]);

    // A link in the kept folder that a careless write would follow: the
    // folder is not reused, and nothing is written where the link points.
    let outside = tempfile::tempdir().unwrap();
    std::fs::remove_dir_all(kept.join("media")).unwrap();
    std::os::unix::fs::symlink(outside.path(), kept.join("media")).unwrap();
    build(&out);
    assert_eq!(tree(&out), tree(&fresh));
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    assert_eq!(beside(parent.path()), [".site.prev", "site"]);

    // Brought up to date in place: one more build, nothing changed, keeps
    // the tree.
    build(&out);
    assert_eq!(tree(&out), tree(&fresh));
}

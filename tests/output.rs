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
            // A `?v=HASH` query (the document page's print stylesheet) names
            // the same file.
            let path = path.split('?').next().unwrap_or(path);
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

/// Builds `site` into `out`, which must succeed.
fn build_ok(site: &Path, out: &Path) {
    let run = common::run_build(site, out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
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
    let build = || build_ok(site.path(), &out);
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
    assert_eq!(beside(parent.path()), [".site.prev", ".site.sums", "site"]);
}

#[test]
fn a_page_changed_in_the_output_by_hand_is_written_again() {
    // The previous build's records (`.site.sums`) stand for a file only
    // while it is as that build left it: a page edited in place, even to
    // the same length, is read and compared, and comes back as built.
    let site = common::copy_fixture("minimal-sv");
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("site");
    let build = || build_ok(site.path(), &out);
    build();
    let page = out.join("sv/index.html");
    let built = std::fs::read(&page).unwrap();
    assert!(parent.path().join(".site.sums").is_file());
    let mut edited = built.clone();
    let at = edited.len() / 2;
    edited[at] = if edited[at] == b'x' { b'y' } else { b'x' };
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&page, &edited).unwrap();
    build();
    assert_eq!(std::fs::read(&page).unwrap(), built);
    // Unchanged since: linked from the previous output, not rewritten.
    let before = identity(&page);
    build();
    assert_eq!(identity(&page), before);
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
    assert_eq!(beside(parent.path()), [".site.prev", ".site.sums", "site"]);

    // A link in the kept folder that a careless write would follow: the
    // folder is not reused, and nothing is written where the link points.
    let outside = tempfile::tempdir().unwrap();
    std::fs::remove_dir_all(kept.join("media")).unwrap();
    std::os::unix::fs::symlink(outside.path(), kept.join("media")).unwrap();
    build(&out);
    assert_eq!(tree(&out), tree(&fresh));
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    assert_eq!(beside(parent.path()), [".site.prev", ".site.sums", "site"]);

    // Brought up to date in place: one more build, nothing changed, keeps
    // the tree.
    build(&out);
    assert_eq!(tree(&out), tree(&fresh));
}

/// The names beside an output that a build in progress (or a killed one)
/// leaves: staging folders `.site.new-…` and set-aside folders `.site.old-…`.
fn leftovers(dir: &Path) -> Vec<String> {
    beside(dir)
        .into_iter()
        .filter(|n| n.starts_with(".site.new-") || n.starts_with(".site.old-"))
        .collect()
}

/// A build killed with SIGKILL half-way leaves the previous output byte
/// for byte as it was, and the next build removes the staging folder the
/// killed one left (a whole site's size).
#[cfg(unix)]
#[test]
fn a_killed_build_leaves_the_output_and_the_next_build_clears_its_staging_folder() {
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("site");
    let root = common::example_root();
    let run = common::run_build(&root, &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let before = tree(&out);
    // Kill builds until one is caught half-way (its staging folder exists
    // and it has not finished); a fast machine may need a few tries.
    let mut caught = false;
    for _ in 0..20 {
        let mut child = common::lupaus_command()
            .args(["build", "--drafts", "--root"])
            .arg(&root)
            .arg("--output")
            .arg(&out)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let start = Instant::now();
        // Half-way: the staging folder has its lock (the build renders).
        let rendering = || {
            leftovers(parent.path())
                .iter()
                .any(|n| parent.path().join(n).join(".lock").is_file())
        };
        while !rendering() && start.elapsed() < Duration::from_secs(30) {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        let finished = child.try_wait().unwrap().is_some();
        let _ = child.kill();
        let _ = child.wait();
        if finished {
            // It got through: put the first output back and try again.
            let run = common::run_build(&root, &out, &[]);
            assert_eq!(run.code, 0, "{}", run.stderr);
            continue;
        }
        caught = true;
        break;
    }
    assert!(caught, "no build could be killed half-way in 20 tries");
    assert_eq!(tree(&out), before, "the killed build changed the output");
    assert!(
        !leftovers(parent.path()).is_empty(),
        "the killed build left no staging folder (nothing for this test to see)"
    );
    // The next build (a failing one, even) clears the leftover.
    let broken = common::copy_fixture("err-yaml");
    let run = common::run_build(broken.path(), &out, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let run = common::run_build(&root, &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(leftovers(parent.path()), Vec::<String>::new());
    assert_eq!(tree(&out), before);
}

/// Where a swap is two renames (systems without an atomic exchange), a
/// build killed between them leaves the old output set aside and no
/// output: the next build moves it back before anything else, so even a
/// build that then fails leaves the reader's site in place.
#[cfg(unix)]
#[test]
fn an_output_set_aside_by_a_killed_swap_is_moved_back() {
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("site");
    let site = common::copy_fixture("minimal-sv");
    let run = common::run_build(site.path(), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let before = tree(&out);
    // What a kill between the two renames leaves.
    let aside = parent.path().join(".site.old-Xy12ab");
    std::fs::create_dir(&aside).unwrap();
    std::fs::rename(&out, aside.join("old")).unwrap();
    // A build with an error in the content: nothing new is published, and
    // the set-aside output is back in place.
    std::fs::write(site.path().join("content/site.yaml"), "title: [broken\n").unwrap();
    let run = common::run_build(site.path(), &out, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(tree(&out), before);
    assert_eq!(leftovers(parent.path()), Vec::<String>::new());
}

/// A full disk is reported as a full disk, and the previous output stays.
/// Needs a small file system: a 3 MiB tmpfs, mounted when the test runs as
/// root (as CI does); otherwise the test says so and checks nothing.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_reported_as_such_and_the_output_stays() {
    use std::process::Command;
    let mnt = tempfile::tempdir().unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=3m", "tmpfs"])
        .arg(mnt.path())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("SKIPPED: cannot mount a small tmpfs here (not root?)");
        return;
    }
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(self.0).status();
        }
    }
    let _guard = Unmount(mnt.path());
    let out = mnt.path().join("site");
    let site = common::copy_fixture("minimal-sv");
    let run = common::run_build(site.path(), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let before = tree(&out);
    // An attachment larger than what is left on the disk.
    let media = site.path().join("content/media");
    std::fs::create_dir_all(&media).unwrap();
    std::fs::write(media.join("big.pdf"), vec![b'x'; 4 << 20]).unwrap();
    let run = common::run_build(site.path(), &out, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("no space left on the disk") && run.stderr.contains("free some space"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("that you may write there"),
        "{}",
        run.stderr
    );
    assert_eq!(tree(&out), before);
    assert_eq!(leftovers(mnt.path()), Vec::<String>::new());
}

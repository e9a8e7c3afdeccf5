//! Files as editors and systems save them: Notepad's CRLF line ends and
//! byte-order mark, Windows-1252 and UTF-16, macOS's NFD file names, names
//! that are one file on Windows, names Windows cannot hold, and the side
//! files Windows, macOS and Office leave beside content. Each site is
//! written into a temporary folder by the test itself.

mod common;

use std::path::Path;

use common::{build, read_tree};
use tempfile::TempDir;

/// A small bilingual site: (path under the site root, text) with `\n` line ends.
fn site_files() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "content/site.yaml",
            "# Testialue\ntitle: { fi: Palvelulupaus, sv: Servicelöfte }\norganisation: { fi: Testin hyvinvointialue, sv: Testets välfärdsområde }\nbase_url: https://lupaus.example\nlanguages: [fi, sv]\n",
        ),
        (
            "content/indicators.yaml",
            "odotus:\n  name: { fi: Odotusaika, sv: Väntetid }\n  unit: { fi: vrk, sv: dygn }\n  direction: lower\n  target: 7\n",
        ),
        (
            "content/_index.fi.md",
            "---\ntitle: Lupauksemme\nsummary: Näin palvelemme.\n---\n\nLue [neuvolasta](@/areas/perhe/neuvola.md) ja [palautteesta](@/pages/palaute.md#miten).\n",
        ),
        (
            "content/_index.sv.md",
            "---\ntitle: Vårt löfte\nsummary: Så betjänar vi.\n---\n\nLäs om [rådgivningen](@/areas/perhe/neuvola.md).\n",
        ),
        (
            "content/areas/perhe/_index.fi.md",
            "---\ntitle: Perheet\nsummary: Neuvola.\n---\n\nLupaukset perheille.\n",
        ),
        (
            "content/areas/perhe/neuvola.fi.md",
            "---\ntitle: Aika neuvolaan\nsummary: Viikossa.\nperspective: availability\nindicators: [odotus]\n---\n\n## Mitä lupaamme\n\n- ensimmäinen\n- toinen\n\n```\nkoodi\n  sisennetty\n```\n\nRivi  \nrikottu.\n",
        ),
        (
            "content/pages/palaute.fi.md",
            "---\ntitle: Palaute\nsummary: Kerro meille.\n---\n\n## Miten {#miten}\n\nKirjoita meille.\n",
        ),
    ]
}

/// Writes `files` under a new temporary site root, each text passed
/// through `save` (how an editor would store it).
fn write_site(files: &[(&str, &str)], save: impl Fn(&str) -> Vec<u8>) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (rel, text) in files {
        write(dir.path(), rel, &save(text));
    }
    dir
}

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn lf(text: &str) -> Vec<u8> {
    text.as_bytes().to_vec()
}

/// As Notepad saves: a UTF-8 byte-order mark and `\r\n` line ends.
fn notepad(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xef, 0xbb, 0xbf];
    bytes.extend(text.replace('\n', "\r\n").into_bytes());
    bytes
}

/// UTF-16 with its byte-order mark, little or big endian.
fn utf16(text: &str, little: bool) -> Vec<u8> {
    let mut bytes = if little {
        vec![0xff, 0xfe]
    } else {
        vec![0xfe, 0xff]
    };
    for unit in text.encode_utf16() {
        bytes.extend(if little {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    bytes
}

/// Windows-1252 for the Latin-1 letters the tests use.
fn windows_1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).expect("a Latin-1 letter"))
        .collect()
}

fn no_warnings(stderr: &str) {
    assert!(
        !stderr.contains(": warning: "),
        "expected no warnings; stderr was:\n{stderr}"
    );
}

#[test]
fn crlf_and_byte_order_mark_build_the_same_site_byte_for_byte() {
    let unix = write_site(&site_files(), lf);
    let windows = write_site(&site_files(), notepad);
    let a = build(unix.path(), &[]);
    let b = build(windows.path(), &[]);
    a.assert_ok();
    b.assert_ok();
    no_warnings(&b.run.stderr);
    let (a, b) = (read_tree(&a.out), read_tree(&b.out));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (rel, bytes) in &a {
        assert!(bytes == &b[rel], "{rel} differs between LF and CRLF+BOM");
    }
    // The CRLF files' text reached the pages (not an empty site).
    let page = String::from_utf8(a["fi/perhe/neuvola/index.html"].clone()).unwrap();
    assert!(page.contains("sisennetty"), "{page}");
}

#[test]
fn crlf_and_byte_order_mark_keep_line_numbers() {
    let mut files = site_files();
    files.push((
        "content/pages/uutinen.fi.md",
        "---\ntitle: Uutinen\nsummary: Uusi.\ndate: 2024-13-45\n---\n\nTeksti.\n",
    ));
    files.push((
        "content/pages/linkki.fi.md",
        "---\ntitle: Linkki\n---\n\nEnsimmäinen rivi.\n\nKatso [tästä](@/pages/puuttuu.md).\n",
    ));
    let unix = write_site(&files, lf);
    let windows = write_site(&files, notepad);
    let a = build(unix.path(), &[]);
    let b = build(windows.path(), &[]);
    a.assert_failed(2);
    b.assert_failed(2);
    // The same messages at the same lines and columns.
    assert_eq!(a.run.errors(), b.run.errors());
    b.run.error_starting("content/pages/uutinen.fi.md:4:");
    b.run.error_starting("content/pages/linkki.fi.md:7:");
}

#[test]
fn crlf_yaml_errors_keep_their_line() {
    let mut files = site_files();
    files.retain(|(rel, _)| *rel != "content/indicators.yaml");
    files.push((
        "content/indicators.yaml",
        "odotus:\n  name: { fi: Odotusaika, sv: Väntetid }\n  unit: { fi: vrk, sv: dygn }\n  direction: sideways\n  target: 7\n",
    ));
    let unix = write_site(&files, lf);
    let windows = write_site(&files, notepad);
    let a = build(unix.path(), &[]);
    let b = build(windows.path(), &[]);
    assert_eq!(b.run.code, 1, "{}", b.run.stderr);
    assert_eq!(a.run.errors(), b.run.errors());
    b.run.error_starting("content/indicators.yaml:4:");
}

#[test]
fn a_windows_1252_file_is_named_with_how_to_save_it_as_utf8() {
    let site = write_site(&site_files(), lf);
    write(
        site.path(),
        "content/pages/palaute.fi.md",
        &windows_1252(
            "---\ntitle: Palaute\nsummary: Kerro meille, miten pärjäsit.\n---\n\n## Miten {#miten}\n",
        ),
    );
    let b = build(site.path(), &[]);
    b.assert_failed(1);
    let line = b.run.error_starting("content/pages/palaute.fi.md:3: ");
    assert!(line.contains("save the file as UTF-8"), "{line}");
    assert!(line.contains("Windows-1252"), "{line}");

    // site.yaml in Windows-1252: the same, and nothing else is built.
    let site = write_site(&site_files(), lf);
    write(
        site.path(),
        "content/site.yaml",
        &windows_1252(
            "title: Palvelulupaus\norganisation: Testin hyvinvointialue\nbase_url: https://lupaus.example\nlanguages: [fi, sv]\n# Päivitetty\n",
        ),
    );
    let b = build(site.path(), &[]);
    b.assert_failed(1);
    let line = b.run.error_starting("content/site.yaml:5: ");
    assert!(line.contains("save the file as UTF-8"), "{line}");
}

#[test]
fn a_utf16_file_little_or_big_endian_is_named_with_how_to_save_it_as_utf8() {
    for little in [true, false] {
        for rel in ["content/pages/palaute.fi.md", "content/indicators.yaml"] {
            let files = site_files();
            let site = write_site(&files, lf);
            let text = files.iter().find(|(r, _)| *r == rel).unwrap().1;
            write(site.path(), rel, &utf16(text, little));
            let b = build(site.path(), &[]);
            assert_eq!(b.run.code, 1, "{}", b.run.stderr);
            let line = b.run.error_starting(&format!("{rel}:1: "));
            assert!(line.contains("UTF-16"), "{line}");
            assert!(line.contains("save the file as UTF-8"), "{line}");
        }
    }
}

#[test]
fn nfd_and_nfc_file_names_are_the_same_page() {
    let mut files = site_files();
    // Finnish written on macOS (NFD: a + combining diaeresis), Swedish on
    // Windows (NFC: ä); a link written with ä.
    files.push((
        "content/pages/ha\u{308}ta\u{308}.fi.md",
        "---\ntitle: Hätä\n---\n\nSoita 112.\n",
    ));
    files.push((
        "content/pages/h\u{e4}t\u{e4}.sv.md",
        "---\ntitle: Nöd\n---\n\nRing 112.\n",
    ));
    files.push((
        "content/pages/linkki.fi.md",
        "---\ntitle: Linkki\n---\n\nKatso [hätä](@/pages/h\u{e4}t\u{e4}.md).\n",
    ));
    files.push(("content/media/ko\u{308}ynno\u{308}s.txt", "media\n"));
    let site = write_site(&files, lf);
    let b = build(site.path(), &[]);
    b.assert_ok();
    no_warnings(&b.run.stderr);
    let tree = read_tree(&b.out);
    let pages: Vec<&String> = tree
        .keys()
        .filter(|k| k.contains("t\u{e4}") || k.contains("a\u{308}"))
        .collect();
    // One page per language, both under the NFC name, and the media file
    // under its NFC name.
    assert_eq!(
        pages,
        vec![
            "fi/h\u{e4}t\u{e4}/index.html",
            "sv/h\u{e4}t\u{e4}/index.html"
        ],
        "{:?}",
        tree.keys().collect::<Vec<_>>()
    );
    assert!(tree.contains_key("media/k\u{f6}ynn\u{f6}s.txt"));
    // The Swedish page is the translation of the Finnish one.
    let sv = b.read("sv/h\u{e4}t\u{e4}/index.html");
    // The alternate link to the Finnish page (attributes in any order).
    assert!(
        sv.split("<link ").any(|tag| {
            let tag = tag.split('>').next().unwrap_or_default();
            tag.contains("hreflang=fi")
                && tag.contains("href=https://lupaus.example/fi/h\u{e4}t\u{e4}/")
        }),
        "{sv}"
    );
}

#[test]
fn the_same_page_saved_in_nfd_and_in_nfc_is_an_error() {
    let mut files = site_files();
    files.push((
        "content/pages/ha\u{308}ta\u{308}.fi.md",
        "---\ntitle: Hätä\n---\n",
    ));
    files.push((
        "content/pages/h\u{e4}t\u{e4}.fi.md",
        "---\ntitle: Hätä\n---\n",
    ));
    let site = write_site(&files, lf);
    let b = build(site.path(), &[]);
    b.assert_failed(1);
    let line = b.run.errors()[0];
    assert!(line.contains("same page in the same language"), "{line}");
}

#[test]
fn names_that_differ_only_in_case_are_an_error() {
    let mut files = site_files();
    files.push((
        "content/pages/Palaute.fi.md",
        "---\ntitle: Palaute 2\n---\n",
    ));
    files.push(("content/media/Logo.svg", "<svg/>\n"));
    files.push(("content/media/logo.svg", "<svg/>\n"));
    files.push((
        "content/areas/Perhe/_index.fi.md",
        "---\ntitle: Perheet 2\n---\n",
    ));
    let site = write_site(&files, lf);
    let b = build(site.path(), &[]);
    b.assert_failed(3);
    for (at, names) in [
        (
            "content/pages/palaute.fi.md: ",
            "\"palaute.fi.md\" and \"Palaute.fi.md\"",
        ),
        ("content/media/logo.svg: ", "\"logo.svg\" and \"Logo.svg\""),
        ("content/areas/perhe: ", "\"perhe\" and \"Perhe\""),
    ] {
        let line = b.run.error_starting(at);
        assert!(line.contains(names), "{line}");
        assert!(
            line.contains("differ only in upper and lower case"),
            "{line}"
        );
        assert!(line.contains("one file"), "{line}");
    }
}

#[test]
fn a_trailing_space_or_dot_in_a_name_is_an_error_with_a_suggested_name() {
    let mut files = site_files();
    files.push(("content/pages/ohje.fi.md.", "---\ntitle: Ohje\n---\n"));
    files.push(("content/pages/kysely .fi.md", "---\ntitle: Kysely\n---\n"));
    files.push(("content/media/kartta.png ", "png\n"));
    files.push((
        "content/areas/vanhus./_index.fi.md",
        "---\ntitle: Vanhus\n---\n",
    ));
    let site = write_site(&files, lf);
    let b = build(site.path(), &[]);
    assert_eq!(b.run.code, 1, "{}", b.run.stderr);
    let line = b.run.error_starting("content/pages/ohje.fi.md.: ");
    assert!(line.contains("ends with a dot"), "{line}");
    assert!(line.contains("rename it to \"ohje.fi.md\""), "{line}");
    let line = b.run.error_starting("content/media/kartta.png : ");
    assert!(line.contains("ends with a space"), "{line}");
    assert!(line.contains("rename it to \"kartta.png\""), "{line}");
    let line = b.run.error_starting("content/areas/vanhus.: ");
    assert!(
        line.contains("folder name \"vanhus.\" ends with a dot"),
        "{line}"
    );
    assert!(line.contains("rename it to \"vanhus\""), "{line}");
    // A space inside a name is left to the other rules on names.
    assert!(
        !b.run.stderr.contains("\"kysely .fi.md\" ends with"),
        "{}",
        b.run.stderr
    );
}

#[test]
fn system_and_office_side_files_beside_content_are_ignored_silently() {
    let mut files = site_files();
    for folder in [
        "content",
        "content/pages",
        "content/areas/perhe",
        "content/media",
        "content/media/kuvat",
    ] {
        for name in [
            "Thumbs.db",
            "thumbs.db",
            "desktop.ini",
            "Desktop.ini",
            ".DS_Store",
            "~$palaute.docx",
            ".~lock.palaute.docx#",
        ] {
            files.push((
                Box::leak(format!("{folder}/{name}").into_boxed_str()),
                "side file\n",
            ));
        }
    }
    files.push(("content/media/kuvat/kartta.txt", "kartta\n"));
    let site = write_site(&files, lf);
    let b = build(site.path(), &[]);
    b.assert_ok();
    no_warnings(&b.run.stderr);
    let tree = read_tree(&b.out);
    let media: Vec<&String> = tree.keys().filter(|k| k.starts_with("media/")).collect();
    assert_eq!(media, vec!["media/kuvat/kartta.txt"]);

    // And `check` says nothing about them either.
    let out = common::lupaus_command()
        .args(["check", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    for name in ["Thumbs", "desktop", "DS_Store", "~$", "~lock"] {
        assert!(!stderr.contains(name), "{stderr}");
    }
}

/// Emacs marks a file with unsaved edits by a link to nowhere, `.#x.md`:
/// the build neither fails on it nor mentions it.
#[cfg(unix)]
#[test]
fn an_emacs_lock_link_to_nowhere_is_ignored() {
    let site = write_site(&site_files(), lf);
    std::os::unix::fs::symlink(
        "kirjoittaja@kone.1234:1700000000",
        site.path().join("content/pages/.#palaute.fi.md"),
    )
    .unwrap();
    let b = build(site.path(), &[]);
    b.assert_ok();
    no_warnings(&b.run.stderr);
    assert!(!b.run.stderr.contains(".#palaute"), "{}", b.run.stderr);
}

/// An Excel workbook saved beside the results CSV files is told how to
/// save it as CSV (moving it to media/ would publish it).
#[test]
fn a_workbook_in_results_is_told_to_be_saved_as_csv() {
    let site = write_site(&site_files(), lf);
    write(
        site.path(),
        "content/results/Tulokset 2026.XLSX",
        b"PK\x03\x04",
    );
    let b = build(site.path(), &[]);
    b.assert_ok();
    let told: Vec<&str> = b
        .run
        .stderr
        .lines()
        .filter(|l| l.contains("Tulokset 2026.XLSX"))
        .collect();
    assert_eq!(told.len(), 1, "{}", b.run.stderr);
    assert!(told[0].contains("warning:"), "{}", told[0]);
    assert!(told[0].contains("CSV UTF-8"), "{}", told[0]);
    assert!(!told[0].contains("content/media"), "{}", told[0]);
}

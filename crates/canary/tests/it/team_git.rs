//! Code areas per commit for single-point-of-failure analysis, on a repository built here.

use std::path::Path;
use std::process::Command;

use canary::sources::git::commit_areas;
use canary::team::spof::{Work, analyse};

fn git(dir: &Path, args: &[&str], who: (&str, &str)) {
    let out = Command::new("git")
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", who.0)
        .env("GIT_AUTHOR_EMAIL", who.1)
        .env("GIT_COMMITTER_NAME", who.0)
        .env("GIT_COMMITTER_EMAIL", who.1)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .args(args)
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn commit(dir: &Path, who: (&str, &str), files: &[&str]) {
    for f in files {
        let p = dir.join(f);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        let old = std::fs::read_to_string(&p).unwrap_or_default();
        std::fs::write(&p, format!("{old}x\n")).unwrap();
    }
    git(dir, &["add", "-A"], who);
    git(dir, &["commit", "-q", "-m", "work"], who);
}

#[test]
fn each_commit_names_the_top_level_areas_it_touched() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let ana = ("Ana", "ana@example.org");
    let bo = ("Bo", "bo@example.org");
    git(dir, &["init", "-q", "-b", "main"], ana);
    commit(dir, ana, &["db/schema.sql", "web/index.html", "README"]);
    commit(dir, ana, &["db/migrate/1.sql"]);
    commit(dir, ana, &["db/schema.sql"]);
    commit(dir, bo, &["web/app.js"]);
    commit(dir, bo, &["web/index.html", "db/schema.sql"]);
    let commits = commit_areas(dir, 1000).unwrap();
    assert_eq!(commits.len(), 5);
    // Newest first.
    assert_eq!(commits[0].author_email, "bo@example.org");
    assert_eq!(commits[0].areas, ["db", "web"]);
    assert_eq!(commits[4].areas, ["README", "db", "web"]);
    assert_eq!(commits[2].areas, ["db"]);
    assert_eq!(commit_areas(dir, 2).unwrap().len(), 2);

    let work: Vec<Work> = commits
        .iter()
        .flat_map(|c| {
            c.areas.iter().map(|a| Work {
                area: a.clone(),
                who: c.author_name.clone(),
                weight: 1.0,
            })
        })
        .collect();
    let risk = analyse(&work);
    let db = risk.iter().find(|r| r.area == "db").unwrap();
    // db: Ana 3 commits, Bo 1 → Ana carries 75 %, bus factor 1, Bo left holding it.
    assert_eq!((db.top.as_str(), db.bus_factor), ("Ana", 1));
    assert!((db.top_share - 0.75).abs() < 1e-9);
    assert_eq!(db.left_holding, Some(("Bo".to_string(), 1.0)));
}

#[test]
fn a_folder_that_is_not_a_repository_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(commit_areas(tmp.path(), 10).is_err());
}

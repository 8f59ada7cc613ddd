//! Every string from an input file (or a name a file chose) that reaches the terminal is
//! escaped: a path with ESC/OSC and a bidi override, at import, in an error, and again in
//! `canary sources runs`.

use crate::common;

use common::Home;

#[test]
fn a_hostile_file_name_is_escaped_at_import_in_errors_and_in_sources_runs() {
    let home = Home::new();
    home.init(&[]);
    let name = "hist\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202e}txt";
    let good = home.dir.path().join(name);
    std::fs::write(&good, ": 1780000000:0;ls\n: 1780000060:0;pwd\n").unwrap();
    let bad = home.dir.path().join(format!("{name}.bad"));
    std::fs::write(&bad, "no timestamps here\n").unwrap();

    let mut all = Vec::new();
    for path in [&good, &bad] {
        let out = home
            .canary()
            .args(["import", "zsh"])
            .arg(path)
            .output()
            .unwrap();
        all.push((format!("import {}", path.display()), out.stdout, out.stderr));
    }
    for args in [&["sources", "runs"][..], &["sources"]] {
        let out = home.canary().args(args).output().unwrap();
        all.push((args.join(" "), out.stdout, out.stderr));
    }
    let said = String::from_utf8_lossy(&all[0].1).into_owned();
    assert!(
        said.contains("hist\\e]0;pwned\\u{7}\\e[2J\\u{202e}txt"),
        "{said}"
    );
    let runs = String::from_utf8_lossy(&all[2].1).into_owned();
    assert!(
        runs.contains("hist\\e]0;pwned"),
        "the path is named, escaped: {runs}"
    );
    for (what, stdout, stderr) in &all {
        for bytes in [stdout, stderr] {
            let text = String::from_utf8_lossy(bytes);
            assert!(!bytes.contains(&0x1b), "ESC from {what}: {text}");
            assert!(!bytes.contains(&0x07), "BEL from {what}: {text}");
            assert!(
                !text.contains('\u{202e}'),
                "bidi override from {what}: {text}"
            );
        }
    }
}

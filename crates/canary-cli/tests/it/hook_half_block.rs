//! `canary hook remove|install` over a half block: the start marker without the end marker,
//! as an interrupted write of an older Canary left a startup file (a full disk during
//! `hook install zsh` cut `.zshrc` inside the block). Remove takes the half block out; install
//! leaves exactly one whole block. The shells themselves are not run.

use crate::common;

use std::path::PathBuf;

use common::Home;

const BEGIN: &str = "# >>> canary nudge >>>";
const END: &str = "# <<< canary nudge <<<";

fn hook(home: &Home, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = home.canary();
    cmd.env("HOME", home.dir.path())
        .env_remove("ZDOTDIR")
        .env_remove("XDG_CONFIG_HOME")
        .arg("hook")
        .args(args);
    cmd
}

fn rc_file(home: &Home, shell: &str) -> PathBuf {
    let h = home.dir.path();
    match shell {
        "zsh" => h.join(".zshrc"),
        "bash" => h.join(".bashrc"),
        _ => h.join(".config/fish/conf.d/canary.fish"),
    }
}

/// The block this binary installs for `shell`, found by installing it into a scratch home.
fn installed_block(shell: &str) -> String {
    let home = Home::new();
    hook(&home, &["install", shell]).assert().success();
    std::fs::read_to_string(rc_file(&home, shell)).unwrap()
}

/// Where to cut a block: just after the start marker's line, inside a line in the middle,
/// at a line boundary in the middle, and inside the end marker.
fn cuts(block: &str) -> Vec<usize> {
    let after_begin = BEGIN.len() + 1;
    let mid = block.len() / 2;
    let mid_line = block[mid..].find('\n').map(|i| mid + i + 1).unwrap();
    let in_end = block.find(END).unwrap() + 5;
    vec![after_begin, mid, mid_line, in_end]
}

#[test]
fn remove_takes_out_a_half_block_and_install_leaves_one() {
    let user = "export EDITOR=vi\nalias k=kubectl\n";
    for shell in ["zsh", "bash", "fish"] {
        let block = installed_block(shell);
        assert!(block.starts_with(BEGIN) && block.trim_end().ends_with(END));
        for cut in cuts(&block) {
            let home = Home::new();
            let rc = rc_file(&home, shell);
            std::fs::create_dir_all(rc.parent().unwrap()).unwrap();
            let half = format!("{user}{}", &block[..cut]);
            std::fs::write(&rc, &half).unwrap();

            let out = hook(&home, &["remove", shell]).output().unwrap();
            let said = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "{shell} cut at {cut}: {said}");
            assert!(
                said.contains("Removed the nudge"),
                "{shell} cut at {cut}: {said}"
            );
            assert_eq!(
                std::fs::read_to_string(&rc).unwrap(),
                user,
                "{shell} cut at {cut}"
            );

            hook(&home, &["install", shell]).assert().success();
            let text = std::fs::read_to_string(&rc).unwrap();
            assert_eq!(text, format!("{user}{block}"), "{shell} cut at {cut}");
        }
    }
}

#[test]
fn install_over_a_half_block_and_remove_after_an_old_reinstall() {
    for shell in ["zsh", "bash", "fish"] {
        let block = installed_block(shell);
        let cut = block.len() / 2;

        // Installing over the half block replaces it: one block, whole.
        let home = Home::new();
        let rc = rc_file(&home, shell);
        std::fs::create_dir_all(rc.parent().unwrap()).unwrap();
        std::fs::write(&rc, format!("a=1\n{}", &block[..cut])).unwrap();
        hook(&home, &["install", shell]).assert().success();
        let text = std::fs::read_to_string(&rc).unwrap();
        assert_eq!(text, format!("a=1\n{block}"), "{shell}");
        assert_eq!(text.matches(BEGIN).count(), 1);
        assert_eq!(text.matches(END).count(), 1);

        // What an older Canary's re-install made of it: the half block, a line end, a whole
        // block. Remove takes both out; nothing of the cut line is left behind.
        std::fs::write(&rc, format!("a=1\n{}\n{block}b=2\n", &block[..cut])).unwrap();
        hook(&home, &["remove", shell]).assert().success();
        assert_eq!(
            std::fs::read_to_string(&rc).unwrap(),
            "a=1\nb=2\n",
            "{shell}"
        );
    }
}

#[test]
fn a_half_block_alone_removes_the_fish_file() {
    let block = installed_block("fish");
    let home = Home::new();
    let rc = rc_file(&home, "fish");
    std::fs::create_dir_all(rc.parent().unwrap()).unwrap();
    std::fs::write(&rc, &block[..block.len() / 3]).unwrap();
    hook(&home, &["remove", "fish"]).assert().success();
    assert!(!rc.exists(), "the file held only the half block");
}

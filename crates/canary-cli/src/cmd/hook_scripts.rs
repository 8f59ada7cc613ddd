//! The text `canary hook install` writes: one delimited block per target, calling
//! `canary check --nudge`, which prints a kind nudge only in the sleep window.
//!
//! Every block starts with [`BEGIN`] and ends with [`END`] on lines of their own, so that
//! `canary hook remove` deletes exactly what was installed. A half block — [`BEGIN`] without
//! [`END`], what an interrupted write of an older Canary left — is recognised line by line
//! against the blocks written here and removed up to its last recognisable line; `install`
//! removes it too, so a file never holds more than one block. Nothing here ever fails the
//! command it is attached to: a git hook always exits 0, a prompt hook keeps `$?`.

/// First line of every installed block.
pub const BEGIN: &str = "# >>> canary nudge >>>";
/// Last line of every installed block.
pub const END: &str = "# <<< canary nudge <<<";

/// Quote for sh, bash and zsh: single quotes, with `'` written as `'\''`.
fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// Quote for fish: single quotes, with `\` and `'` escaped.
fn fish_quote(s: &str) -> String {
    format!("'{}'", s.replace('\\', r"\\").replace('\'', r"\'"))
}

/// The block for a repository's `post-commit` hook.
pub fn git_block(bin: &str) -> String {
    format!(
        r#"{BEGIN}
# A kind nudge after a commit in your sleep window; never blocks. Remove: canary hook remove git
canary_bin={bin}
[ -x "$canary_bin" ] || canary_bin=canary
"$canary_bin" check --nudge 2>/dev/null || true
{END}
"#,
        bin = sh_quote(bin)
    )
}

/// The block for `~/.zshrc`: a `precmd` hook.
pub fn zsh_block(bin: &str, every_minutes: u32) -> String {
    format!(
        r#"{BEGIN}
# A kind nudge at the prompt in your sleep window, at most every {every_minutes} minutes.
# Remove: canary hook remove zsh
_canary_nudge() {{
  local ret=$? bin={bin} now last=0
  local stamp="${{XDG_STATE_HOME:-$HOME/.local/state}}/canary/nudge-shown"
  [[ -x $bin ]] || bin=canary
  now=${{EPOCHSECONDS:-$(date +%s)}}
  [[ -r $stamp ]] && read -r last < "$stamp"
  if (( now - ${{last:-0}} >= {secs} )); then
    "$bin" check --nudge 2>/dev/null
    if [[ $? -eq 2 ]]; then mkdir -p "${{stamp:h}}" && print -r -- "$now" >| "$stamp"; fi
  fi
  return $ret
}}
zmodload -F zsh/datetime p:EPOCHSECONDS 2>/dev/null
autoload -Uz add-zsh-hook && add-zsh-hook precmd _canary_nudge
{END}
"#,
        bin = sh_quote(bin),
        secs = u64::from(every_minutes) * 60
    )
}

/// The block for `~/.bashrc`: a `PROMPT_COMMAND` entry.
pub fn bash_block(bin: &str, every_minutes: u32) -> String {
    format!(
        r#"{BEGIN}
# A kind nudge at the prompt in your sleep window, at most every {every_minutes} minutes.
# Remove: canary hook remove bash
__canary_nudge() {{
  local ret=$? bin={bin} now last=0
  local stamp="${{XDG_STATE_HOME:-$HOME/.local/state}}/canary/nudge-shown"
  [ -x "$bin" ] || bin=canary
  now=${{EPOCHSECONDS:-$(date +%s)}}
  [ -r "$stamp" ] && read -r last < "$stamp"
  if [ $((now - ${{last:-0}})) -ge {secs} ]; then
    "$bin" check --nudge 2>/dev/null
    if [ $? -eq 2 ]; then mkdir -p "${{stamp%/*}}" && printf '%s\n' "$now" >| "$stamp"; fi
  fi
  return $ret
}}
case ";${{PROMPT_COMMAND:-}};" in
  *";__canary_nudge;"*) ;;
  *) PROMPT_COMMAND="__canary_nudge${{PROMPT_COMMAND:+;$PROMPT_COMMAND}}" ;;
esac
{END}
"#,
        bin = sh_quote(bin),
        secs = u64::from(every_minutes) * 60
    )
}

/// The block for `~/.config/fish/conf.d/canary.fish`: a `fish_prompt` event handler.
pub fn fish_block(bin: &str, every_minutes: u32) -> String {
    format!(
        r#"{BEGIN}
# A kind nudge at the prompt in your sleep window, at most every {every_minutes} minutes.
# Remove: canary hook remove fish
function __canary_nudge --on-event fish_prompt
    set -l bin {bin}
    test -x $bin; or set bin canary
    set -l state $HOME/.local/state
    set -q XDG_STATE_HOME; and set state $XDG_STATE_HOME
    set -l stamp $state/canary/nudge-shown
    set -l now (date +%s)
    set -l last 0
    test -r $stamp; and read last < $stamp
    test (math $now - $last) -lt {secs}; and return
    $bin check --nudge 2>/dev/null
    if test $status -eq 2
        mkdir -p $state/canary; and echo $now > $stamp
    end
end
{END}
"#,
        bin = fish_quote(bin),
        secs = u64::from(every_minutes) * 60
    )
}

/// Stands for the binary's path and the interval in the templates a half block is matched
/// against; each line is cut at these into the parts that must match literally.
const ANY_BIN: &str = "\u{1}";
const ANY_MINUTES: u32 = 4_000_000_001;

/// Every block Canary writes, with the variable parts (the path of the binary, the interval)
/// left open: the lines a half block is recognised by.
fn templates() -> Vec<Vec<Vec<String>>> {
    let minutes = ANY_MINUTES.to_string();
    let secs = (u64::from(ANY_MINUTES) * 60).to_string();
    [
        git_block(ANY_BIN),
        zsh_block(ANY_BIN, ANY_MINUTES),
        bash_block(ANY_BIN, ANY_MINUTES),
        fish_block(ANY_BIN, ANY_MINUTES),
    ]
    .iter()
    .map(|block| {
        block
            .lines()
            .map(|line| {
                // The quoted path (`'\u{1}'`) is open as a whole, quotes included.
                let line = line
                    .replace(&sh_quote(ANY_BIN), ANY_BIN)
                    .replace(&fish_quote(ANY_BIN), ANY_BIN)
                    .replace(&secs, ANY_BIN)
                    .replace(&minutes, ANY_BIN);
                line.split(ANY_BIN).map(str::to_string).collect()
            })
            .collect()
    })
    .collect()
}

/// Whether `line` matches a template line: its literal parts in order, anything between.
fn matches(line: &str, parts: &[String]) -> bool {
    let (first, rest) = parts.split_first().expect("split yields a part");
    let Some(mut tail) = line.strip_prefix(first.as_str()) else {
        return false;
    };
    let Some((last, middle)) = rest.split_last() else {
        return tail.is_empty();
    };
    for part in middle {
        match tail.find(part.as_str()) {
            Some(i) => tail = &tail[i + part.len()..],
            None => return false,
        }
    }
    tail.len() >= last.len() && tail.ends_with(last.as_str())
}

/// Whether `partial` (a write cut off inside a line) can be the start of a template line.
fn starts(partial: &str, parts: &[String]) -> bool {
    let first = &parts[0];
    if partial.len() <= first.len() {
        first.starts_with(partial)
    } else {
        // Past the first open part anything may follow.
        partial.starts_with(first.as_str()) && parts.len() > 1
    }
}

/// How far a half block starting at `text` (its [`BEGIN`] line first) reaches: the bytes of
/// the longest run of lines that match one of the blocks line by line. The line where the
/// write stopped may be cut off: it counts when it is the start of the expected line and the
/// last one, at the end of the text or just before another [`BEGIN`] (a later install).
fn half_block_len(text: &str) -> usize {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    templates()
        .iter()
        .map(|tpl| {
            let mut len = 0;
            for (i, (line, parts)) in lines.iter().zip(tpl).enumerate() {
                let body = line.trim_end_matches('\n').trim_end_matches('\r');
                let last = lines.get(i + 1).is_none_or(|next| next.trim_end() == BEGIN);
                if line.ends_with('\n') && matches(body.trim_end(), parts) {
                    len += line.len();
                } else {
                    if last && starts(body, parts) {
                        len += line.len();
                    }
                    break;
                }
            }
            len
        })
        .max()
        .unwrap_or(0)
}

/// Every Canary block in `text`, in order: a whole one ([`BEGIN`] to [`END`], no other
/// [`BEGIN`] between) or a half one — a [`BEGIN`] line without its [`END`], left by an
/// interrupted write — reaching to the end of its recognisable lines.
pub fn find_blocks(text: &str) -> Vec<Block> {
    let mut lines = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        lines.push((offset, line.trim_end()));
        offset += line.len();
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].1 != BEGIN {
            i += 1;
            continue;
        }
        let start = lines[i].0;
        let end = lines[i + 1..]
            .iter()
            .position(|(_, l)| *l == END || *l == BEGIN)
            .map(|k| i + 1 + k)
            .filter(|&k| lines[k].1 == END);
        match end {
            Some(k) => {
                let stop = lines.get(k + 1).map_or(text.len(), |(o, _)| *o);
                out.push(Block {
                    range: start..stop,
                    whole: true,
                });
                i = k + 1;
            }
            None => {
                // At least the BEGIN line itself (it matches every template's first line).
                let stop = start + half_block_len(&text[start..]).max(lines[i].1.len());
                out.push(Block {
                    range: start..stop,
                    whole: false,
                });
                i = lines.partition_point(|(o, _)| *o < stop);
            }
        }
    }
    out
}

/// One block found in a file: its byte range and whether it has its end marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub range: std::ops::Range<usize>,
    pub whole: bool,
}

/// `text` with the ranges cut out.
fn cut(text: &str, ranges: &[std::ops::Range<usize>]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for r in ranges {
        out.push_str(&text[at..r.start]);
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}

/// `text` with the block in it exactly once: the first whole block replaced in place, every
/// other block (half ones included) removed; appended when there was no whole block.
pub fn with_block(text: &str, block: &str) -> String {
    let blocks = find_blocks(text);
    if let Some(first) = blocks.iter().find(|b| b.whole) {
        let before: Vec<_> = blocks
            .iter()
            .filter(|b| b.range.end <= first.range.start)
            .map(|b| b.range.clone())
            .collect();
        let after: Vec<_> = blocks
            .iter()
            .filter(|b| b.range.start >= first.range.end)
            .map(|b| b.range.clone())
            .collect();
        let head = cut(&text[..first.range.start], &before);
        let tail_text = &text[first.range.end..];
        let shifted: Vec<_> = after
            .iter()
            .map(|r| r.start - first.range.end..r.end - first.range.end)
            .collect();
        return format!("{head}{block}{}", cut(tail_text, &shifted));
    }
    let ranges: Vec<_> = blocks.iter().map(|b| b.range.clone()).collect();
    let mut out = cut(text, &ranges);
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(block);
    out
}

/// `text` without any Canary block, whole or half, or `None` when there is none.
pub fn without_block(text: &str) -> Option<String> {
    let blocks = find_blocks(text);
    if blocks.is_empty() {
        return None;
    }
    let ranges: Vec<_> = blocks.iter().map(|b| b.range.clone()).collect();
    Some(cut(text, &ranges))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_round_trip_and_replace_in_place() {
        let rc = "export EDITOR=vi\nalias k=kubectl\n";
        let block = bash_block("/usr/bin/canary", 30);
        let installed = with_block(rc, &block);
        assert!(installed.starts_with(rc));
        assert_eq!(with_block(&installed, &block), installed, "idempotent");
        let moved = with_block(&installed, &bash_block("/opt/canary", 30));
        assert_eq!(moved.matches(BEGIN).count(), 1);
        assert_eq!(without_block(&installed).as_deref(), Some(rc));
        assert_eq!(without_block(rc), None);
    }

    /// Every way a write can have been cut off inside a block: the file holds the text before
    /// and the block up to that byte; remove leaves the text before (with its line end) and
    /// install after it leaves exactly one whole block.
    #[test]
    fn half_blocks_are_found_wherever_the_write_stopped() {
        let rc = "export EDITOR=vi\nalias k=kubectl\n";
        for block in [
            zsh_block("/usr/local/bin/canary", 30),
            bash_block("/home/me/.cargo/bin/canary", 45),
            fish_block("/opt/it's/canary", 5),
            git_block("/usr/bin/canary"),
        ] {
            for cut_at in BEGIN.len()..block.len() {
                if !block.is_char_boundary(cut_at) {
                    continue;
                }
                let half = format!("{rc}{}", &block[..cut_at]);
                let removed =
                    without_block(&half).unwrap_or_else(|| panic!("no block found in {half:?}"));
                assert_eq!(removed, rc, "cut at {cut_at} of {block:?}");
                let again = with_block(&half, &block);
                assert_eq!(again, format!("{rc}{block}"), "cut at {cut_at}");
                assert_eq!(again.matches(BEGIN).count(), 1);
            }
        }
    }

    #[test]
    fn a_half_block_stops_at_the_first_line_that_is_not_ours() {
        let block = zsh_block("/usr/bin/canary", 30);
        let cut_at = block.find("  now=").unwrap();
        let text = format!("a=1\n{}alias ll='ls -l'\n", &block[..cut_at]);
        assert_eq!(without_block(&text).unwrap(), "a=1\nalias ll='ls -l'\n");
        // A half block before a whole one (an interrupted install, then another): both go.
        let twice = format!("a=1\n{}\n{block}b=2\n", &block[..cut_at + 4]);
        assert_eq!(without_block(&twice).unwrap(), "a=1\nb=2\n");
        let once = with_block(&twice, &block);
        assert_eq!(once, format!("a=1\n{block}b=2\n"));
    }

    #[test]
    fn paths_are_quoted() {
        assert!(git_block("/it's here/canary").contains(r"canary_bin='/it'\''s here/canary'"));
        assert!(fish_block("/it's/canary", 5).contains(r"set -l bin '/it\'s/canary'"));
    }
}

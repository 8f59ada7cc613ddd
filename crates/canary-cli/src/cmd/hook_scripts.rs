//! The text `canary hook install` writes: one delimited block per target, calling
//! `canary check --nudge`, which prints a kind nudge only in the sleep window.
//!
//! Every block starts with [`BEGIN`] and ends with [`END`] on lines of their own, so that
//! `canary hook remove` deletes exactly what was installed. Nothing here ever fails the
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

/// Where an installed block sits in `text`: the byte range of its lines, if any.
pub fn find_block(text: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    let mut start = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == BEGIN && start.is_none() {
            start = Some(offset);
        } else if trimmed == END
            && let Some(s) = start
        {
            return Some(s..offset + line.len());
        }
        offset += line.len();
    }
    None
}

/// `text` with the block appended, or the installed block replaced in place.
pub fn with_block(text: &str, block: &str) -> String {
    if let Some(r) = find_block(text) {
        return format!("{}{block}{}", &text[..r.start], &text[r.end..]);
    }
    let mut out = text.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(block);
    out
}

/// `text` without the installed block, or `None` when there is none.
pub fn without_block(text: &str) -> Option<String> {
    find_block(text).map(|r| format!("{}{}", &text[..r.start], &text[r.end..]))
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

    #[test]
    fn paths_are_quoted() {
        assert!(git_block("/it's here/canary").contains(r"canary_bin='/it'\''s here/canary'"));
        assert!(fish_block("/it's/canary", 5).contains(r"set -l bin '/it\'s/canary'"));
    }
}

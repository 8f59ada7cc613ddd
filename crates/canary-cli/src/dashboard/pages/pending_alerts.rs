//! The Overview's small section of alerts waiting to be delivered (`canary alerts` lists
//! them all); nothing when none waits. Self-contained: the Overview includes it in one line.

use canary::store::StoredAlert;
use maud::{Markup, html};

/// The waiting alerts, each with its evidence.
pub fn section(alerts: &[StoredAlert]) -> Markup {
    html! {
        @if !alerts.is_empty() {
            section class="alerts" aria-labelledby="alerts-title" {
                h2 id="alerts-title" { "Alerts" }
                ul {
                    @for a in alerts {
                        li {
                            strong { (a.title) }
                            @if !a.evidence.is_empty() {
                                ul {
                                    @for line in &a.evidence { li { (line) } }
                                }
                            }
                        }
                    }
                }
                p class="hint" {
                    "Waiting for your working hours. " code { "canary alerts" } " lists them; "
                    code { "canary alerts mute RULE" } " stops a rule."
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alert(title: &str, evidence: &[&str]) -> StoredAlert {
        StoredAlert {
            id: "sleep-window/2026-12-02".into(),
            rule: "sleep-window".into(),
            fired_at: "2026-12-04T09:00:00Z".parse().unwrap(),
            title: title.into(),
            evidence: evidence.iter().map(ToString::to_string).collect(),
            state: canary::store::AlertState::New,
            delivered_at: None,
            channel: None,
        }
    }

    #[test]
    fn waiting_alerts_are_listed_with_their_evidence_escaped() {
        assert!(section(&[]).into_string().is_empty());
        let page = section(&[alert(
            "Work in your sleep window on 3 of the last 7 nights",
            &["The night of 2026-12-02: 1 event — 23:30 command (zsh) <b>"],
        )])
        .into_string();
        assert!(
            page.contains("<h2 id=\"alerts-title\">Alerts</h2>"),
            "{page}"
        );
        assert!(
            page.contains("<strong>Work in your sleep window on 3 of the last 7 nights</strong>")
        );
        assert!(page.contains("23:30 command (zsh) &lt;b&gt;"), "{page}");
    }
}

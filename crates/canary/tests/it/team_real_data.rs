//! Team on-call figures on the real PagerDuty and Opsgenie example exports.

use crate::common;

use canary::team::Roster;
use canary::team::fairness::OVERLOAD_THRESHOLD;
use canary::team::oncall::{read_exports, team_oncall};

const ROSTER: &str = r#"
[[member]]
name = "Earline"
oncall_ids = ["PXPGF42"]
timezone = "America/Los_Angeles"

[[member]]
name = "Smith"
emails = ["agent_smith@opsgenie.com"]
timezone = "Europe/London"

[[member]]
name = "Morpheus"
emails = ["morpheus@opsgenie.com"]
timezone = "UTC"

[[member]]
name = "Nobody"
oncall_ids = ["PNOBODY"]
"#;

#[test]
#[ignore = "needs ../shared/data"]
fn every_responder_is_measured_in_their_own_zone() {
    let data = common::shared_data();
    let roster = Roster::parse(ROSTER, "roster.toml").unwrap();
    let pd = data.join("oncall/pagerduty-api-examples/get_incidents_id__response.json");
    let og = data.join("oncall/opsgenie-api-examples");
    let (events, _skipped) = read_exports(&[pd.clone(), og], &roster).unwrap();
    let team = team_oncall(&roster, &events, OVERLOAD_THRESHOLD);
    let r = |name: &str| {
        team.responders
            .iter()
            .find(|r| r.responder == name)
            .unwrap()
    };
    // Earline was assigned at 2015-11-10T00:31:52Z: 16:31 on a Monday in Los Angeles, business
    // hours — not the sleep-window page it would be in UTC.
    assert_eq!(r("Earline").interruptions, 1);
    assert_eq!(r("Earline").by_band[0], 1);
    assert_eq!(r("Earline").sleep, 0);
    // The Opsgenie folder's one alert paged Smith (who acknowledged it) and Morpheus (owner).
    assert_eq!(r("Smith").interruptions, 1);
    assert!(r("Smith").engaged_secs > 0);
    assert_eq!(r("Morpheus").interruptions, 1);
    assert_eq!(r("Morpheus").engaged_secs, 0);
    assert_eq!(r("Nobody").interruptions, 0);
    // Loads [1, 1, 1, 0]: pairs with Nobody are 0/1 (3 of 6), the rest 1 → balance 0.5;
    // Gini Σ|xi−xj| = 2·3 = 6 over 2·16·0.75 = 24 → 0.25. Mean 0.75: no one above 1.125.
    assert!((team.balance - 0.5).abs() < 1e-9);
    assert!((team.gini - 0.25).abs() < 1e-9);
    assert!(team.overloaded.is_empty());

    // The same file with Earline in UTC: a sleep-window page on the night of 2015-11-09.
    let utc = Roster::parse(&ROSTER.replace("America/Los_Angeles", "UTC"), "r").unwrap();
    let (events, _) = read_exports(&[pd], &utc).unwrap();
    let team = team_oncall(&utc, &events, OVERLOAD_THRESHOLD);
    assert_eq!(team.responders[0].sleep, 1);
    assert_eq!(team.responders[0].longest_night_run, 1);
}

#[test]
#[ignore = "needs ../shared/data"]
fn on_call_hours_come_from_the_oncalls_response() {
    let data = common::shared_data();
    let dir = data.join("oncall/pagerduty-api-examples");
    let schedules = canary::team::oncall::read_schedules(&[&dir]).unwrap();
    // get_oncalls: PT23IWX on call 2015-03-06T15:28:51-05:00 → 2015-03-07T15:28:51-05:00.
    let spans = &schedules["PT23IWX"];
    assert_eq!(canary::team::oncall::covered_hours(spans), 24.0);
    let roster = Roster::parse(
        "[[member]]\nname = \"A\"\noncall_ids = [\"PT23IWX\"]\n[[member]]\nname = \"B\"\noncall_ids = [\"PX\"]\n",
        "r",
    )
    .unwrap();
    let (events, _) = read_exports(&[&dir], &roster).unwrap();
    let mut team = team_oncall(&roster, &events, OVERLOAD_THRESHOLD);
    canary::team::oncall::apply_schedules(&mut team, &roster, &schedules);
    assert_eq!(team.responders[0].oncall_hours, Some(24.0));
    assert_eq!(team.responders[1].oncall_hours, Some(0.0));
    // Exports without an `oncalls` response have no schedules.
    assert!(
        canary::team::oncall::read_schedules(&[data.join("oncall/opsgenie-api-examples")])
            .is_none()
    );
}

//! The level rule, case by case, as written in docs/method.md.

use super::*;
use crate::report::Basis;

fn ind(tier: Tier, status: Status) -> Indicator {
    Indicator {
        id: "x".into(),
        tier,
        label: "X".into(),
        status,
        basis: Basis::Measured,
        evidence: String::new(),
    }
}

#[test]
fn level_rule_v1_case_by_case() {
    use Status::*;
    use Tier::*;
    let cases: &[(&[(Tier, Status)], RiskLevel)] = &[
        (&[], RiskLevel::Low),
        (
            &[(High, DoesNotHold), (Medium, DoesNotHold), (Low, Holds)],
            RiskLevel::Low,
        ),
        (&[(High, Unknown), (Medium, Unknown)], RiskLevel::Low),
        (&[(Medium, Holds)], RiskLevel::Medium),
        (&[(Medium, Holds), (Medium, Holds)], RiskLevel::Medium),
        (&[(High, Holds)], RiskLevel::Medium),
        (&[(High, Holds), (Medium, Holds)], RiskLevel::High),
        (&[(High, Holds), (High, Holds)], RiskLevel::High),
        (
            &[(High, Holds), (High, DoesNotHold), (Low, Holds)],
            RiskLevel::Medium,
        ),
    ];
    for (given, expected) in cases {
        let inds: Vec<Indicator> = given.iter().map(|&(t, s)| ind(t, s)).collect();
        let (got, reasons) = level(&inds, true, 30);
        assert_eq!(got, *expected, "for {given:?}");
        assert!(!reasons.is_empty(), "a level always has its reasons");
        let holding = given
            .iter()
            .filter(|(t, s)| *s == Holds && *t != Low)
            .count();
        if *expected != RiskLevel::Low {
            assert_eq!(
                reasons.len(),
                holding,
                "one reason per holding sign for {given:?}"
            );
        }
    }
}

#[test]
fn too_little_data_is_unknown_whatever_holds() {
    let inds = [
        ind(Tier::High, Status::Holds),
        ind(Tier::High, Status::Holds),
    ];
    let (got, reasons) = level(&inds, false, 5);
    assert_eq!(got, RiskLevel::Unknown);
    assert!(reasons[0].contains("only 5 days"), "{reasons:?}");
}

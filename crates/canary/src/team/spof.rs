//! Single points of failure: per area (a service from incidents, a code area from git), how
//! much of the work one person carries, the bus factor, and who would be left holding it.

use std::collections::BTreeMap;

use serde::Serialize;

/// One unit of work: `who` did `weight` of it in `area`.
#[derive(Debug, Clone, PartialEq)]
pub struct Work {
    pub area: String,
    pub who: String,
    pub weight: f64,
}

/// One area's concentration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaRisk {
    pub area: String,
    pub total: f64,
    pub people: usize,
    pub top: String,
    /// The top person's share of the area's work (0–1).
    pub top_share: f64,
    /// The fewest people who together carry more than half of the work.
    pub bus_factor: usize,
    /// Who carries the most once the top person is away, and their share of what remains
    /// (`None` when no one else has touched it).
    pub left_holding: Option<(String, f64)>,
}

impl AreaRisk {
    /// A single point of failure: a bus factor of 1.
    pub fn is_spof(&self) -> bool {
        self.bus_factor == 1
    }
}

/// Per-area risk, most concentrated first (then by name).
pub fn analyse(work: &[Work]) -> Vec<AreaRisk> {
    let mut areas: BTreeMap<&str, BTreeMap<&str, f64>> = BTreeMap::new();
    for w in work {
        if w.weight > 0.0 {
            *areas
                .entry(w.area.as_str())
                .or_default()
                .entry(w.who.as_str())
                .or_default() += w.weight;
        }
    }
    let mut out: Vec<AreaRisk> = areas
        .into_iter()
        .map(|(area, people)| {
            let mut ranked: Vec<(&str, f64)> = people.into_iter().collect();
            ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
            let total: f64 = ranked.iter().map(|r| r.1).sum();
            AreaRisk {
                area: area.to_string(),
                total,
                people: ranked.len(),
                top: ranked[0].0.to_string(),
                top_share: ranked[0].1 / total,
                bus_factor: bus_factor(&ranked.iter().map(|r| r.1).collect::<Vec<_>>()),
                left_holding: ranked
                    .get(1)
                    .map(|(who, w)| (who.to_string(), w / (total - ranked[0].1))),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        a.bus_factor
            .cmp(&b.bus_factor)
            .then(b.top_share.total_cmp(&a.top_share))
            .then(a.area.cmp(&b.area))
    });
    out
}

/// The fewest people (heaviest first) whose work together exceeds half of the total.
pub fn bus_factor(weights: &[f64]) -> usize {
    let mut w: Vec<f64> = weights.iter().copied().filter(|x| *x > 0.0).collect();
    w.sort_by(|a, b| b.total_cmp(a));
    let total: f64 = w.iter().sum();
    let mut acc = 0.0;
    for (i, x) in w.iter().enumerate() {
        acc += x;
        if acc > total / 2.0 {
            return i + 1;
        }
    }
    w.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(area: &str, who: &str, weight: f64) -> Work {
        Work {
            area: area.into(),
            who: who.into(),
            weight,
        }
    }

    #[test]
    fn bus_factor_by_hand() {
        assert_eq!(bus_factor(&[6.0, 2.0, 2.0]), 1);
        // Exactly half is not more than half.
        assert_eq!(bus_factor(&[5.0, 3.0, 2.0]), 2);
        assert_eq!(bus_factor(&[1.0, 1.0, 1.0, 1.0]), 3);
        assert_eq!(bus_factor(&[]), 0);
    }

    #[test]
    fn the_area_one_person_carries_comes_first() {
        let work = [
            w("db", "ana", 8.0),
            w("db", "bo", 1.0),
            w("db", "cy", 1.0),
            w("web", "bo", 2.0),
            w("web", "cy", 2.0),
            w("web", "ana", 1.0),
        ];
        let r = analyse(&work);
        assert_eq!(r[0].area, "db");
        assert!(r[0].is_spof());
        assert!((r[0].top_share - 0.8).abs() < 1e-9);
        // Without Ana, Bo and Cy hold 1 each of the remaining 2: Bo (first by name), 50 %.
        assert_eq!(r[0].left_holding, Some(("bo".to_string(), 0.5)));
        assert_eq!(r[1].bus_factor, 2);
    }
}

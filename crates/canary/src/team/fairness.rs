//! How evenly a load is shared: balance (Grafana OnCall), the Gini coefficient, and who carries
//! more than their share.

use serde::Serialize;

/// Grafana OnCall's balance: the mean, over every pair of people, of the smaller load divided by
/// the larger (1 = perfectly even, 0 = one person carries everything). A pair where both loads
/// are zero is even (1). With fewer than two people the balance is 1.
pub fn balance(loads: &[f64]) -> f64 {
    let n = loads.len();
    if n < 2 {
        return 1.0;
    }
    let mut sum = 0.0;
    let mut pairs = 0usize;
    for i in 0..n {
        for j in i + 1..n {
            let (lo, hi) = if loads[i] <= loads[j] {
                (loads[i], loads[j])
            } else {
                (loads[j], loads[i])
            };
            sum += if hi <= 0.0 { 1.0 } else { lo / hi };
            pairs += 1;
        }
    }
    sum / pairs as f64
}

/// The Gini coefficient: Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄); 0 = even, (n−1)/n = one person carries
/// everything. Zero when every load is zero or there are no loads.
pub fn gini(loads: &[f64]) -> f64 {
    let n = loads.len() as f64;
    let total: f64 = loads.iter().sum();
    if loads.is_empty() || total <= 0.0 {
        return 0.0;
    }
    let mean = total / n;
    let mut diff = 0.0;
    for a in loads {
        for b in loads {
            diff += (a - b).abs();
        }
    }
    diff / (2.0 * n * n * mean)
}

/// Someone carrying more than `threshold` × the team mean.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overload {
    pub index: usize,
    /// Their load divided by the team mean.
    pub times_mean: f64,
    /// How much of their load is above the mean.
    pub above_mean: f64,
}

/// The default overload threshold: more than 1.5 × the team mean.
pub const OVERLOAD_THRESHOLD: f64 = 1.5;

/// Everyone whose load is above `threshold` × the mean, heaviest first.
pub fn overloaded(loads: &[f64], threshold: f64) -> Vec<Overload> {
    if loads.is_empty() {
        return Vec::new();
    }
    let mean = loads.iter().sum::<f64>() / loads.len() as f64;
    if mean <= 0.0 {
        return Vec::new();
    }
    let mut out: Vec<Overload> = loads
        .iter()
        .enumerate()
        .filter(|(_, l)| **l > threshold * mean)
        .map(|(index, l)| Overload {
            index,
            times_mean: l / mean,
            above_mean: l - mean,
        })
        .collect();
    out.sort_by(|a, b| b.times_mean.total_cmp(&a.times_mean));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn balance_by_hand() {
        // Pairs of [2, 4, 8]: 2/4 = .5, 2/8 = .25, 4/8 = .5 → mean 1.25/3.
        assert!(close(balance(&[2.0, 4.0, 8.0]), 1.25 / 3.0));
        assert!(close(balance(&[5.0, 5.0, 5.0]), 1.0));
        // One person carries everything among three: pairs 0/9, 0/9, 0/0 → (0 + 0 + 1) / 3.
        assert!(close(balance(&[9.0, 0.0, 0.0]), 1.0 / 3.0));
        assert!(close(balance(&[3.0]), 1.0));
    }

    #[test]
    fn gini_by_hand() {
        // [2, 4, 8]: Σ|xi-xj| over ordered pairs = 2·(2 + 6 + 4) = 24; 2·n²·mean = 2·9·(14/3) = 84.
        assert!(close(gini(&[2.0, 4.0, 8.0]), 24.0 / 84.0));
        assert!(close(gini(&[1.0, 1.0, 1.0, 1.0]), 0.0));
        // One of four carries everything: (n−1)/n.
        assert!(close(gini(&[0.0, 0.0, 0.0, 8.0]), 0.75));
        assert!(close(gini(&[0.0, 0.0]), 0.0));
    }

    #[test]
    fn overload_by_hand() {
        // Mean of [2, 2, 2, 10] is 4; 10 > 1.5·4 and is 2.5× the mean, 6 above it.
        let o = overloaded(&[2.0, 2.0, 2.0, 10.0], OVERLOAD_THRESHOLD);
        assert_eq!(o.len(), 1);
        assert_eq!(o[0].index, 3);
        assert!(close(o[0].times_mean, 2.5));
        assert!(close(o[0].above_mean, 6.0));
        assert!(overloaded(&[3.0, 3.0], 1.5).is_empty());
    }
}

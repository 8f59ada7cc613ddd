//! The noise on released figures: why an admin who enrols members of their own, or a manager
//! who knows every other member's figures, still cannot work out one person's.
//!
//! Each released figure is computed from the group's *sum* plus a draw of Laplace noise whose
//! scale `b` is fixed per figure ([`SCALES`]), then divided by the members who measured it,
//! clamped to the figure's range and rounded. Whatever an attacker knows about the others, one
//! member's figure is seen only through that noise: two values `b` apart are at most `e` times
//! more or less likely given the release (the Laplace mechanism, ε = 1 per `b`). The noise on
//! the sum does not shrink with the group, so the protection is the same in a group of 5 and
//! of 50; the noise on the *mean* is `b / n`, so a manager's view of a larger group is sharper.
//!
//! A draw is made once per figure, group and week, when the week is first released, and is
//! frozen with it (`releases`): reading again, as another manager or later, gives the same
//! figures, so repeated reads cannot be averaged. Draws use the operating system's generator.
//! Rounding the noisy value to the figure's grid afterwards also removes the low-order
//! floating-point bits through which naive Laplace sampling can leak.

use crate::Error;

/// The Laplace scale on the group's sum, per released figure (the JSON key of the figure).
/// `risk` is the scale on each level's count.
pub const SCALES: [(&str, f64); 8] = [
    ("hours_mean", 10.0),
    ("after_hours_share_mean", 0.10),
    ("sleep_nights_mean", 1.0),
    ("interruptions_mean", 5.0),
    ("cbi_personal_mean", 10.0),
    ("cbi_work_mean", 10.0),
    ("who5_mean", 10.0),
    ("risk", 1.0),
];

/// The scale of a figure, by its JSON key.
pub fn scale(figure: &str) -> Option<f64> {
    SCALES.iter().find(|(k, _)| *k == figure).map(|(_, b)| *b)
}

/// A draw from Laplace(0, `b`) given `u` uniform in (0, 1), by the inverse distribution.
pub fn laplace(u: f64, b: f64) -> f64 {
    if u < 0.5 {
        b * (2.0 * u).ln()
    } else {
        -b * (2.0 * (1.0 - u)).ln()
    }
}

/// A uniform draw in (0, 1), never 0 or 1: 53 random bits from the operating system.
pub fn uniform() -> Result<f64, Error> {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).map_err(|e| Error::Random(e.to_string()))?;
    let bits = u64::from_le_bytes(b) >> 11;
    Ok((bits as f64 + 0.5) / (1u64 << 53) as f64)
}

/// A draw from Laplace(0, `b`) from the operating system's generator.
pub fn draw(b: f64) -> Result<f64, Error> {
    Ok(laplace(uniform()?, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inverse_distribution_is_laplace() {
        assert_eq!(laplace(0.5, 10.0), 0.0);
        // The quartiles of Laplace(0, b) are ±b ln 2; the tails are symmetric.
        assert!((laplace(0.25, 10.0) + 10.0 * 2f64.ln()).abs() < 1e-12);
        assert!((laplace(0.75, 10.0) - 10.0 * 2f64.ln()).abs() < 1e-12);
        assert!((laplace(1e-6, 1.0) + laplace(1.0 - 1e-6, 1.0)).abs() < 1e-9);
    }

    #[test]
    fn draws_have_the_scale_they_claim() {
        // E|X| = b for Laplace(0, b); over 20,000 draws the mean is within 5 % with a
        // probability far above 1 - 1e-9.
        let n = 20_000;
        let b = 10.0;
        let draws: Vec<f64> = (0..n).map(|_| draw(b).unwrap()).collect();
        let mean_abs = draws.iter().map(|x| x.abs()).sum::<f64>() / n as f64;
        assert!((mean_abs - b).abs() < 0.05 * b, "{mean_abs}");
        let positive = draws.iter().filter(|x| **x > 0.0).count() as f64 / n as f64;
        assert!((positive - 0.5).abs() < 0.03, "{positive}");
        let u = uniform().unwrap();
        assert!(u > 0.0 && u < 1.0);
    }

    #[test]
    fn every_released_figure_has_a_scale() {
        for key in [
            "hours_mean",
            "after_hours_share_mean",
            "sleep_nights_mean",
            "interruptions_mean",
            "cbi_personal_mean",
            "cbi_work_mean",
            "who5_mean",
            "risk",
        ] {
            assert!(scale(key).is_some_and(|b| b > 0.0), "{key}");
        }
        assert_eq!(scale("reporting"), None);
    }
}

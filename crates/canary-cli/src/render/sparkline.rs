//! Sparklines: a series of numbers as a row of eight-level block characters.

const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// One character per value, scaled from 0 to the largest value (or `max` when given).
/// Values that are not finite or negative draw as the lowest level; an empty series is empty.
pub fn sparkline(values: &[f64], max: Option<f64>) -> String {
    let top = max
        .unwrap_or_else(|| {
            values
                .iter()
                .copied()
                .filter(|v| v.is_finite())
                .fold(0.0, f64::max)
        })
        .max(f64::MIN_POSITIVE);
    values
        .iter()
        .map(|&v| {
            let v = if v.is_finite() {
                v.clamp(0.0, top)
            } else {
                0.0
            };
            let i = ((v / top) * (LEVELS.len() - 1) as f64).round() as usize;
            LEVELS[i.min(LEVELS.len() - 1)]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_to_the_largest_value() {
        assert_eq!(sparkline(&[0.0, 5.0, 10.0], None), "▁▅█");
        assert_eq!(sparkline(&[0.0, 5.0, 10.0], Some(20.0)), "▁▃▅");
        assert_eq!(sparkline(&[], None), "");
        assert_eq!(sparkline(&[f64::NAN, -1.0, 0.0], None), "▁▁▁");
    }
}

//! The hour × weekday heatmap: when the work happens, drawn with shade characters so that the
//! picture survives without colour. Business hours are marked on the hour ruler.

use canary::model::Heatmap;

/// Shades from empty to the busiest cell.
const SHADES: [&str; 5] = ["  ", "░░", "▒▒", "▓▓", "██"];
const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// The heatmap as lines of text: a ruler of hours, one row per weekday, and a legend.
pub fn heatmap(map: &Heatmap) -> Vec<String> {
    let max = map.minutes.iter().flatten().copied().max().unwrap_or(0);
    let mut lines = Vec::with_capacity(10);
    let ruler: String = (0..24)
        .map(|h| {
            if h % 3 == 0 {
                format!("{h:<2}")
            } else {
                "  ".into()
            }
        })
        .collect();
    lines.push(format!("     {ruler}"));
    for (d, row) in map.minutes.iter().enumerate() {
        let cells: String = row.iter().map(|&m| SHADES[shade(m, max)]).collect();
        lines.push(format!("{:<4}│{cells}│", DAYS[d]));
    }
    lines.push(format!(
        "     {} none  {} little  {} some  {} much  {} most (busiest hour: {} of work in total)",
        "·",
        SHADES[1],
        SHADES[2],
        SHADES[3],
        SHADES[4],
        canary::words::duration_minutes(f64::from(max))
    ));
    lines
}

/// Which shade a cell gets: 0 only for no work at all, then quartiles of the busiest cell.
fn shade(minutes: u32, max: u32) -> usize {
    if minutes == 0 || max == 0 {
        0
    } else {
        (1 + (minutes as u64 * 4 - 1) / max as u64).min(4) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shades_by_quartile_and_keeps_zero_empty() {
        assert_eq!(shade(0, 100), 0);
        assert_eq!(shade(1, 100), 1);
        assert_eq!(shade(25, 100), 1);
        assert_eq!(shade(26, 100), 2);
        assert_eq!(shade(100, 100), 4);
        assert_eq!(shade(5, 0), 0);
    }

    #[test]
    fn draws_seven_rows_of_24_cells() {
        let mut map = Heatmap {
            counts: [[0; 24]; 7],
            minutes: [[0; 24]; 7],
        };
        map.minutes[0][9] = 60;
        map.minutes[6][3] = 15;
        let lines = heatmap(&map);
        assert_eq!(lines.len(), 9);
        assert!(lines[1].starts_with("Mon │"));
        assert_eq!(
            lines[1].chars().filter(|&c| c == '█').count(),
            2,
            "{}",
            lines[1]
        );
        assert_eq!(
            lines[7].chars().filter(|&c| c == '░').count(),
            2,
            "{}",
            lines[7]
        );
        assert_eq!(lines[1].chars().count(), lines[7].chars().count());
    }
}

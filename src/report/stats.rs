//! The statistics of item analysis, on plain numbers: difficulty (proportion correct),
//! discrimination (point-biserial correlation of an item with the rest of the attempt's score),
//! medians. Pure; every function returns `None` where the statistic is undefined rather than
//! a made-up number.

/// Proportion of right answers (classical "difficulty", p: higher is easier).
pub fn difficulty(correct: &[bool]) -> Option<f64> {
    if correct.is_empty() {
        return None;
    }
    Some(correct.iter().filter(|c| **c).count() as f64 / correct.len() as f64)
}

pub fn mean(xs: &[f64]) -> Option<f64> {
    (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
}

/// The middle value; the mean of the two middle values for an even count.
pub fn median(xs: &[f64]) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    let mut v: Vec<f64> = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// Pearson's correlation; `None` when either variable does not vary.
pub fn pearson(xs: &[f64], ys: &[f64]) -> Option<f64> {
    if xs.len() != ys.len() || xs.len() < 2 {
        return None;
    }
    let mx = mean(xs)?;
    let my = mean(ys)?;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in xs.iter().zip(ys) {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    if sxx <= f64::EPSILON || syy <= f64::EPSILON {
        return None;
    }
    Some(sxy / (sxx * syy).sqrt())
}

/// Point-biserial discrimination of an item: the correlation between answering it right (1/0)
/// and the rest score of the same attempt (the attempt's score without this item), the
/// "corrected item-total correlation". Using the rest score keeps the item from correlating
/// with itself, which matters in short assessments.
pub fn point_biserial(correct: &[bool], rest: &[f64]) -> Option<f64> {
    let xs: Vec<f64> = correct.iter().map(|c| f64::from(u8::from(*c))).collect();
    pearson(&xs, rest)
}

/// Rounds to `places` decimals, for output that reads and diffs well.
pub fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn difficulty_is_the_share_right() {
        assert_eq!(difficulty(&[true, false, true, true]), Some(0.75));
        assert_eq!(difficulty(&[]), None);
    }

    #[test]
    fn point_biserial_by_hand() {
        // Item right for the learners with rest scores 3 and 2, wrong for 1 and 0.
        // x = 1,1,0,0 (mean 0.5), y = 3,2,1,0 (mean 1.5).
        // Sxy = 0.5*1.5 + 0.5*0.5 + (-0.5)(-0.5) + (-0.5)(-1.5) = 0.75+0.25+0.25+0.75 = 2
        // Sxx = 4 * 0.25 = 1; Syy = 2.25+0.25+0.25+2.25 = 5; r = 2 / sqrt(5) = 0.894427...
        let r = point_biserial(&[true, true, false, false], &[3.0, 2.0, 1.0, 0.0]);
        assert_eq!(r.map(|r| round(r, 6)), Some(0.894427));
        // Everyone right: the item cannot discriminate.
        assert_eq!(point_biserial(&[true, true], &[1.0, 2.0]), None);
    }

    #[test]
    fn negative_discrimination_when_strong_learners_miss_it() {
        let r = point_biserial(&[false, false, true, true], &[3.0, 2.0, 1.0, 0.0]);
        assert_eq!(r.map(|r| round(r, 6)), Some(-0.894427));
    }
}

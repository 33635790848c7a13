//! Calibration statistics: how learners' decisions on the same cases agree with the expected
//! decision and with each other.
//!
//! Fleiss' kappa over a set of cases (subjects) and decisions (categories), with the usual
//! generalisation to cases decided by different numbers of learners: each case's observed
//! agreement P_i = (Σ_j n_ij² − n_i) / (n_i (n_i − 1)), P̄ their mean over cases with n_i ≥ 2,
//! p_j = Σ_i n_ij / Σ_i n_i, P_e = Σ_j p_j², κ = (P̄ − P_e) / (1 − P_e). Pure.

/// Observed agreement among the learners who decided one case: the share of pairs of
/// learners who chose the same decision. `None` with fewer than two decisions.
pub fn case_agreement(counts: &[usize]) -> Option<f64> {
    let n: usize = counts.iter().sum();
    if n < 2 {
        return None;
    }
    let same: usize = counts.iter().map(|c| c * c).sum::<usize>() - n;
    Some(same as f64 / (n * (n - 1)) as f64)
}

/// Fleiss' kappa of `cases`, each a vector of counts per decision (same decision order for
/// every case). `None` when no case has two decisions, or when chance agreement is total
/// (everyone always chose the same single decision: kappa is undefined).
pub fn fleiss_kappa(cases: &[Vec<usize>]) -> Option<f64> {
    let rated: Vec<&Vec<usize>> = cases
        .iter()
        .filter(|c| c.iter().sum::<usize>() >= 2)
        .collect();
    if rated.is_empty() {
        return None;
    }
    let p_bar = rated.iter().filter_map(|c| case_agreement(c)).sum::<f64>() / rated.len() as f64;
    let width = rated.iter().map(|c| c.len()).max().unwrap_or(0);
    let total: usize = rated.iter().map(|c| c.iter().sum::<usize>()).sum();
    let p_e: f64 = (0..width)
        .map(|j| {
            let nj: usize = rated.iter().map(|c| c.get(j).copied().unwrap_or(0)).sum();
            let pj = nj as f64 / total as f64;
            pj * pj
        })
        .sum();
    if (1.0 - p_e).abs() <= f64::EPSILON {
        return None;
    }
    Some((p_bar - p_e) / (1.0 - p_e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::stats::round;

    #[test]
    fn case_agreement_counts_agreeing_pairs() {
        // 3 of 4 chose A: pairs agreeing = 3*2 = 6 of 4*3 = 12 ordered pairs -> 0.5.
        assert_eq!(case_agreement(&[3, 1, 0]), Some(0.5));
        assert_eq!(case_agreement(&[4, 0]), Some(1.0));
        assert_eq!(case_agreement(&[1]), None);
    }

    #[test]
    fn fleiss_kappa_by_hand() {
        // Three cases, four learners each, decisions (A, B):
        //   case 1: 4 A          P_1 = (16 − 4) / 12 = 1
        //   case 2: 2 A, 2 B     P_2 = (4 + 4 − 4) / 12 = 1/3
        //   case 3: 1 A, 3 B     P_3 = (1 + 9 − 4) / 12 = 1/2
        // P̄ = (1 + 1/3 + 1/2) / 3 = 11/18 = 0.61111
        // p_A = 7/12, p_B = 5/12; P_e = 49/144 + 25/144 = 74/144 = 0.51389
        // κ = (11/18 − 74/144) / (1 − 74/144) = (88/144 − 74/144) / (70/144) = 14/70 = 0.2
        let k = fleiss_kappa(&[vec![4, 0], vec![2, 2], vec![1, 3]]);
        assert_eq!(k.map(|k| round(k, 6)), Some(0.2));
    }

    #[test]
    fn perfect_and_undefined_kappa() {
        assert_eq!(fleiss_kappa(&[vec![3, 0], vec![0, 3]]), Some(1.0));
        // Everyone chose A everywhere: chance agreement is 1, kappa undefined.
        assert_eq!(fleiss_kappa(&[vec![3, 0], vec![3, 0]]), None);
        assert_eq!(fleiss_kappa(&[vec![1, 0]]), None);
    }
}

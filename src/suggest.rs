//! "Did you mean": the closest candidate to a misspelt word.

/// The candidate closest to `word`, if it is close enough to be a likely typo.
/// Case differences alone always match (`containerport` → `containerPort`).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let mut best: Option<(&str, f64)> = None;
    for c in candidates {
        if c.to_lowercase() == lower {
            return Some(c);
        }
        let score = strsim::jaro_winkler(&lower, &c.to_lowercase());
        let dist = strsim::damerau_levenshtein(&lower, &c.to_lowercase());
        let close = score >= 0.88 || (dist <= 2 && c.len() > 3) || (dist <= 3 && c.len() >= 10);
        if close && best.is_none_or(|(_, s)| score > s) {
            best = Some((c, score));
        }
    }
    best.map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn typos() {
        let fields = ["containerPort", "hostPort", "name", "protocol", "hostIP"];
        assert_eq!(closest("contanierPort", fields), Some("containerPort"));
        assert_eq!(closest("containerport", fields), Some("containerPort"));
        assert_eq!(closest("replicas", fields), None);
        assert_eq!(
            closest("Deployement", ["Deployment", "Service"]),
            Some("Deployment")
        );
    }
}

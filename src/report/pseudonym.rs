//! Pseudonymous learner ids, so a results report can be shared without naming anyone.
//!
//! `p-` + the first 16 hex digits (64 bits) of HMAC-SHA256(key = salt, message = learner id).
//! The same salt always gives the same pseudonym (reports of several exports line up); another
//! salt gives unrelated ones. Without the salt the id cannot be recovered or confirmed: unlike
//! a plain hash of the id, a guessed list of e-mail addresses cannot be hashed and compared.
//! Keep the salt secret and long; anyone holding it can test guesses.

use hmac::{Hmac, Mac};
use sha2::Sha256;

pub fn pseudonym(salt: &str, learner: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(salt.as_bytes())
        .expect("HMAC-SHA256 accepts keys of any length; only fixed-size MACs reject one");
    mac.update(learner.as_bytes());
    let digest = mac.finalize().into_bytes();
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("p-{hex}")
}

#[cfg(test)]
mod tests {
    use super::pseudonym;

    #[test]
    fn stable_for_a_salt_and_different_for_another() {
        let a = pseudonym("s3cret-salt", "amira@example.com");
        assert_eq!(a, pseudonym("s3cret-salt", "amira@example.com"));
        assert_ne!(a, pseudonym("other-salt", "amira@example.com"));
        assert_ne!(a, pseudonym("s3cret-salt", "budi@example.com"));
        assert!(!a.contains("amira"));
        assert_eq!(a.len(), 2 + 16);
    }

    #[test]
    fn is_hmac_sha256_as_published() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?" gives
        // HMAC-SHA256 5bdcc146bf60754e6a042426089575c7...; the pseudonym is its first 8 bytes.
        assert_eq!(
            pseudonym("Jefe", "what do ya want for nothing?"),
            "p-5bdcc146bf60754e"
        );
    }
}

//! Isolation for many documents in one process: run one document's work with its panics
//! caught, so a bug triggered by one input is recorded against that input and never stops the
//! others. Used by the folder batch and the JSON-lines stream alike.

use crate::error::Error;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Why one document's work failed.
#[derive(Debug)]
pub enum Failure {
    /// The library refused the document.
    Error(Error),
    /// The library panicked (a bug); the panic's message.
    Panic(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Error(e) => e.fmt(f),
            Failure::Panic(m) => write!(f, "internal error (please report it): {m}"),
        }
    }
}

impl Failure {
    /// The failure in words, an error worded by `error_text` (which may add the caller's
    /// hints to the library's message).
    pub fn describe(&self, error_text: fn(&Error) -> String) -> String {
        match self {
            Failure::Error(e) => error_text(e),
            Failure::Panic(_) => self.to_string(),
        }
    }
}

fn panic_message(p: Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

/// Run `work`, turning an error or a panic into a [`Failure`].
pub fn guarded<T>(work: impl FnOnce() -> crate::Result<T>) -> Result<T, Failure> {
    match catch_unwind(AssertUnwindSafe(work)) {
        Ok(Ok(t)) => Ok(t),
        Ok(Err(e)) => Err(Failure::Error(e)),
        Err(p) => Err(Failure::Panic(panic_message(p))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_and_panics_are_caught() {
        assert_eq!(guarded(|| Ok(3)).unwrap(), 3);
        let e = guarded::<()>(|| Err(Error::Corpus("bad".into()))).unwrap_err();
        assert_eq!(e.to_string(), "bad");
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let p = guarded::<()>(|| panic!("boom")).unwrap_err();
        std::panic::set_hook(hook);
        assert!(matches!(p, Failure::Panic(ref m) if m == "boom"));
        assert_eq!(p.to_string(), "internal error (please report it): boom");
    }
}

"""Safety notes: the rules in ``glossary/safety.toml`` and the sentences they fire on."""

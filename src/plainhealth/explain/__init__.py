"""Explaining jargon: the glossary (loading and checking), hard-word detection, and the
explanations added at a term's first use."""

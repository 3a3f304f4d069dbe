"""Text tools that know nothing of health: sentences, syllables, readability formulas,
word frequency, lemmas and verb forms, phrase matching, and the caches they share."""

"""Rewriting one sentence at a time: plain words, sentence splits, and the invariants that
every rewrite must keep (numbers, units, doses, negations, warnings, named substances)."""

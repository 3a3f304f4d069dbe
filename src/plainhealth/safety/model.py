"""The learned second opinion on a sentence: a logistic regression over its words (single
words and pairs) and the features of :mod:`plainhealth.safety.claims` and the claim rules.
Trained by ``bench/train_claims.py`` on the development half of the claims data only; the
weights ship in the package (``data/claims-model.json``) and are read offline. Inference is
a sum of weights: deterministic, plain Python.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from itertools import pairwise

from plainhealth.safety.claims import tokens, word_classes

MODEL_FILE = "data/claims-model.json"


@dataclass(frozen=True)
class Model:
    version: str
    bias: float
    threshold: float
    weights: Mapping[str, float]

    def score(self, inputs: Iterable[str]) -> float:
        """The probability that a sentence with these inputs is a risky claim."""
        total = self.bias + sum(self.weights.get(name, 0.0) for name in set(inputs))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, total))))

    def reasons(self, inputs: Iterable[str], count: int = 3) -> list[str]:
        """The inputs that pushed most towards "claim", strongest first."""
        pushing = sorted(((self.weights.get(n, 0.0), n) for n in set(inputs)), reverse=True)
        return [name for weight, name in pushing[:count] if weight > 0]


def inputs(sentence: str, features: Iterable[str]) -> list[str]:
    """What the model reads: the feature names; the words and word pairs; and each word's
    class (a disease, an effect, a medicine, a negation …) alone and in pairs, where a word
    in no class stands for itself when short (a function word) and as "_" otherwise."""
    words = tokens(sentence)
    grams = [f"w:{w}" for w in words] + [f"b:{a} {b}" for a, b in pairwise(words)]
    classes = word_classes(words)
    shape = [c or (w if len(w) <= 3 else "_") for w, c in zip(words, classes, strict=True)]
    grams += [f"k:{c}" for c in classes if c]
    grams += [f"c:{a} {b}" for a, b in pairwise(shape)]
    return [f"f:{name}" for name in features] + grams


@cache
def load() -> Model:
    data = json.loads(files("plainhealth.safety").joinpath(MODEL_FILE).read_text("utf-8"))
    return Model(str(data["version"]), float(data["bias"]), float(data["threshold"]),
                 {str(k): float(v) for k, v in data["weights"].items()})

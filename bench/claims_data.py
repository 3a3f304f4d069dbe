"""The real claims data (../shared/data/claims-dev/claims.jsonl), split by site into a
development half (for tuning and training) and a test half (for reporting only).

Hosts are grouped by registrable domain (the public-suffix list that ``tld`` ships, read
offline) plus the groups the data's README names (CDN hosts of one site, mirrors of one
publisher), and each group goes to one half by the first byte of the SHA-256 of its name:
deterministic, and blind to the sentences. The sentences stay in ../shared; nothing here
copies them.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from _common import ROOT

CLAIMS = Path(os.environ.get(
    "PLAINHEALTH_CLAIMS", ROOT.parent / "shared" / "data" / "claims-dev" / "claims.jsonl"))
SAME_SOURCE = (  # from the data's README: hosts that are one source
    ("static1-cdn.newser.com", "img1-azrcdn.newser.com"),
    ("jdsupra.com", "production.jdsupra.com"),
    ("water.ygoy.com", "naturecure.ygoy.com"),
    ("blogs.naturalnews.com", "naturalnewsblogs.com"),
    ("mayoclinic.org", "mymlc.com"),
    ("cancer.org", "web.archive.org"),
)
HALVES = ("dev", "test")


def group(site: str) -> str:
    """The source a host belongs to."""
    from tld import get_fld

    for hosts in SAME_SOURCE:
        if site in hosts:
            return hosts[0]
    return str(get_fld(f"http://{site}", fail_silently=True) or site)


def half(site: str) -> str:
    return HALVES[hashlib.sha256(group(site).encode()).digest()[0] % 2]


def rows(which: str | None = None) -> list[dict[str, Any]]:
    """The labelled sentences (of one half, or all); [] when the data is not beside us."""
    if not CLAIMS.is_file():
        return []
    out = [json.loads(line) for line in CLAIMS.read_text("utf-8").splitlines() if line]
    return [r for r in out if which is None or half(r["site"]) == which]

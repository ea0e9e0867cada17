"""The fingerprints that tie a member's priority workbook to the round it was made for.

A very hidden control sheet (as in the supplier's answer sheet) holds:

- the fingerprint of the candidate list: SHA-256 over every candidate's ID and
  row fingerprint, in order, in the member's language; a workbook made from
  another profile, or before the profile's requirements changed, differs;
- the member's id and a fingerprint of that id with the candidate list, so a
  member id edited in the control sheet shows;
- per row, the candidate's ID and the SHA-256 of its ID, title and text as the
  row shows them, so an edited ID, title or text is found in its row.

The merge reads these back and computes them again from the profile; it
trusts nothing the workbook says about itself that it cannot recompute.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from .joint import Candidate

CONTROL_FORMAT = "anskaffelse-prioritering/1"
CONTROL_SHEET = "Kontroll"
FIRST_ROW = 7
"""The control sheet's first candidate row (rows 1–6 hold the format, fingerprints and a header)."""


def row_fingerprint(req_id: str, title: str, text: str) -> str:
    return hashlib.sha256(f"{req_id}\x1f{title}\x1f{text}".encode()).hexdigest()


def candidate_fingerprint(candidate: Candidate) -> str:
    return row_fingerprint(candidate.id, candidate.title, candidate.text)


def list_fingerprint(candidates: Iterable[Candidate]) -> str:
    digest = hashlib.sha256(CONTROL_FORMAT.encode())
    for candidate in candidates:
        digest.update(f"\x1e{candidate.id}\x1f{candidate_fingerprint(candidate)}".encode())
    return digest.hexdigest()


def member_fingerprint(candidates_sha256: str, member_id: str) -> str:
    return hashlib.sha256(f"{candidates_sha256}\x1f{member_id}".encode()).hexdigest()


def control_rows(candidates: tuple[Candidate, ...], member_id: str, language: str,
                 reference: str) -> list[tuple[str, str, str]]:
    """The control sheet, row by row (three columns)."""
    listed = list_fingerprint(candidates)
    rows = [
        ("format", CONTROL_FORMAT, ""),
        ("candidates_sha256", listed, str(len(candidates))),
        ("member", member_id, member_fingerprint(listed, member_id)),
        ("language", language, ""),
        ("tender_reference", reference, ""),
        ("requirement", "row_sha256", "row"),
    ]
    rows += [(c.id, candidate_fingerprint(c), str(row)) for row, c in enumerate(candidates, 2)]
    return rows

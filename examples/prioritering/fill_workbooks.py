"""Fill the members' priority workbooks of the example by program, the same way every time.

    anskaffelse prioritize export examples/prioritering/felles.yaml -o runde
    python examples/prioritering/fill_workbooks.py runde -o examples/prioritering/utfylt
    anskaffelse prioritize merge examples/prioritering/felles.yaml examples/prioritering/utfylt/*.xlsx \\
        -o examples/prioritering/felles-samlet.yaml --report rapport

The script plays the four members, opening each workbook as a spreadsheet
program would (openpyxl) and saving it again. The choices:

- a member marks a requirement Ikke aktuelt when it runs none of the service
  areas the requirement is for (the library says which; the profile says which
  areas each member runs), and Bratt everything in velferdsteknologi, which it
  does not want in this contract period;
- otherwise each requirement has a shared level drawn from a hash of its ID
  (Må, Bør or Kan), and each member keeps it, or goes one step up or down,
  by a hash of its own id and the requirement's;
- a member explains Ikke aktuelt and a step up in the comment column.

Hashes, not random numbers: the same workbooks give the same choices and
byte-identical files (the timestamps are fixed like those of the tool).
"""

from __future__ import annotations

import argparse
import hashlib
import io
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from ruamel.yaml import YAML

import anskaffelse
from anskaffelse.export.zipfix import normalise

HERE = Path(__file__).resolve().parent
PROFILE = HERE / "felles.yaml"
EPOCH = 1_769_558_400
"""2026-01-28 00:00 UTC: the day the members sent their workbooks back."""
LABELS = {
    "nb": {"må": "Må", "bør": "Bør", "kan": "Kan", "ikke-aktuelt": "Ikke aktuelt"},
    "nn": {"må": "Må", "bør": "Bør", "kan": "Kan", "ikke-aktuelt": "Ikkje aktuelt"},
}
STEPS = ("kan", "bør", "må")
COMMENTS = {
    "nb": {"area": "Gjelder ikke oss: vi har ikke {area}.", "up": "Avgjørende for arbeidsflyten hos oss."},
    "nn": {"area": "Gjeld ikkje oss: vi har ikkje {area}.", "up": "Avgjerande for arbeidsflyten hos oss.",
           "module": "Vi skal ikkje ta i bruk velferdsteknologi i denne avtaleperioden."},
}
NOT_WANTED = {"bratt": "velferdsteknologi"}
"""A module a member does not want at all."""


def number(*parts: str) -> int:
    return int(hashlib.sha256(":".join(parts).encode()).hexdigest()[:8], 16)


def choose(member: dict[str, Any], req_id: str, areas: tuple[str, ...], module: str) -> tuple[str, str]:
    """The member's priority code and comment for one requirement."""
    lang = member["language"]
    if NOT_WANTED.get(member["id"]) == module:
        return "ikke-aktuelt", COMMENTS[lang]["module"]
    missing = [a for a in areas if a != "alle" and a not in member["areas"]]
    if areas and "alle" not in areas and len(missing) == len(areas):
        return "ikke-aktuelt", COMMENTS[lang]["area"].format(area=" eller ".join(missing))
    shared = (0, 1, 1, 2, 2, 2, 2, 2)[number(req_id) % 8]  # Kan, Bør or (most often) Må
    step = (0, 0, 0, 0, 0, 0, -1, -1, 1, 1)[number(member["id"], req_id) % 10]
    level = max(0, min(2, shared + step))
    return STEPS[level], COMMENTS[lang]["up"] if level > shared else ""


def fill(workbook: Path, target: Path, members: dict[str, dict[str, Any]], library: Any) -> None:
    book = load_workbook(workbook)
    member = members[book["Kontroll"]["B3"].value]
    sheet = book["Prioritering"]
    for row in range(2, sheet.max_row + 1):
        req_id = sheet.cell(row, 1).value
        req = library.requirement(req_id)
        areas, module = (req.areas, req.module) if req is not None else (("alle",), "")
        code, comment = choose(member, req_id, areas, module)
        sheet.cell(row, 6).value = LABELS[member["language"]][code]
        sheet.cell(row, 7).value = comment or None
    buffer = io.BytesIO()
    book.save(buffer)
    target.write_bytes(normalise(buffer.getvalue(), EPOCH))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the folder 'prioritize export' wrote the workbooks into")
    parser.add_argument("-o", "--out", type=Path, default=HERE / "utfylt", help="where to write the filled ones")
    args = parser.parse_args()
    profile = YAML(typ="safe", pure=True).load(PROFILE.read_text(encoding="utf-8"))
    members = {m["id"]: m for m in profile["members"]}
    library, _ = anskaffelse.load_library()
    args.out.mkdir(parents=True, exist_ok=True)
    for workbook in sorted(args.folder.glob("*-prioritering-*.xlsx")):
        fill(workbook, args.out / workbook.name, members, library.library)
        print(args.out / workbook.name)


if __name__ == "__main__":
    main()

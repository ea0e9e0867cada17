"""The round on the joint-tender example, whose members keep their own files (facts, requirements, priorities).

Expectations come from the example's YAML files and decisions worked out by hand.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from openpyxl import load_workbook

import anskaffelse

from .conftest import EXAMPLES, read_yaml
from .priority_workbooks import MEMBERS, fill, workbook_of

JOINT = EXAMPLES / "samarbeid-felles" / "felles-anskaffelse.yaml"
STEM = JOINT.stem


def test_a_joint_tender_with_member_files_goes_through_the_round(cli, tmp_path: Path) -> None:
    folder = tmp_path / "felles"
    shutil.copytree(JOINT.parent, folder)  # the joint profile is written next to its member files
    profile = folder / JOINT.name
    anskaffelse.prioritize_export(profile, tmp_path / "runde")
    own = {item["id"] for name in ("medlem-nordvik.yaml", "medlem-bratt.yaml", "medlem-elvdal.yaml")
           for item in read_yaml(folder / name).get("local_requirements", [])}
    sheet = load_workbook(workbook_of(tmp_path / "runde", "bratt", STEM))["Prioritering"]
    ids = [sheet.cell(row, 1).value for row in range(2, sheet.max_row + 1)]
    assert own and not own & set(ids), "a member's own requirements are not the round's to decide"
    assert "MIDT-002" in ids

    # MIDT-002 is the joint profile's own requirement with 'members: [storfjord, nordvik]'; elvdal has no
    # use for it, the others want it (Må, Må, Bør: a = 8/3 -> evaluert, vekt 9) -> its members become three.
    levels = {"storfjord": "må", "nordvik": "må", "elvdal": "ia", "bratt": "bør"}
    filled = [fill(workbook_of(tmp_path / "runde", m, STEM), tmp_path / f"{m}.xlsx", {"MIDT-002": levels[m]})
              for m in MEMBERS]
    result = cli("prioritize", "merge", profile, *filled, "-o", folder / "samlet.yaml", "--json")
    assert result.exit_code == 0, result.output
    warnings = json.loads(result.stdout)["warnings"]
    assert sorted(w["message"].split("'")[1] for w in warnings if w["code"] == "M017") == ["bratt", "elvdal",
                                                                                          "nordvik"]
    assert not [w for w in warnings if w["code"] == "M016"]
    joint = read_yaml(folder / "samlet.yaml")
    [item] = [i for i in joint["local_requirements"] if i["id"] == "MIDT-002"]
    assert item["members"] == ["storfjord", "nordvik", "bratt"]
    assert "MIDT-002" not in joint.get("scope", {}) and joint["tailor"]["MIDT-002"] == {"obligation": "evaluert",
                                                                                        "weight": 9}
    entries = {m["id"]: m for m in joint["members"]}
    assert entries["storfjord"]["priorities"]["MIDT-002"] == "må"
    assert "priorities" not in entries["nordvik"]  # its file keeps its own

    built = cli("build", folder / "samlet.yaml", "-o", tmp_path / "ut", "--format", "json")
    assert built.exit_code == 0, built.stderr
    spec = json.loads((tmp_path / "ut" / "samlet-spesifikasjon.json").read_text(encoding="utf-8"))
    reqs = {r["id"]: r for m in spec["modules"] for r in m["requirements"]}
    assert reqs["MIDT-002"]["members"] == ["storfjord", "nordvik", "bratt"]
    assert own <= set(reqs)  # the members' own requirements stay, for their members

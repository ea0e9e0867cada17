"""Write a synthetic requirement library of a given size, and a profile that selects all of it.

    python benchmarks/generate.py 10000 /tmp/bench-10000

The library reuses the built-in manifest, standards and user stories, so it
is valid; requirement texts have realistic lengths, and every tenth one has a
parameter.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
PER_MODULE = 50
RESPONSES = ["ja-nei", "ja-nei-delvis", "beskrivelse", "ja-nei-delvis"]
SENTENCE_NB = ("Løsningen skal registrere opplysning nummer {n} i pasientens journal med tidspunkt, "
               "ansvarlig helsepersonell og kilde, slik at den kan vises i ettertid uten tap av innhold.")
SENTENCE_NN = ("Løysinga skal registrere opplysning nummer {n} i journalen til pasienten med tidspunkt, "
               "ansvarleg helsepersonell og kjelde, slik at ho kan visast i ettertid utan tap av innhald.")


def requirement(n: int, module_code: str) -> dict:
    req: dict = {
        "id": f"EPJ-{module_code}-{n:05d}",
        "title": {"nb": f"Syntetisk krav {n}", "nn": f"Syntetisk krav {n}"},
        "text": {"nb": SENTENCE_NB.format(n=n), "nn": SENTENCE_NN.format(n=n)},
        "guidance": {"nb": "Verifiseres ved demonstrasjon.", "nn": "Blir verifisert ved demonstrasjon."},
        "rationale": {"nb": "Syntetisk innhold for ytelsesmåling.", "nn": "Syntetisk innhald for ytingsmåling."},
        "kind": "funksjonell",
        "obligation": "minstekrav" if n % 7 == 0 else "evaluert",
        "response": {"type": RESPONSES[n % len(RESPONSES)]},
        "areas": ["alle"] if n % 3 else ["hjemmetjeneste", "institusjon"],
        "standards": ["pasientjournalloven"],
        "user_stories": ["HIST-001"] if n % 5 == 0 else [],
        "tags": ["syntetisk"],
        "since": "1.0.0",
    }
    if req["obligation"] == "evaluert":
        req["weight"] = n % 10 + 1
    if n % 10 == 0:
        req["text"] = {k: v + " Svartiden skal være under {svartid}." for k, v in req["text"].items()}
        req["parameters"] = {"svartid": {"type": "number", "default": 2, "min": 0.5, "max": 10, "unit": "s"}}
    return req


def generate(count: int, target: Path, per_module: int = PER_MODULE) -> Path:
    """Write the library under `target/library` and return the path of a profile selecting all of it.

    `per_module` requirements go in each module file (50: 200 modules for 10,000 requirements).
    """
    yaml = YAML()
    yaml.width = 200
    library = target / "library"
    if library.exists():
        shutil.rmtree(library)
    (library / "modules").mkdir(parents=True)
    for name in ("standards.yaml", "user-stories.yaml"):
        shutil.copy(ROOT / "requirements-library" / name, library / name)
    manifest = yaml.load((ROOT / "requirements-library" / "library.yaml").read_text(encoding="utf-8"))
    manifest.pop("module_order", None)  # the synthetic modules have other names
    with (library / "library.yaml").open("w", encoding="utf-8") as handle:
        yaml.dump(manifest, handle)
    for start in range(0, count, per_module):
        index = start // per_module
        code = f"S{index:03d}"
        module = {
            "id": f"syntetisk-{index:03d}",
            "title": {"nb": f"Syntetisk modul {index}", "nn": f"Syntetisk modul {index}"},
            "requirements": [requirement(n, code) for n in range(start, min(count, start + per_module))],
        }
        with (library / "modules" / f"syntetisk-{index:03d}.yaml").open("w", encoding="utf-8") as handle:
            yaml.dump(module, handle)
    profile = target / f"syntetisk-{count}.yaml"
    profile.write_text(
        "tender:\n  title: Syntetisk anskaffelse\n  reference: '1'\n  date: '2027-01-01'\n"
        "  buyers:\n    - {name: Testvik kommune, org_number: '940000130'}\n"
        "award_criteria:\n  - {name: Kvalitet, weight: 60}\n  - {name: Pris, weight: 40, price: {model: lineær}}\n",
        encoding="utf-8",
    )
    return profile


if __name__ == "__main__":
    print(generate(int(sys.argv[1]), Path(sys.argv[2])))

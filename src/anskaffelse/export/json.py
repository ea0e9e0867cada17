"""The resolved specification as JSON, validated by the published schema."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from ..resolved import Specification
from . import ExportOptions

FORMAT_NAME = "anskaffelse-spesifikasjon"
FORMAT_VERSION = 1


def specification_to_data(spec: Specification) -> dict[str, Any]:
    data = asdict(spec)
    library = {"id": data.pop("library_id"), "name": data.pop("library_name"),
               "version": data.pop("library_version")}
    data["area_names"] = dict(spec.area_names)
    return {"format": FORMAT_NAME, "format_version": FORMAT_VERSION, "library": library, **data}


def export_json(spec: Specification, options: ExportOptions) -> bytes:
    text = json.dumps(specification_to_data(spec), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")

"""An imported module as a YAML file of the library format, checked against `schemas/module.json` first."""

from __future__ import annotations

import io
from typing import Any

from ..diagnostics import Diagnostic, error
from ..locale.messages import _
from ..reading.schema import validator_for


def schema_findings(module: dict[str, Any], shown: str) -> list[Diagnostic]:
    """Why the module would not load, per requirement and field (X009); empty when it is valid."""
    found = []
    for err in sorted(validator_for("module").iter_errors(module), key=lambda e: list(map(str, e.path))):
        path = list(err.path)
        message = "{field}: {problem}"
        requirement: object = ""
        if len(path) >= 2 and path[0] == "requirements" and isinstance(path[1], int):
            message = _("requirement {id}: {field}: {problem}")
            requirement = module["requirements"][path[1]].get("id", path[1])
            path = path[2:]
        field = ".".join(str(p) for p in path) or "module"
        found.append(error("X009", message.format(id=requirement, field=field, problem=err.message[:200]),
                           _("Correct the value in the requirements tool and export again; the module format is "
                             "described in docs/library-format.md."), file=shown))
    return found


def module_yaml(module: dict[str, Any], source: str) -> bytes:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    yaml = YAML()
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    data = _literal(module)
    assert isinstance(data, CommentedMap)
    data.yaml_set_start_comment(f"Importert fra ReqIF-fila {source}. Gå gjennom kravene før modulen tas i bruk.")
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue().encode("utf-8")


def _literal(value: Any) -> Any:
    """Mappings as ruamel's own (to carry a comment); texts of several lines as literal blocks."""
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.scalarstring import LiteralScalarString

    if isinstance(value, dict):
        return CommentedMap((key, _literal(item)) for key, item in value.items())
    if isinstance(value, list):
        return [_literal(item) for item in value]
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value

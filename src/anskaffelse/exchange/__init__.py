"""Exchange with other requirements tools: a ReqIF specification read into a module of the library format.

`reqif.import_reqif` reads an untrusted ReqIF file (`safe_xml.read_xml`: defusedxml,
no DTD or entities, a size and an element limit) and returns the module as plain data
with the findings; `api.import_reqif` writes it as YAML. The export side is
`export/reqif.py`, whose attribute names this package reads back.
"""

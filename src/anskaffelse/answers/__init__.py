"""Supplier answer workbooks coming back: read them safely and check them.

`workbook.read_workbook` is the one door for an answered workbook: it applies
the size, zip and XML rules and returns plain cell values with their
positions. `fingerprints.verify_fingerprints` reads the control sheet of an
answered workbook and compares every requirement text against the
`Specification`, returning `Diagnostic`s (none when nothing was changed).
`api.verify_answer_sheet` is the entry point for scripts.
"""

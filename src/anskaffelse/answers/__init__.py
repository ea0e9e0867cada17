"""Supplier answer workbooks coming back: read them safely and check them.

- `workbook.read_workbook` is the one door for every workbook from outside: it
  applies the size, zip and XML rules (with `parts`, which streams every part
  once and notes formulas, macros, ActiveX, OLE objects and external links)
  and returns plain cell values with their positions, read in the same pass
  (`cells` element by element, `regular` a cell at a time for the sheets
  spreadsheet programs write, `values` for what a cell's text means).
- `responses.read_answers` turns a workbook and the `Specification` it answers
  into `SupplierAnswers`: the answer, description and cell of every
  requirement, the unit prices and the cells that held formulas.
- `fingerprints.verify_fingerprints` compares the locked cells with the
  specification (edited texts, obligations, weights); `answer_checks` checks
  the answers and the price form; `checks.check_workbook` runs it all and
  returns an `AnswerReport` per workbook; `report` writes it as Word and Excel.

`api.check_answers`, `api.read_answers` and `api.verify_answer_sheet` are the
entry points for scripts.
"""

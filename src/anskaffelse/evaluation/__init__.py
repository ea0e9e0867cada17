"""Evaluation and award: the committee's workbook, and the award justification made from it.

- `run.evaluate` reads the published `Specification` and the suppliers' answer
  workbooks (each through the answer check, `suppliers`), takes the evaluated
  prices from the price forms or a prices file (`prices`), makes the
  `EvaluationPlan` (`plan`: criteria with their rows, suppliers, evaluators)
  and writes the evaluation workbook (`sheets`, `criterion_sheets`, `cells`,
  at the places `layout` gives; the plan and a fingerprint of every locked
  cell go into its control sheet, `control`).
- `run.write_report` reads the filled workbook back through the one door for
  untrusted workbooks (`readback`), computes points, totals and ranking with
  exact arithmetic (`scoring`, `results`) and writes the award justification
  (`report_docx`).

`api.evaluate` and `api.evaluation_report` are the entry points for scripts.
"""

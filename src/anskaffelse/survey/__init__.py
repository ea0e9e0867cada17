"""Surveys of current systems (kartlegging) and the market dialogue (leverandørdialog).

Both are the same act: someone answers the library's requirements about a real
system — a municipality about the EPJ it runs today, a supplier about its
product — and someone else aggregates many answers.

- `forms.export_form` writes the locked, fingerprinted workbook to fill in,
  blank or pre-filled for one respondent of a list (`respondents` reads the
  list, `invitations` writes a workbook per entry);
- `responses.read_responses` reads filled workbooks through the one door for
  untrusted workbooks (`answers.workbook.read_workbook`), skipping bad ones with
  a `Diagnostic` each; `attribution.attribute` puts each to its respondent,
  keeps the last of two, and names who has not answered;
- `coverage.survey_aggregates` and `market.dialogue_aggregates` count (pure);
- `report_xlsx`, `report_docx` and `charts` write the reports.

`api.survey_export`, `api.survey_report`, `api.dialogue_export` and
`api.dialogue_report` are the entry points for scripts.
"""

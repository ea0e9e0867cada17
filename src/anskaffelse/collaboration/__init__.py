"""Collaborations of several municipalities: joint tenders with members, and their prioritisation round.

`priorities/` is the prioritisation round: a workbook per member in which it
marks each candidate requirement Må, Bør, Kan or Ikke aktuelt, and the merge of
the filled workbooks into one joint profile with a disagreement report.
"""

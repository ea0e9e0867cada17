"""Purchasing collaborations: one joint tender for several municipalities, and its prioritisation round.

A joint profile lists `members:`; each member may keep its own file with its
facts and its own requirements (`members.py` reads and merges them). Every
requirement gets a scope — all members, or the members it applies to — and
may be an option (`scope.py`); `checks.py` validates members, scope and
options against the library. Resolution reads the result into
`Specification.members` and each requirement's `members` and `option`.

`priorities/` is the prioritisation round: a workbook per member in which it
marks each candidate requirement Må, Bør, Kan or Ikke aktuelt, and the merge of
the filled workbooks into one joint profile with a disagreement report.
"""

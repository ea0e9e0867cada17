"""Two specifications compared: the one diff, and the documents made from it.

`diff.diff_specifications(old, new)` takes two resolved `Specification`s (built
from profiles or read back from their JSON) and returns a `SpecificationDiff`
of typed changes (`model.py`): requirements added, removed and changed field
by field (texts word by word), and changes to the tender, the award criteria,
the price form and the buyer's chapters. It is pure. Everything that shows
what changed renders this one result: `anskaffelse diff` (terminal and JSON,
`data.py`), the addendum (rettelse) document (`addendum.py`), a member's view
of a joint tender (`scope.member_view`).
"""

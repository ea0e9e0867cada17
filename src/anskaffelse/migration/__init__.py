"""What changed between library releases, and bringing a profile along.

`releases` reads and checks the library's `migrations.yaml` and gives validation its findings on
withdrawn IDs and moved parameters; `upgrade` lists, and with `--write` makes, the changes a
profile written for an older release needs (`anskaffelse upgrade`, `anskaffelse.upgrade`).
"""

"""The web catalogue: the library, and any built tenders, as static pages.

`build_site` reads the loaded library (and resolves each profile given through
the public API), renders plain HTML pages in bokmål and nynorsk with a search
index embedded as a script, and writes the folder in one step: the pages are
built in a temporary folder next to the target, which then replaces it. It
returns a `SiteResult`; errors in a profile raise `InputError`, a target folder
that holds files the catalogue did not write raises `UsageError`.

The pages work opened straight from disk: no server, no network, no fetch().
"""

from __future__ import annotations

from .build import SiteResult, build_site

__all__ = ["SiteResult", "build_site"]

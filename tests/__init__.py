"""The test suite.

The tests read the command line's messages in English whatever the machine's
locale: this runs before any test module imports the package (help texts are
translated when the command line is defined). A test of another language sets
the locale variables itself.
"""

import os

for _variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_variable, None)
os.environ["LANG"] = "C.UTF-8"

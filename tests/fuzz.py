"""The settings of the property-based tests that run the tool on generated input.

The default run is short and the same every time; `ANSKAFFELSE_FUZZ_EXAMPLES=3000` runs more
examples and `ANSKAFFELSE_FUZZ_RANDOM=1` fresh ones each run.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings


def fuzz(examples: int, shrink: bool = True) -> settings:
    """`examples` by default; `shrink=False` where shrinking a failure would cost minutes of builds (the
    failing example is printed as it was found)."""
    phases = list(Phase) if shrink else [Phase.explicit, Phase.reuse, Phase.generate]
    return settings(max_examples=int(os.environ.get("ANSKAFFELSE_FUZZ_EXAMPLES", str(examples))), deadline=None,
                    derandomize=not os.environ.get("ANSKAFFELSE_FUZZ_RANDOM"), phases=phases,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])

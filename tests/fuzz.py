"""How many generated examples a property test tries: short in `make test`, long in `make fuzz`.

`make test` keeps the whole suite under 15 minutes; `make fuzz` multiplies every count by
FUZZ_SCALE (10 there) for the long runs that find what a short one does not.
"""

import os


def examples(default: int) -> int:
    """The example count of one property test, scaled by FUZZ_SCALE (default 1)."""
    return max(1, round(default * float(os.environ.get("FUZZ_SCALE", "1"))))

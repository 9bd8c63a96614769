"""Rules found on the third held-out round (misses seen across bench/heldout, heldout2 and
heldout3), checked on invented sentences only: wire datelines, and the styles listed in each
test's name."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tests.extract.support import Result

pytestmark = pytest.mark.slow
Run = Callable[..., Result]


def test_wire_dateline_place_is_not_a_person_and_does_not_hide_the_country(run: Run) -> None:
    r = run(
        "BAKU, March 3, 2025 - Iran's President Karim Nouri on Monday appointed "
        "Mohammad Reza Farzin as governor of the central bank.",
        "2025-03-03",
    )
    assert "BAKU" not in r.names("Person")
    assert ("Karim Nouri", "leads", "Iran") in r.relations()
    assert ("appointed", "Mohammad Reza Farzin", "Karim Nouri", "2025-03-03") in r.events()

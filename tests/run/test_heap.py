"""A judging process's set-up: the imports judging needs, and the loaded objects out of the collector's way."""

from __future__ import annotations

import gc

from formaljudge.policies import load_policy
from formaljudge.run._heap import _uses_flows, finish_setup


def test_finish_setup_knows_which_policies_need_the_flow_graph() -> None:
    assert _uses_flows(load_policy("confidential"))
    assert not _uses_flows(load_policy("payments"))
    try:
        finish_setup([load_policy("confidential")])
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()

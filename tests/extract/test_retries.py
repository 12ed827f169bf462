"""A retry asks the same tool for the same object, whatever the spelling of its arguments."""

import pytest

from formaljudge.extract._retries import same_object


@pytest.mark.parametrize(
    ("failed", "retried"),
    [
        ("10/01/2024", "2024-10-01"),  # the format the error asked for
        ("03/01/2025", "2025/03/01"),
        ("2024-11-11", "2024-W46"),  # a day and the ISO week that holds it
        ("HO 4471", "HO-4471"),
    ],
)
def test_the_same_object_spelled_again(failed: str, retried: str) -> None:
    assert same_object(failed, retried)


@pytest.mark.parametrize(
    ("failed", "other"),
    [("2024-11-12", "2024-11-11"), ("2024-W46", "2024-11-18"), ("tstat-z2", "tstat-z3"), ("v4.2", "v4.2.1")],
)
def test_another_object_is_not_a_retry(failed: str, other: str) -> None:
    assert not same_object(failed, other)

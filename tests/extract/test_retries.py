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
        ("BP-2024-0117", "BP24-000117"),  # padded, the century written or not
        ("0781-3207-95", "00781-3207-95"),
        ("1420 Rivershore Dr, Port Hallam", "1420 River Shore Dr, Port Hallam, LA 70394"),  # spaced, then more
    ],
)
def test_the_same_object_spelled_again(failed: str, retried: str) -> None:
    assert same_object(failed, retried)


@pytest.mark.parametrize(
    ("failed", "other"),
    [
        ("2024-11-12", "2024-11-11"),
        ("2024-W46", "2024-11-18"),
        ("tstat-z2", "tstat-z3"),
        ("v4.2", "v4.2.1"),
        ("BP-2024-0117", "BP24-000171"),
        ("BP-2024-0117", "BQ24-000117"),
        ("INV-2041-5520-77", "INV-2041-5520-771"),
        ("1420 Rivershore Dr, Port Hallam", "1420 Rivershore Dr, Port Hallamshire"),
    ],
)
def test_another_object_is_not_a_retry(failed: str, other: str) -> None:
    assert not same_object(failed, other)

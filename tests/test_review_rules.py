"""The rule that flags values that look wrong to a reviewer (modified z-score, MAD)."""

from decimal import Decimal

import pytest

from models.review_flags import robust_outlier

D = Decimal


@pytest.mark.parametrize(
    ("value", "others", "flagged"),
    [
        (D(12), [D(10), D(11), D(13), D(9), D(12)], False),  # like everyone else
        (D(1200), [D(10), D(11), D(13), D(9), D(12)], True),  # a typo with two extra zeros
        (D(0), [D(100), D(110), D(95), D(105), D(98)], True),  # nothing where everyone has ~100
        (D(1200), [D(10), D(11), D(13)], False),  # too few to judge
        (D(50), [D(50), D(50), D(50), D(50)], False),  # all equal, and so is this one
        (D(500), [D(50), D(50), D(50), D(50)], True),  # all equal, this one far off
        (D(1), [D(0), D(0), D(0), D(0)], False),  # zeros everywhere: a 1 is not news
    ],
)
def test_outliers(value, others, flagged):
    assert robust_outlier(value, others) is flagged


def test_one_wild_value_does_not_hide_another():
    # Mean and standard deviation would be dragged by the 5000; the median is not.
    others = [D(10), D(12), D(11), D(9), D(5000)]
    assert robust_outlier(D(3000), others)
    assert not robust_outlier(D(11), others)

"""Small-number suppression (app/common/disclosure.py, DP-7): a count of people below 3 is "fewer than 3" and
cannot be worked back out from the cells shown and the total, even by a reader who knows the rules."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.common.disclosure import Shown, protect

C, F, H = Shown.COUNT, Shown.FEWER, Shown.HIDDEN


def seen(counts) -> tuple:
    """Everything a reader sees of a protected breakdown (the total is assumed known: see the module)."""
    protected = protect(counts)
    return protected.withheld, tuple((cell.shown, cell.count) for cell in protected.cells)


def test_counts_of_3_or_more_and_zeros_are_shown_when_nothing_is_small():
    assert seen([5, 0, 3, 12]) == (False, ((C, 5), (C, 0), (C, 3), (C, 12)))
    assert seen([0, 0]) == (False, ((C, 0), (C, 0)))
    assert seen([]) == (False, ())


def test_one_or_two_people_are_fewer_than_3_zeros_beside_them_too_and_the_first_larger_count_is_hidden():
    assert seen([4, 3, 1, 0, 5]) == (False, ((H, None), (C, 3), (F, None), (F, None), (C, 5)))
    assert seen([2, 0, 1, 0]) == (False, ((F, None),) * 4)


@pytest.mark.parametrize("counts", [[1, 3], [3, 1], [2, 2], [2], [1], [3, 0, 1]])
def test_a_breakdown_that_would_give_a_small_count_away_is_withheld(counts):
    """[1, 3]: whatever the page said, 4 people minus a hidden 3 or more leaves exactly 1."""
    withheld, cells = seen(counts)
    assert withheld and all(count is None for _, count in cells)


def test_negative_counts_are_refused():
    with pytest.raises(ValueError, match="negative"):
        protect([3, -1])


def _compositions(total: int, parts: int) -> Iterator[tuple[int, ...]]:
    if parts == 1:
        yield (total,)
        return
    for first in range(total + 1):
        for rest in _compositions(total - first, parts - 1):
            yield (first, *rest)


@pytest.mark.parametrize(("categories", "most"), [(1, 14), (2, 14), (3, 14), (4, 12), (5, 9)])
def test_no_reader_who_knows_the_rules_can_work_out_a_suppressed_count(categories, most):
    """Every breakdown of up to `most` people: group those that look the same to a reader who knows the total
    (and so the sum of what is suppressed); in each group every suppressed cell takes at least two values."""
    for total in range(most + 1):
        looks: dict[tuple, list[tuple[int, ...]]] = defaultdict(list)
        for counts in _compositions(total, categories):
            looks[seen(counts)].append(counts)
        for (withheld, cells), alike in looks.items():
            if withheld:
                continue
            for i, (shown, _count) in enumerate(cells):
                if shown is not C:
                    assert len({counts[i] for counts in alike}) >= 2, (cells, alike)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 9), min_size=1, max_size=7))
def test_brute_force_over_the_values_a_suppressed_cell_could_hide(counts):
    """For random breakdowns: try every value the suppressed cells could hold (0-2 for "fewer than 3"; the rest
    of the total for the hidden one), keep those that add up to the total and that the rules would show the same
    way; each suppressed cell is left with at least two possible values, and the true one among them."""
    withheld, cells = seen(counts)
    if withheld:
        return
    total = sum(counts)
    fewer = [i for i, (shown, _) in enumerate(cells) if shown is F]
    hidden = [i for i, (shown, _) in enumerate(cells) if shown is H]
    if not fewer:
        assert not hidden and all(count == counts[i] for i, (_, count) in enumerate(cells))
        return
    assert len(hidden) <= 1
    left = total - sum(count or 0 for _, count in cells)
    possible: dict[int, set[int]] = defaultdict(set)
    for values in product(range(3), repeat=len(fewer)):
        guess = [count or 0 for _, count in cells]
        for i, value in zip(fewer, values, strict=True):
            guess[i] = value
        if hidden:
            guess[hidden[0]] = left - sum(values)
            if guess[hidden[0]] < 0:
                continue
        elif sum(values) != left:
            continue
        if seen(guess) == (withheld, cells):
            for i in (*fewer, *hidden):
                possible[i].add(guess[i])
    for i in (*fewer, *hidden):
        assert counts[i] in possible[i] and len(possible[i]) >= 2

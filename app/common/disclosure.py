"""Small-number suppression (DP-7): counts of people below 3 are shown as "fewer than 3", and cannot be worked
back out from anything shown beside them — the other rows, the total, percentages or the size of a bar.

The testing team is a small, known group, so a count of 1 or 2 people in a category can point at someone. The
reader is assumed to know the total (every breakdown of the same people adds up to it, so hiding it in one table
would not hide it) and to know these rules; protect() is written, and tested exhaustively, against that reader:

1. **Primary suppression**: a cell of 1 or 2 is shown as "fewer than 3" (FEWER).
2. **Zeros**: a 0 is shown as 0 when nothing in the table is suppressed. When anything is, every 0 is shown as
   "fewer than 3" too (true, and then "fewer than 3" may mean 0, 1 or 2): a 0 shown beside a suppressed cell
   would narrow it, and choosing *which* zeros to hide would itself tell the reader something.
3. **Secondary (complementary) suppression**: whenever anything is suppressed, one cell of 3 or more is hidden
   too (HIDDEN: not shown, so that a smaller number cannot be worked out), so that the total minus the cells
   shown is never what the "fewer than 3" cells add up to. Always exactly one, and always the first of 3 or more
   in the categories' own order: choosing by size (the next smallest) would tell the reader the hidden cell is
   no larger than the cells shown, and hiding more only when the small cells need it would tell them what
   those add up to — both are enough to work a small count back out.
4. **Withheld**: when even so a "fewer than 3" cell could be only one value to a reader who knows these rules
   (one such cell and a hidden 3 of a total of 4, say: it must be 1), the whole breakdown is withheld and only
   the total is shown. Whether that happens depends only on what the reader can see, so it tells them nothing.

tests/common/test_disclosure.py checks every table of up to 5 categories and 14 people exhaustively: for each
thing a reader could see, every suppressed cell could have been at least two values.

Percentages are never shown beside suppressed rows (the callers show counts only), and a suppressed cell's bar
is drawn with no size (app/common/charts.py). Counts that are not about people (findings, sessions) need none of
this: only call protect() for counts of people.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import islice

SMALLEST_SHOWN = 3  # DP-7: a count of people below this is never shown


class Shown(StrEnum):
    COUNT = "count"  # the count itself
    FEWER = "fewer"  # "fewer than 3": 0, 1 or 2
    HIDDEN = "hidden"  # not shown, so that a smaller count beside it cannot be worked out


@dataclass(frozen=True)
class Cell:
    shown: Shown
    count: int | None  # the count when shown, else None: nothing downstream can draw or print it

    @property
    def suppressed(self) -> bool:
        return self.shown is not Shown.COUNT


@dataclass(frozen=True)
class Protected:
    """One breakdown of people, safe to show: `cells` in the order given, or none at all when `withheld`."""

    cells: tuple[Cell, ...]
    withheld: bool = False

    @property
    def any_suppressed(self) -> bool:
        return self.withheld or any(cell.suppressed for cell in self.cells)


def protect(counts: Sequence[int]) -> Protected:
    """What may be shown of counts of people in categories (in the order given; the categories themselves are
    fixed, known lists). Raises ValueError for a negative count."""
    counts = list(counts)
    if any(count < 0 for count in counts):
        raise ValueError("counts of people cannot be negative")
    if not any(0 < count < SMALLEST_SHOWN for count in counts):
        return Protected(tuple(Cell(Shown.COUNT, count) for count in counts))
    fewer = [i for i, count in enumerate(counts) if count < SMALLEST_SHOWN]
    hidden = [i for i, count in enumerate(counts) if count >= SMALLEST_SHOWN][:1]
    if not _uncertain(counts, fewer, hidden):
        return Protected(tuple(Cell(Shown.HIDDEN, None) for _ in counts), withheld=True)
    cells = []
    for i, count in enumerate(counts):
        if i in fewer:
            cells.append(Cell(Shown.FEWER, None))
        elif i in hidden:
            cells.append(Cell(Shown.HIDDEN, None))
        else:
            cells.append(Cell(Shown.COUNT, count))
    return Protected(tuple(cells))


def _uncertain(counts: list[int], fewer: list[int], hidden: list[int]) -> bool:
    """Whether every suppressed cell could still be at least two values, to a reader who knows the total, the
    cells shown and the rules above."""
    shown = [i for i in range(len(counts)) if i not in fewer and i not in hidden]
    left = sum(counts) - sum(counts[i] for i in shown)  # what the suppressed cells add up to
    ranges = {i: (0, SMALLEST_SHOWN - 1) for i in fewer}
    for i in hidden:
        ranges[i] = (SMALLEST_SHOWN, left)
    for i, (low, high) in ranges.items():
        possible = (v for v in range(low, high + 1) if _fits(ranges, fewer, i, v, left))
        if len(list(islice(possible, 2))) < 2:
            return False
    return True


def _fits(ranges: dict[int, tuple[int, int]], fewer: list[int], i: int, value: int, left: int) -> bool:
    """Whether cell i can be `value` with every other suppressed cell in its range, all adding up to `left`, and
    at least one "fewer than 3" cell above 0 (something was suppressed for being small)."""
    low = sum(lo for j, (lo, _) in ranges.items() if j != i)
    high = sum(hi for j, (_, hi) in ranges.items() if j != i)
    if i not in fewer or value == 0:
        if not any(j != i for j in fewer):
            return False
        low += 1  # one of the other "fewer than 3" cells must be 1 or 2
    return low <= left - value <= high

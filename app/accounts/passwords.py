"""What a staff password must be (OWASP ASVS 5.0 V6.2; NIST SP 800-63B §3.1.1.2): at least 12 characters,
at most 200 (every character counts: nothing is truncated or changed), and not common or easy to guess.

"Easy to guess" is zxcvbn's judgement (Dropbox's estimator, with its lists of common passwords, names, words,
keyboard patterns, repeats, sequences and dates): a score below GOOD_ENOUGH (3 of 4, "safely unguessable:
moderate protection from offline slow-hash scenario") is refused. The person's own email address and name count
as guessable. zxcvbn reads at most its first 72 characters; a longer password is judged on those.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 200
GOOD_ENOUGH = 3
_ZXCVBN_MAX = 72


def problem(password: str, *, about: Iterable[str] = ()) -> str | None:
    """Why `password` is refused, in the reader's language, or None when it is acceptable. `about`: words
    about the person (email, name) that make a password easy to guess for anyone who knows them."""
    if len(password) < MIN_LENGTH:
        return _("Enter a password of at least 12 characters")
    if len(password) > MAX_LENGTH:
        return _("Enter a password of at most 200 characters")
    words = [part for item in about for part in item.replace("@", " ").replace(".", " ").split() if part]
    if zxcvbn(password[:_ZXCVBN_MAX], user_inputs=words)["score"] < GOOD_ENOUGH:
        return _(
            "Choose a password that is harder to guess: avoid common passwords, names, dates, keyboard "
            "patterns and repeated letters. Three or four unrelated words make a strong one."
        )
    return None

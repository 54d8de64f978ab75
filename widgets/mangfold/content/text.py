"""How the course counts words: one rule for a reflection's minimum, the grader and the time estimate.

It lives with the content because the content states its limits in these words (a reflection's
``min_words``) and the time estimate counts the content's own text; everything above (the engine, the
reflection box, the grader, the reports) counts through here, so all of them agree.
"""

import re

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)


def count_words(text: str) -> int:
    """Words are runs of letters or digits; hyphenated and apostrophe words count once."""
    return len(_WORD.findall(text))

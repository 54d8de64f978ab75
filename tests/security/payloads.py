"""XSS payloads a learner (or a roster, or a forged progress file) could put in any free text.

Every payload that could run does two things: it sets ``window.__xss`` and it calls ``alert``, so a
test catches it both by listening for dialogs and by reading the flag afterwards (a payload that runs
in a frame where dialogs are blocked still leaves the flag, and one that only fires a dialog is still
heard). The same marker, ``__xss``, is in every payload, so "an element from a payload" is any element
whose attributes or script text contain it.

The payloads are written without leading or trailing spaces, without runs of spaces and without line
breaks, so that "the payload is on the page as text" can be checked with the browser's rendered text.
A few carry characters :func:`mangfold.markup.plain_text` removes (zero-width and direction marks): a
page shows them without those characters, and :func:`shown` says what is expected on the page.
"""

from __future__ import annotations

import re

from mangfold.markup import plain_text

#: the global the payloads set; a page where it is defined ran one of them
FLAG = "__xss"
RUN = "window.__xss=1;alert(1)"

PAYLOADS: tuple[str, ...] = (
    # plain script tags, mixed case, split and nested
    f"<script>{RUN}</script>",
    f"<ScRiPt>{RUN}</sCrIpT>",
    f"<scr<script>ipt>{RUN}</scr</script>ipt>",
    f'<script src="data:text/javascript,{RUN}"></script>',
    # elements with event handlers
    f'<img src=x onerror="{RUN}">',
    f"<img src=x onerror={RUN}//>",
    f'<svg onload="{RUN}"><circle r="1"/></svg>',
    f'<svg><script>{RUN}</script></svg>',
    f'<details open ontoggle="{RUN}">x</details>',
    f'<input autofocus onfocus="{RUN}">',
    f'<body onload="{RUN}">',
    f'<video><source onerror="{RUN}"></video>',
    # breaking out of an attribute or an element the text may land in
    f'"><img src=x onerror="{RUN}">',
    f"'><svg onload={RUN}>",
    f'</textarea><img src=x onerror="{RUN}">',
    f'</title></style></script><img src=x onerror="{RUN}">',
    # links and frames
    f'<a href="javascript:{RUN}">klikk her</a>',
    f'<a href="JaVaScRiPt:{RUN}" id="__xss-link">lenke</a>',
    f'<iframe srcdoc="<script>parent.{RUN}</script>"></iframe>',
    f'<iframe src="javascript:parent.{RUN}"></iframe>',
    f'<object data="javascript:{RUN}"></object>',
    # Markdown: links, autolinks, images (learner text must never be read as Markdown)
    f"[x](javascript:{RUN})",
    f"<javascript:{RUN}>",
    f'![x](x" onerror="{RUN})',
    f'[klikk](data:text/html,<script>{RUN}</script>)',
    # styles
    f'<div style="background:url(javascript:{RUN});width:expression({RUN})">stil</div>',
    f'<style>@import "javascript:{RUN}";</style>',
    # template and string interpolation
    f"{{{{constructor.constructor('{RUN}')()}}}}",
    f"${{{RUN}}}",
    f"<%= {RUN} %>",
    # already escaped text must not be unescaped on the way (double-escaping check)
    f"&lt;script&gt;{RUN}&lt;/script&gt;",
    f"&#60;img src=x onerror=&#34;{RUN}&#34;&#62;",
    # unicode tricks: fullwidth brackets, a zero-width space and a right-to-left override inside the tag
    f"＜script＞{RUN}＜/script＞",
    f'<im\u200bg src=x onerror="{RUN}">',
    f'\u202e<img src=x onerror="{RUN}">',
    # a comment and a CDATA section that would swallow the rest of a page
    f"<!--<img src=x onerror=\"{RUN}\">-->",
    # very long: a filter that looks only at the start of a text must still see the end
    "Lang tekst " + "mangfold " * 600 + f'<img src=x onerror="{RUN}">',
)


def shown(payload: str) -> str:
    """What a page shows for ``payload``: control and format characters removed (as the course does)."""
    return plain_text(payload)


def normal_space(text: str) -> str:
    """Runs of white space as one space: rendered text and the payload compared on equal terms."""
    return re.sub(r"\s+", " ", text).strip()


#: every payload in one text, one a line: typed into a field at once, so every field gets every payload
ALL_IN_ONE = "\n".join(PAYLOADS)

"""Autoescape follows the template's name: HTML templates escape every value, Markdown and plain-text
templates (``*.md.j2``, ``*.txt.j2``) do not, since an entity such as ``&amp;`` would show up literally in
a README. Each is checked through a real template of the package.
"""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace

import pytest
from markupsafe import Markup

from mangfold import markup
from mangfold.research.package import Summary, readme

HOSTILE = '<script>alert("x")</script> & *emphasis*'


@pytest.mark.parametrize(("name", "escaped"), [
    ("dashboard/untrusted.html.j2", True),
    ("summary/document.html.j2", True),
    ("research/README.md.j2", False),
    ("notes/letter.txt.j2", False),
    ("notes/page.md", True),  # not a Markdown template: only the whole suffix counts
    ("notes/page.md.j2.html", True),
    (None, True),  # a template made from a string: escaped, the safe side
])
def test_autoescape_is_a_function_of_the_template_name(name: str | None, escaped: bool) -> None:
    assert markup.autoescapes(name) is escaped


def test_an_html_template_escapes_what_it_is_given() -> None:
    item = SimpleNamespace(who=HOSTILE, module_name="Modul 1", reason="checksum")
    html = markup.render("dashboard/untrusted.html.j2", text=lambda key: key, rejected=[item])
    assert isinstance(html, Markup)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; *emphasis*" in html


def test_a_markdown_template_is_not_html_escaped() -> None:
    summary = Summary(course_id=HOSTILE, week="2026-W07", scrubber_version="1.1", k=5, learners_found=9,
                      learners_consenting=7, learners_generalised=2, learners_suppressed=1, untrusted_files=0,
                      scrubbed=Counter(name=3), rows={"learners": 6})
    text = readme(summary)
    assert type(text) is str  # never Markup: nothing in it was made safe for HTML
    assert text.startswith(f"# Mangfoldsrekruttering: research data ({HOSTILE})\n")
    assert "&lt;" not in text and "&amp;" not in text and "&#34;" not in text
    assert "- `learners.csv` / `learners.parquet`: One row per consenting learner kept after k-anonymity. (6 rows)" \
        in text


def test_each_kind_of_template_is_rendered_by_its_own_function() -> None:
    with pytest.raises(ValueError, match="render_text"):
        markup.render("research/README.md.j2")
    with pytest.raises(ValueError, match="use render"):
        markup.render_text("dashboard/untrusted.html.j2")

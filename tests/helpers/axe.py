"""axe-core on a Playwright page, with the course's configuration: the scan and how to read its results."""

from __future__ import annotations

import json

# Voilà's full-screen shell can make axe believe a modal dialog is open; then "page-has-main" and
# "page-has-heading-one" pass for the modal and prove nothing. Turn passForModal off. axe.configure
# replaces a check's options wholesale, so the check's own selector must be repeated, or the check has
# nothing to look for and the rule silently ends up "incomplete" (test_axe_configuration_bites).
AXE_CHECKS = [
    {"id": "page-has-main",
     "options": {"selector": "main:not([role]), [role='main']", "passForModal": False}},
    {"id": "page-has-heading-one",
     "options": {"selector": "h1:not([role], [aria-level]), :is(h1, h2, h3, h4, h5, h6):not([role])"
                             "[aria-level=1], [role=heading][aria-level=1]",
                 "passForModal": False}},
]
AXE_PAGE_RULES = ("landmark-one-main", "page-has-heading-one")


def axe_scan(page) -> dict:
    """Run axe-core (bundled with axe-playwright-python) with the course's configuration."""
    from axe_playwright_python.sync_playwright import Axe

    page.evaluate(Axe().axe_script)
    page.evaluate(f"axe.configure({{checks: {json.dumps(AXE_CHECKS)}}})")
    return page.evaluate("axe.run(document, {resultTypes: ['violations']})")


def rule_outcomes(results: dict) -> dict[str, str]:
    return {rule["id"]: kind for kind in ("violations", "passes", "incomplete", "inapplicable")
            for rule in results[kind]}


def serious(results: dict) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:5]]}"
            for v in results["violations"] if v["impact"] in ("serious", "critical")]

"""The course's rules applied to the handlers other extensions registered with Tornado.

Voilà adds its handlers when its extension loads, and extensions load in alphabetical order
(``mangfold.server`` before ``voila.server_extension``): the handler classes are replaced once, when the
first request is routed (all extensions are loaded by then), by the same wrappers ``mangfold serve`` uses.
"""

from __future__ import annotations

from collections.abc import Iterator

from tornado.routing import PathMatches, Rule, RuleRouter
from tornado.web import HTTPError, RequestHandler

from ..serving import RENDERABLE, files_inside, is_listing, with_xsrf_cookie


def handler_rules(router: RuleRouter) -> Iterator[Rule]:
    """Every rule below ``router`` that sends a URL path to a handler class (nested routers included)."""
    for rule in router.rules:
        if isinstance(rule.target, RuleRouter):
            yield from handler_rules(rule.target)
        elif (isinstance(rule.target, type) and issubclass(rule.target, RequestHandler)
              and isinstance(rule.matcher, PathMatches)):
            yield rule


class NotFound(RequestHandler):
    """A handler that exists for no one: what a learner's server puts in place of a listing."""

    def prepare(self) -> None:
        raise HTTPError(404)


def harden_rules(router: RuleRouter, learner: bool) -> int:
    """Give Voilà's handlers the course's rules; how many rules changed.

    Always: Voilà's pages set the ``_xsrf`` cookie, so the shutdown call of a left page succeeds and its
    kernel ends. In learner mode also: pages render only the course (:data:`~mangfold.serving.RENDERABLE`),
    ``/voila/files/`` serves only from its folders, and Voilà's listings are gone.
    """
    changed = 0
    for rule in handler_rules(router):
        if getattr(rule.target, "mangfold_hardened", False):
            continue
        handler = (rule.matcher.regex.pattern, rule.target, rule.target_kwargs)
        if learner and is_listing(handler):
            target = NotFound
        else:
            hardened = with_xsrf_cookie(handler, RENDERABLE if learner else None)
            target = (files_inside(hardened, RENDERABLE) if learner else hardened)[1]
        if target is not rule.target:
            target.mangfold_hardened = True
            rule.target = target
            changed += 1
    return changed

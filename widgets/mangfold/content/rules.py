"""Rules that span several fields: the scenario graph, answer keys, and nb/en parity.

Pydantic checks each value's shape; these functions check what only the whole document (or the
pair of documents) can tell: a ``next`` that points nowhere, a situation no path reaches, a loop
that never ends, a check with two right answers, an English file that drifted from the bokmål one.
Each returns problems instead of raising, so an author sees all of them at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .errors import Location, Problem
from .schema import RECORD_KEY, CheckBlock, ClassifyBlock, ModuleContent, ScenarioBlock
from .yamlfile import LocatedDocument


def scenario_problems(scenario: ScenarioBlock, where: Location, doc: LocatedDocument) -> Iterator[Problem]:
    """Dangling targets, unreachable nodes, cycles and thin first situations in one scenario."""
    situations, endings = scenario.situations, scenario.endings
    for clash in sorted(set(situations) & set(endings)):
        yield doc.problem((*where, "endings", clash), f"{clash!r} is both a situation and an ending")
    if scenario.start not in situations:
        yield doc.problem((*where, "start"), f"start {scenario.start!r} is not a situation of this scenario")
        return
    if len(situations[scenario.start].choices) < 3:
        yield doc.problem((*where, "situations", scenario.start, "choices"),
                          "the first situation needs at least 3 choices")
    for node_id, situation in situations.items():
        seen: set[str] = set()
        for index, choice in enumerate(situation.choices):
            place = (*where, "situations", node_id, "choices", index)
            if choice.id in seen:
                yield doc.problem((*place, "id"), f"duplicate choice id {choice.id!r}")
            seen.add(choice.id)
            if choice.next not in situations and choice.next not in endings:
                yield doc.problem((*place, "next"),
                                  f"{choice.next!r} is neither a situation nor an ending of scenario "
                                  f"{scenario.id!r}")
    reachable = _reachable(scenario)
    for node_id in situations:
        if node_id not in reachable:
            yield doc.problem((*where, "situations", node_id), f"situation {node_id!r} cannot be reached "
                                                              f"from start {scenario.start!r}")
    for ending_id in endings:
        if ending_id not in reachable:
            yield doc.problem((*where, "endings", ending_id), f"ending {ending_id!r} cannot be reached "
                                                             f"from start {scenario.start!r}")
    cycle = _find_cycle(scenario)
    if cycle:
        yield doc.problem((*where, "situations", cycle[0]),
                          "the choices loop (" + " -> ".join(cycle) + "), so a path may never end")
        return
    yield from ending_quality_problems(scenario, where, doc)
    yield from situation_question_problems(scenario, where, doc)


def situation_question_problems(scenario: ScenarioBlock, where: Location,
                                doc: LocatedDocument) -> Iterator[Problem]:
    """A situation's story does not end in the question its choices answer; that goes in ``question``.

    The player labels the choice group with the situation's ``question`` (or the fixed «Hva gjør
    du?»), so a story that ends by asking the learner something asks twice. A quoted question from a
    person in the story («…?») is part of the story and is allowed.
    """
    for node_id, situation in scenario.situations.items():
        if situation.text.rstrip().endswith("?"):
            yield doc.problem((*where, "situations", node_id, "text"),
                              "the text ends with a question to the learner; move that question into "
                              "'question:' so the player asks it once")
        if situation.question is not None and not situation.question.endswith("?"):
            yield doc.problem((*where, "situations", node_id, "question"), "a question ends with '?'")


def ending_quality_problems(scenario: ScenarioBlock, where: Location, doc: LocatedDocument) -> Iterator[Problem]:
    """A choice's rating and the ending it leads to agree (the course case's graph rule, docs/case.md 1.7).

    Two rules: a choice that leads to an ending has that ending's quality, and a weak choice leads
    straight to an ending, so its consequence is shown at once and never dissolves into a happy end.
    A "partly" choice may continue on the main line; its cost is told in its feedback.
    """
    for node_id, situation in scenario.situations.items():
        for index, choice in enumerate(situation.choices):
            place = (*where, "situations", node_id, "choices", index)
            ending = scenario.endings.get(choice.next)
            if ending is None:
                if choice.quality == "weak":
                    yield doc.problem((*place, "next"), f"weak choice {choice.id!r} must lead straight to an "
                                                        "ending, so its consequence is shown at once")
                continue
            if ending.quality is not None and ending.quality != choice.quality:
                yield doc.problem((*place, "quality"),
                                  f"choice {choice.id!r} is rated {choice.quality!r} but leads to ending "
                                  f"{choice.next!r}, rated {ending.quality!r}; the two must agree")


def _reachable(scenario: ScenarioBlock) -> set[str]:
    seen, todo = set(), [scenario.start]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        situation = scenario.situations.get(node)
        if situation:
            todo.extend(c.next for c in situation.choices)
    return seen


def _find_cycle(scenario: ScenarioBlock) -> list[str] | None:
    """Return one cycle as a list of node ids (first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = 1
        for choice in scenario.situations[node].choices:
            target = choice.next
            if target not in scenario.situations:
                continue
            if state.get(target) == 1:
                return [*path[path.index(target):], target] if target in path else [node, target]
            if target not in state:
                found = visit(target, [*path, target])
                if found:
                    return found
        state[node] = 2
        return None

    for node in scenario.situations:
        if node not in state:
            found = visit(node, [node])
            if found:
                return found
    return None


def check_problems(check: CheckBlock, where: Location, doc: LocatedDocument) -> Iterator[Problem]:
    correct = [o for o in check.options if o.correct]
    ids = [o.id for o in check.options]
    for index, option_id in enumerate(ids):
        if option_id in ids[:index]:
            yield doc.problem((*where, "options", index, "id"), f"duplicate option id {option_id!r}")
    if check.multiple and not correct:
        yield doc.problem((*where, "options"), "a multiple-answer check needs at least one correct option")
    if not check.multiple and len(correct) != 1:
        yield doc.problem((*where, "options"),
                          f"a single-answer check needs exactly one correct option, found {len(correct)}")


def classify_problems(block: ClassifyBlock, where: Location, doc: LocatedDocument) -> Iterator[Problem]:
    """Duplicate ids, and expected/acceptable/rank categories that the block does not define."""
    categories = [c.id for c in block.categories]
    for index, category in enumerate(categories):
        if category in categories[:index]:
            yield doc.problem((*where, "categories", index, "id"), f"duplicate category id {category!r}")
    item_ids = [i.id for i in block.items]
    for index, item in enumerate(block.items):
        place = (*where, "items", index)
        if item.id in item_ids[:index]:
            yield doc.problem((*place, "id"), f"duplicate item id {item.id!r}")
        if item.expected not in categories:
            yield doc.problem((*place, "expected"), f"{item.expected!r} is not a category of {block.id!r}")
        for other in item.acceptable:
            if other not in categories or other == item.expected:
                yield doc.problem((*place, "acceptable"),
                                  f"{other!r} must be another category of {block.id!r}")
    if block.rank is not None:
        if block.rank not in categories:
            yield doc.problem((*where, "rank"), f"{block.rank!r} is not a category of {block.id!r}")
        if not block.rank_instructions:
            yield doc.problem((*where, "rank_instructions"), "a ranked category needs rank_instructions")
        if sum(i.expected == block.rank for i in block.items) < 2:
            yield doc.problem((*where, "rank"), "ranking needs at least two items expected in that category")


def document_problems(content: ModuleContent, doc: LocatedDocument, folder_name: str,
                      language: str) -> Iterator[Problem]:
    """Every cross-field rule for one module file."""
    if content.module != folder_name:
        yield doc.problem(("module",), f"module {content.module!r} must equal the folder name {folder_name!r}")
    if content.language != language:
        yield doc.problem(("language",), f"language {content.language!r} does not match the file name "
                                         f"(content.{language}.yaml)")
    seen: dict[str, int] = {}
    for index, block in enumerate(content.blocks):
        where = ("blocks", index)
        if block.id in seen:
            yield doc.problem((*where, "id"), f"duplicate block id {block.id!r} (also blocks[{seen[block.id]}])")
        seen.setdefault(block.id, index)
        if isinstance(block, ScenarioBlock):
            yield from scenario_problems(block, where, doc)
        elif isinstance(block, CheckBlock):
            yield from check_problems(block, where, doc)
        elif isinstance(block, ClassifyBlock):
            yield from classify_problems(block, where, doc)
    yield from record_problems(doc, language)
    source_ids = [s.id for s in content.sources]
    for index, source_id in enumerate(source_ids):
        if source_id in source_ids[:index]:
            yield doc.problem(("sources", index, "id"), f"duplicate source id {source_id!r}")


def record_problems(doc: LocatedDocument, language: str) -> Iterator[Problem]:
    """A review record belongs to a translation, and names the bokmål file beside it (content or documents)."""
    record = doc.data.get(RECORD_KEY) if isinstance(doc.data, dict) else None
    if not isinstance(record, dict):
        return
    if language == "nb":
        yield doc.problem((RECORD_KEY,), "bokmål is the reference every translation is reviewed against; only a "
                                         "translation has a review record")
    stem = doc.path.name.split(".")[0]
    if record.get("against") != f"{stem}.nb.yaml":
        yield doc.problem((RECORD_KEY, "against"), f"a review record of {doc.path.name} is against {stem}.nb.yaml")


_TEXT_FIELDS = {"title", "subtitle", "intro", "body", "text", "label", "feedback", "debrief", "question",
                "explanation", "prompt", "hint", "url", "instructions", "rank_instructions", "description"}


def skeleton(data: Any, location: Location = ()) -> dict[Location, Any]:
    """Flatten a raw document into {location: structural value}; text fields keep only their presence."""
    flat: dict[Location, Any] = {}
    if isinstance(data, dict):
        if not location:  # a translation's review record is its own, not structure it shares with bokmål
            data = {key: item for key, item in data.items() if key != RECORD_KEY}
        flat[location] = ("mapping", tuple(data))
        for key, item in data.items():
            if key in _TEXT_FIELDS and not isinstance(item, dict | list):
                flat[(*location, key)] = "text" if item not in (None, "") else None
            elif key == "language":
                continue
            elif location[-1:] == ("learning_points",):
                flat[(*location, key)] = "text"
            else:
                flat.update(skeleton(item, (*location, key)))
    elif isinstance(data, list):
        flat[location] = ("sequence", len(data))
        for index, item in enumerate(data):
            if location[-1:] == ("learning_points",):
                flat[(*location, index)] = "text"
            else:
                flat.update(skeleton(item, (*location, index)))
    else:
        flat[location] = data
    return flat


def parity_problems(reference: LocatedDocument, other: LocatedDocument) -> Iterator[Problem]:
    """Where ``other`` (English) differs in structure from ``reference`` (bokmål)."""
    ref, oth = skeleton(reference.data), skeleton(other.data)
    reported: list[Location] = []
    for location in sorted(set(ref) | set(oth), key=lambda loc: (len(loc), [str(p) for p in loc])):
        if any(location[: len(r)] == r for r in reported):
            continue  # a parent difference already explains this one
        if ref.get(location, _MISSING) == oth.get(location, _MISSING):
            continue
        reported.append(location)
        if location not in oth:
            yield other.problem(location, f"missing here but present in {reference.path.name} "
                                          "(nb and en must have the same structure)")
        elif location not in ref:
            yield other.problem(location, f"not in {reference.path.name} "
                                          "(nb and en must have the same structure)")
        else:
            yield other.problem(location, f"differs from {reference.path.name}: "
                                          f"{_describe(ref[location])} there, {_describe(oth[location])} here")


class _Missing:
    def __repr__(self) -> str:
        return "missing"


_MISSING = _Missing()


def _describe(value: Any) -> str:
    if isinstance(value, tuple) and value and value[0] == "mapping":
        return "keys " + ", ".join(map(str, value[1]))
    if isinstance(value, tuple) and value and value[0] == "sequence":
        return f"{value[1]} items"
    return repr(value)

"""How long a module takes: reading time at about 200 words a minute plus time for each interaction.

The estimate follows one typical path through each scenario (the longest, with the feedback of each
choice made and one ending), because that is what a learner reads; text on paths not taken is not
counted. The interaction times are deliberately plain numbers, stated here so a reviewer can argue.
"""

from __future__ import annotations

from dataclasses import dataclass

from .schema import CheckBlock, ClassifyBlock, ModuleContent, ReflectionBlock, ScenarioBlock, TextBlock
from .text import count_words

# Calibrated in issue 16 against a careful learner, who needed 60-70 minutes for a path of 3,352
# words, 19 decisions, 14 checks, 10 reflections and 36 exercise placements (this model: 66).
WORDS_PER_MINUTE = 180  # careful reading of course text, in the learner's second read of a choice too
MINUTES_PER_DECISION = 0.5  # weigh the options and click (the reading is counted)
MINUTES_PER_CHECK = 0.6
MINUTES_PER_REFLECTION = 2.25  # think and write 20-40 words: a careful learner needs 2-2.5 minutes
MINUTES_PER_PLACEMENT = 0.2  # choose a category for one item in an exercise (its text is counted)


@dataclass(frozen=True)
class TimeEstimate:
    words: int
    decisions: int
    checks: int
    reflections: int
    placements: int = 0

    @property
    def minutes(self) -> float:
        return (self.words / WORDS_PER_MINUTE + self.decisions * MINUTES_PER_DECISION
                + self.checks * MINUTES_PER_CHECK + self.reflections * MINUTES_PER_REFLECTION
                + self.placements * MINUTES_PER_PLACEMENT)


def _typical_path(scenario: ScenarioBlock, node: str) -> tuple[int, int]:
    """(words, decisions) along the wordiest walk from ``node`` to an ending."""
    if node in scenario.endings:
        ending = scenario.endings[node]
        return count_words(" ".join([ending.title, ending.text, ending.debrief])), 0
    situation = scenario.situations[node]
    here = count_words(situation.whole_text) + sum(count_words(c.label) for c in situation.choices)
    options = []
    for choice in situation.choices:
        words, decisions = _typical_path(scenario, choice.next)
        options.append((here + count_words(choice.feedback) + words, decisions + 1))
    return max(options)


def estimate(content: ModuleContent) -> TimeEstimate:
    words = count_words(" ".join([content.title, content.subtitle, content.intro, *content.learning_points]))
    decisions = checks = reflections = placements = 0
    for block in content.blocks:
        if isinstance(block, TextBlock):
            words += count_words(block.title + " " + block.body)
        elif isinstance(block, ScenarioBlock):
            path_words, path_decisions = _typical_path(block, block.start)
            words += count_words(block.title + " " + (block.intro or "")) + path_words
            decisions += path_decisions
        elif isinstance(block, CheckBlock):
            words += count_words(" ".join([block.question, block.explanation, *(o.text for o in block.options)]))
            checks += 1
        elif isinstance(block, ReflectionBlock):
            words += count_words(block.prompt + " " + (block.hint or ""))
            reflections += 1
        elif isinstance(block, ClassifyBlock):
            texts = [block.title, block.intro or "", block.instructions, block.rank_instructions or ""]
            texts += [f"{c.label} {c.description or ''}" for c in block.categories]
            texts += [f"{i.text} {i.feedback}" for i in block.items]
            words += count_words(" ".join(texts))
            placements += len(block.items)
    return TimeEstimate(words, decisions, checks, reflections, placements)

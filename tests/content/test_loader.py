"""The content loader: valid content loads; every kind of broken content names its file and place."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from mangfold.content import ContentError, load_module_content, validate_module
from mangfold.content.errors import format_location
from mangfold.content.schema import LANGUAGES, CheckBlock, ClassifyBlock, ReflectionBlock, ScenarioBlock, TextBlock
from tests.conftest import FILES

MINIMAL = FILES / "content" / "01-verdien-av-mangfold"


@pytest.fixture
def module(tmp_path: Path) -> Path:
    target = tmp_path / MINIMAL.name
    shutil.copytree(MINIMAL, target)
    return target


def edit(module: Path, language: str, change) -> Path:
    """Apply ``change`` to the parsed file and write it back; return the file."""
    path = module / f"content.{language}.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def problems_text(module: Path) -> str:
    return "\n".join(str(p) for p in validate_module(module))


def test_minimal_module_loads_with_every_block_kind(module: Path) -> None:
    assert validate_module(module) == []
    content = load_module_content(module, "nb")
    assert [type(b) for b in content.blocks] == [TextBlock, ScenarioBlock, CheckBlock, ReflectionBlock,
                                                 ClassifyBlock]
    assert content.scenarios[0].situations["start"].choices[0].next == "videre"


def test_format_location_reads_like_the_document() -> None:
    assert format_location(("blocks", 1, "situations", "start", "choices", 0, "next")) == (
        "blocks[1].situations.start.choices[0].next"
    )
    assert format_location(()) == "(document)"


def test_broken_yaml_names_file_and_line(module: Path) -> None:
    path = module / "content.nb.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[10] = "  - kind: text: broken"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_module_content(module, "nb")
    (problem,) = caught.value.problems
    assert problem.file == path
    assert problem.line == 11
    assert "invalid YAML" in problem.message


def test_duplicate_yaml_key_is_an_error_not_a_silent_overwrite(module: Path) -> None:
    path = module / "content.nb.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("minutes: 2", "minutes: 2\nminutes: 3"),
                    encoding="utf-8")
    text = problems_text(module)
    assert "content.nb.yaml:8: minutes: duplicate key 'minutes'" in text


def test_unknown_key_is_named_with_its_path_and_line(module: Path) -> None:
    edit(module, "nb", lambda d: d["blocks"][1]["situations"]["start"]["choices"][0].update(feedbak="x"))
    text = problems_text(module)
    assert "blocks[1].situations.start.choices[0].feedbak: unknown key" in text
    assert "content.nb.yaml:" in text.split("blocks[1]")[0]


def test_unknown_block_kind(module: Path) -> None:
    edit(module, "nb", lambda d: d["blocks"][0].update(kind="video"))
    assert "blocks[0]: kind must be one of: text, scenario, check, reflection, classify" in problems_text(module)


def test_dangling_next(module: Path) -> None:
    edit(module, "nb", lambda d: d["blocks"][1]["situations"]["start"]["choices"][1].update(next="nowhere"))
    assert ("blocks[1].situations.start.choices[1].next: 'nowhere' is neither a situation nor an ending"
            in problems_text(module))


def test_unreachable_situation_and_ending(module: Path) -> None:
    def cut(data: dict) -> None:
        data["blocks"][1]["situations"]["start"]["choices"][0]["next"] = "slutt-svak"

    edit(module, "nb", cut)
    text = problems_text(module)
    assert "blocks[1].situations.videre: situation 'videre' cannot be reached" in text
    assert "blocks[1].endings.slutt-god: ending 'slutt-god' cannot be reached" in text


def test_cycle_is_refused_because_a_path_might_never_end(module: Path) -> None:
    edit(module, "nb", lambda d: d["blocks"][1]["situations"]["videre"]["choices"][1].update(next="start"))
    assert "the choices loop (start -> videre -> start)" in problems_text(module)


def test_ending_without_debrief(module: Path) -> None:
    edit(module, "nb", lambda d: d["blocks"][1]["endings"]["slutt-god"].update(debrief="  "))
    assert "blocks[1].endings.slutt-god.debrief: Value error, an ending needs a debrief" in problems_text(module)


def test_ending_with_missing_debrief_key(module: Path) -> None:
    edit(module, "nb", lambda d: d["blocks"][1]["endings"]["slutt-god"].pop("debrief"))
    assert "blocks[1].endings.slutt-god.debrief: required key is missing" in problems_text(module)


def test_first_situation_needs_three_choices(module: Path) -> None:
    edit(module, "nb", lambda d: d["blocks"][1]["situations"]["start"]["choices"].pop())
    assert "blocks[1].situations.start.choices: the first situation needs at least 3 choices" in problems_text(module)


def test_single_answer_check_with_two_correct_options(module: Path) -> None:
    edit(module, "nb", lambda d: d["blocks"][2]["options"][1].update(correct=True))
    assert "exactly one correct option, found 2" in problems_text(module)


def test_duplicate_block_id(module: Path) -> None:
    edit(module, "nb", lambda d: d["blocks"][3].update(id="tekst"))
    assert "blocks[3].id: duplicate block id 'tekst' (also blocks[0])" in problems_text(module)


def test_bad_identifier(module: Path) -> None:
    edit(module, "nb", lambda d: d["blocks"][0].update(id="Ugyldig Id"))
    assert "blocks[0].id: String should match pattern" in problems_text(module)


def test_module_must_match_its_folder_and_language_its_file(module: Path) -> None:
    edit(module, "en", lambda d: d.update(module="02-legg-grunnlaget", language="nb"))
    text = problems_text(module)
    assert "content.en.yaml:2: module: module '02-legg-grunnlaget' must equal the folder name" in text
    assert "language 'nb' does not match the file name (content.en.yaml)" in text


def test_unknown_schema_version(module: Path) -> None:
    edit(module, "nb", lambda d: d.update(schema=2))
    assert "schema: unknown schema version 2" in problems_text(module)


@pytest.mark.parametrize("language", ["nn", "en"])
def test_missing_translation_file(module: Path, language: str) -> None:
    (module / f"content.{language}.yaml").unlink()
    assert (f"content.{language}.yaml: (document): content file is missing: every module needs nb, nn, en"
            in problems_text(module))


def test_a_release_made_before_a_language_is_checked_for_the_languages_it_has(module: Path) -> None:
    (module / "content.nn.yaml").unlink()
    assert validate_module(module, required=("nb",)) == []
    edit(module, "en", lambda d: d["blocks"].pop(0))
    assert "blocks: differs from content.nb.yaml" in "\n".join(str(p) for p in validate_module(module, ("nb",)))


def test_the_nynorsk_file_is_held_to_bokmal_s_structure_too(module: Path) -> None:
    edit(module, "nn", lambda d: d["blocks"][3].update(min_words=5))
    text = problems_text(module)
    assert "content.nn.yaml" in text and "content.en.yaml" not in text
    assert "blocks[3].min_words: differs from content.nb.yaml: 3 there, 5 here" in text
    assert load_module_content(module, "nn").language == "nn"


def test_nb_en_id_mismatch_is_named_in_the_english_file(module: Path) -> None:
    edit(module, "en", lambda d: d["blocks"][1]["situations"]["start"]["choices"][2].update(id="z"))
    text = problems_text(module)
    assert "content.en.yaml" in text
    assert "blocks[1].situations.start.choices[2].id: differs from content.nb.yaml: 'c' there, 'z' here" in text


def test_nb_en_block_order_and_count_mismatch(module: Path) -> None:
    edit(module, "en", lambda d: d["blocks"].pop(0))
    assert "blocks: differs from content.nb.yaml: 5 items there, 4 items here" in problems_text(module)


def test_text_may_differ_between_languages_but_numbers_may_not(module: Path) -> None:
    edit(module, "en", lambda d: d["blocks"][3].update(prompt="What do you think?", min_words=5))
    text = problems_text(module)
    assert "prompt" not in text
    assert "blocks[3].min_words: differs from content.nb.yaml: 3 there, 5 here" in text


def test_all_problems_are_reported_at_once(module: Path) -> None:
    def break_twice(data: dict) -> None:
        data["blocks"][2]["options"][1]["correct"] = True
        data["blocks"][1]["situations"]["start"]["choices"][1]["next"] = "nowhere"

    edit(module, "nb", break_twice)
    assert len(validate_module(module)) >= 2


def test_raw_html_in_content_is_refused_nowhere_but_rendered_escaped(module: Path) -> None:
    from mangfold.markup import markdown_html

    assert "&lt;script&gt;" in markdown_html("<script>alert(1)</script>")


def test_huge_file_is_refused_with_its_size(module: Path) -> None:
    path = module / "content.nb.yaml"
    path.write_text("intro: " + "x" * 2_100_000, encoding="utf-8")
    assert "content files stop at" in problems_text(module)


def test_content_cache_sees_edits(module: Path) -> None:
    first = load_module_content(module, "nb")
    edit(module, "nb", lambda d: d.update(title="Ny tittel"))
    assert load_module_content(module, "nb").title == "Ny tittel" != first.title


def test_classify_targets_must_be_categories(module: Path) -> None:
    def break_targets(data: dict) -> None:
        items = data["blocks"][4]["items"]
        items[0]["expected"] = "kanskje"
        items[1]["acceptable"] = ["ma"]  # the expected category itself
        data["blocks"][4]["rank"] = "bor"

    edit(module, "nb", break_targets)
    text = problems_text(module)
    assert "blocks[4].items[0].expected: 'kanskje' is not a category of 'sortering'" in text
    assert "blocks[4].items[1].acceptable: 'ma' must be another category of 'sortering'" in text
    assert "blocks[4].rank: ranking needs at least two items expected in that category" in text


def test_classify_rank_needs_instructions_and_unique_ids(module: Path) -> None:
    def break_rank(data: dict) -> None:
        block = data["blocks"][4]
        block.pop("rank_instructions")
        block["items"][2]["id"] = "utdanning"
        block["categories"][2]["id"] = "ma"

    edit(module, "nb", break_rank)
    text = problems_text(module)
    assert "blocks[4].rank_instructions: a ranked category needs rank_instructions" in text
    assert "blocks[4].items[2].id: duplicate item id 'utdanning'" in text
    assert "blocks[4].categories[2].id: duplicate category id 'ma'" in text


def test_classify_category_description_must_exist_in_both_languages(module: Path) -> None:
    edit(module, "en", lambda d: d["blocks"][4]["categories"][2].pop("description"))
    assert "blocks[4].categories[2]" in problems_text(module)


def test_an_ending_rated_like_the_choices_into_it_passes(module: Path) -> None:
    for language in LANGUAGES:
        edit(module, language, lambda d: d["blocks"][1]["endings"]["slutt-god"].update(quality="good"))
    assert problems_text(module) == ""


def test_a_choice_and_its_ending_must_agree(module: Path) -> None:
    """The fixture's weak ending is reached by a 'partly' first choice too: the rating must say which."""
    for language in LANGUAGES:
        edit(module, language, lambda d: d["blocks"][1]["endings"]["slutt-svak"].update(quality="weak"))
    assert ("blocks[1].situations.start.choices[1].quality: choice 'b' is rated 'partly' but leads to ending "
            "'slutt-svak', rated 'weak'; the two must agree") in problems_text(module)


def test_a_weak_choice_must_end_the_story_at_once(module: Path) -> None:
    for language in LANGUAGES:
        edit(module, language, lambda d: d["blocks"][1]["situations"]["start"]["choices"][0].update(quality="weak"))
    assert ("blocks[1].situations.start.choices[0].next: weak choice 'a' must lead straight to an ending"
            in problems_text(module))


def test_a_story_that_ends_by_asking_the_learner_must_move_the_question(module: Path) -> None:
    """The player labels the choices with the question; a story ending in one would ask twice."""
    for language in LANGUAGES:
        edit(module, language, lambda d: d["blocks"][1]["situations"]["start"].update(text="Hva gjør du nå?"))
    assert ("blocks[1].situations.start.text: the text ends with a question to the learner; move that question "
            "into 'question:'") in problems_text(module)


def test_a_quoted_question_stays_in_the_story_and_the_question_field_is_accepted(module: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["blocks"][1]["situations"]["start"].update(text="Sana spør: «Skal vi vente?»", question="Hva svarer du?")
    for language in LANGUAGES:
        edit(module, language, change)
    assert problems_text(module) == ""
    scenario = next(b for b in load_module_content(module, "nb").blocks if isinstance(b, ScenarioBlock))
    assert scenario.situations["start"].whole_text == "Sana spør: «Skal vi vente?» Hva svarer du?"


def test_a_question_without_question_mark_is_named(module: Path) -> None:
    for language in LANGUAGES:
        edit(module, language, lambda d: d["blocks"][1]["situations"]["start"].update(question="Velg"))
    assert "blocks[1].situations.start.question: a question ends with '?'" in problems_text(module)

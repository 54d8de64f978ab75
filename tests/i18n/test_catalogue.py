"""Every language has every interface text, with the same fields; the lookup's fallbacks are the documented ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from mangfold import i18n


def catalogue_files(language: str) -> set[str]:
    return {path.name for path in (i18n.CATALOGUES / language).glob("*.yaml")}


@pytest.mark.parametrize("language", [lang for lang in i18n.LANGUAGES if lang != i18n.DEFAULT_LANGUAGE])
def test_every_language_has_every_key_with_the_same_fields(language: str) -> None:
    reference, other = i18n.catalogue(i18n.DEFAULT_LANGUAGE), i18n.catalogue(language)
    assert catalogue_files(language) == catalogue_files(i18n.DEFAULT_LANGUAGE)
    assert sorted(set(reference) - set(other)) == [], f"{language} lacks these keys"
    assert sorted(set(other) - set(reference)) == [], f"{language} has keys {i18n.DEFAULT_LANGUAGE} has not"
    differing = {key: (sorted(i18n.fields(reference[key])), sorted(i18n.fields(other[key])))
                 for key in reference if i18n.fields(reference[key]) != i18n.fields(other[key])}
    assert differing == {}, "these texts expect other {fields} than the bokmål text"


def test_the_catalogues_are_not_empty_and_every_text_formats() -> None:
    for language in i18n.LANGUAGES:
        entries = i18n.catalogue(language)
        assert entries, f"no catalogue for {language}"
        for key, template in entries.items():
            values = {name: "x" for name in i18n.fields(template)}
            assert i18n.text(language, key, **values).strip(), key


def test_a_language_on_its_way_reads_bokmal_and_a_foreign_one_english(tmp_path: Path, monkeypatch) -> None:
    key = next(iter(sorted(i18n.catalogue("nb"))))
    values = {name: "x" for name in i18n.fields(i18n.catalogue("nb")[key])}
    monkeypatch.setattr(i18n, "FALLBACK", {"se": "nb"})  # a language on its way in, as nynorsk once was
    assert i18n.text("se", key, **values) == i18n.text("nb", key, **values)
    assert i18n.text("nn", key, **values) != i18n.text("nb", key, **values)  # nynorsk has its own words now
    assert i18n.text("de", key, **values) == i18n.text("en", key, **values)
    assert i18n.text(None, key, **values) == i18n.text("nb", key, **values)
    with pytest.raises(KeyError, match=r"no\.such"):
        i18n.text("nb", "no.such")


def test_a_key_written_twice_is_refused_with_the_file_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "ui.yaml"
    broken.write_text("a: one\nb: two\na: three\n", encoding="utf-8")
    with pytest.raises(i18n.CatalogueError, match=r"ui\.yaml.*'a' is written twice \(line 3\)"):
        i18n._read_file(broken)
    broken.write_text("a:\n  - not text\n", encoding="utf-8")
    with pytest.raises(i18n.CatalogueError, match="every entry must be a name and a text"):
        i18n._read_file(broken)


def test_nynorsk_is_a_full_language_and_each_language_names_itself() -> None:
    assert i18n.LANGUAGES == ("nb", "nn", "en") and i18n.FALLBACK == {}
    assert catalogue_files("nn") == catalogue_files("nb")
    assert [i18n.language_name(language) for language in i18n.LANGUAGES] == ["Bokmål", "Nynorsk", "English"]
    assert i18n.other_languages("nn") == ("nb", "en") and i18n.other_languages("en") == ("nb", "nn")
    assert i18n.text("nn", "ui.choose") == "Kva gjer du?"

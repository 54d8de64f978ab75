"""Uploading progress on the course home: every refusal says why, in the learner's language, and the
learner's own files are left byte for byte as they were.

The browser side (the file chooser, the pieces over the websocket, the page's own size check) is in
tests/browser/test_course_home.py; here the kernel's side is driven directly.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from markupsafe import escape

from mangfold.course import MODULE_IDS
from mangfold.progress import PROGRESS_FILENAME
from mangfold.progress.model import checksum_of
from mangfold.progress.sync import MAX_BUNDLE_BYTES, make_bundle
from mangfold.ui.home import open_home
from mangfold.ui.upload import CHUNK_BYTES, ProgressUpload
from tests.helpers.files import tree_hashes
from tests.helpers.interface_text import STRINGS
from tests.helpers.widgets import finish

FIRST, SECOND = MODULE_IDS[0], MODULE_IDS[1]


def bundle_of(root: Path) -> dict:
    return make_bundle(root, list(MODULE_IDS))


def forged(root: Path, change: Callable[[dict], None]) -> bytes:
    """The learner's own bundle with module 1's copy changed by ``change`` and its checksum recomputed."""
    bundle = bundle_of(root)
    change(bundle["modules"][FIRST])
    bundle["modules"][FIRST]["checksum"] = checksum_of(bundle["modules"][FIRST])
    return json.dumps(bundle).encode("utf-8")


#: refusal kind -> (the uploaded bytes from the finished course, the reason's key, its detail in nb and en)
REFUSALS: dict[str, tuple[Callable[[Path], bytes], str, tuple[str, str] | None]] = {
    "too large": (lambda root: b" " * (MAX_BUNDLE_BYTES + 1), "reject_too-large", None),
    "not JSON": (lambda root: b"{ikke json", "reject_not-json", ("ikke gyldig JSON", "not valid JSON")),
    "not UTF-8": (lambda root: b"\xff\xfe", "reject_not-json", ("ikke UTF-8", "not UTF-8")),
    "not a course file": (lambda root: b'{"hello": "world"}', "reject_not-course-file", None),
    "a bare list": (lambda root: b"[1, 2, 3]", "reject_not-course-file", None),
    "a progress file with a list for its module": (
        lambda root: b'{"format": "mangfold-progress", "module": ["x"]}', "reject_not-course-file", None),
    "unknown bundle version": (
        lambda root: json.dumps({**bundle_of(root), "version": 9}).encode(), "reject_bundle-version", None),
    "modules not a mapping": (
        lambda root: json.dumps({**bundle_of(root), "modules": [1]}).encode(), "reject_no-modules", None),
    "deep nesting": (lambda root: b"[" * 100_000 + b"]" * 100_000, "reject_malformed",
                     ("nøstet i mer enn", "nested more than")),
    "deep nesting inside a module": (
        lambda root: forged(root, lambda m: m["exercises"]["sortering"]["state"].update(
            {"x": json.loads("[" * 40 + "]" * 40)})), "reject_malformed", ("nøstet", "nested")),
    "a lone surrogate": (
        lambda root: json.dumps(bundle_of(root)).replace('"en to tre fire"', '"en \\ud800 tre"').encode(),
        "reject_malformed", ("enslig surrogat", "lone surrogate")),
    "a huge number": (
        lambda root: forged(root, lambda m: m["checks"]["sjekk"].update(attempts=10**400)),
        "reject_malformed", ("tallet ved", "the number at")),
    "a checksum that does not match": (
        lambda root: json.dumps(bundle_of(root)).replace("en to tre fire", "fem seks").encode(),
        "reject_untrusted", ("kontrollsummen stemmer ikke", "checksum does not match")),
    "a wrong type": (
        lambda root: forged(root, lambda m: m["reflections"]["tanke"].update(text=["en", "liste"])),
        "reject_untrusted", ("ugyldig verdi ved reflections.tanke.text (skal være tekst)",
                             "invalid at reflections.tanke.text: Input should be a valid string")),
    "another module's copy": (
        lambda root: json.dumps({**bundle_of(root), "modules": {SECOND: bundle_of(root)["modules"][FIRST]}}).encode(),
        "reject_untrusted", (f"hører til modul '{FIRST}'", f"belongs to module '{FIRST}'")),
    "a module the course does not have": (
        lambda root: json.dumps({**bundle_of(root), "modules": {"../../etc": {}}}).encode(),
        "reject_unknown-module", None),
    "a choice the course does not offer": (
        lambda root: forged(root, lambda m: m["scenarios"]["valget"]["path"][0].update(choice="finnes-ikke")),
        "reject_content-mismatch", None),
    "wrong types in an exercise": (
        lambda root: forged(root, lambda m: m["exercises"]["sortering"]["state"].update(placements={"x": [1]})),
        "reject_content-mismatch", None),
}


def shown(root: Path, raw: bytes, language: str) -> str:
    home = open_home(root, language)
    home.receive_upload(raw)
    return home.upload_result.value


@pytest.mark.parametrize("kind", list(REFUSALS))
@pytest.mark.parametrize("language", ["nb", "en"])
def test_every_refused_upload_says_why_and_leaves_the_learners_files_byte_identical(
        course: Path, kind: str, language: str) -> None:
    for module in MODULE_IDS[:2]:
        finish(course / module)
    make, key, detail = REFUSALS[kind]
    raw = make(course)
    before = tree_hashes(course)
    html = shown(course, raw, language)
    assert tree_hashes(course) == before, kind
    strings = STRINGS[language]
    reason = strings[key].format(mb=MAX_BUNDLE_BYTES // 1_000_000)
    assert "mf-notice--warning" in html and reason in html, html
    assert strings["upload_rejected"].split("(")[0] in html, html
    if detail is not None:
        assert escape(detail[0 if language == "nb" else 1]) in html, html  # the detail, escaped as any text


@pytest.mark.parametrize("language", ["nb", "en"])
def test_an_empty_bundle_says_there_was_nothing_to_restore(course: Path, language: str) -> None:
    finish(course / FIRST)
    before = tree_hashes(course)
    html = shown(course, json.dumps({**bundle_of(course), "modules": {}}).encode(), language)
    assert STRINGS[language]["upload_empty"] in html
    assert tree_hashes(course) == before


def test_a_good_upload_still_comes_in(course: Path, tmp_path: Path) -> None:
    finish(course / FIRST)
    raw = json.dumps(bundle_of(course)).encode()
    (course / FIRST / PROGRESS_FILENAME).unlink()
    html = shown(course, raw, "nb")
    assert STRINGS["nb"]["upload_merged"] in html and (course / FIRST / PROGRESS_FILENAME).is_file()


# -- the widget: pieces of one file become the file again; the limit is the course's one number

def send(widget: ProgressUpload, data: bytes, upload: str = "u1", order: list[int] | None = None) -> None:
    pieces = [data[i:i + CHUNK_BYTES] for i in range(0, len(data), CHUNK_BYTES)] or [b""]
    for index in order if order is not None else range(len(pieces)):
        widget._received(widget, {"upload": upload, "index": index, "count": len(pieces), "name": "f.json"},
                         [memoryview(pieces[index])])


def test_pieces_are_joined_into_the_exact_file() -> None:
    received: list[tuple[str, bytes]] = []
    widget = ProgressUpload("x", "too large", lambda name, data: received.append((name, data)))
    assert widget.max_bytes == MAX_BUNDLE_BYTES and CHUNK_BYTES < 10 * 2**20  # under Tornado's 10 MiB
    data = bytes(range(256)) * 9_000  # 2.3 MB: three pieces
    send(widget, data)
    send(widget, b"")  # an empty file still arrives, as one empty piece
    assert received == [("f.json", data), ("f.json", b"")]


def test_an_incomplete_or_shuffled_upload_is_not_handed_on_and_a_new_one_starts_afresh() -> None:
    received: list[bytes] = []
    widget = ProgressUpload("x", "too large", lambda _name, data: received.append(data))
    data = b"a" * (2 * CHUNK_BYTES + 5)
    send(widget, data, "u1", order=[0, 2])  # the middle piece lost
    send(widget, data, "u2", order=[1, 0, 2])  # out of order
    assert received == []
    send(widget, data, "u3")
    assert received == [data]


def test_a_page_that_sends_more_than_the_limit_costs_no_memory_and_is_refused_as_too_large() -> None:
    received: list[bytes] = []
    widget = ProgressUpload("x", "too large", lambda _name, data: received.append(data))
    widget.max_bytes = 3 * CHUNK_BYTES  # the same code path as the real limit, with less to send
    send(widget, b"{" * (5 * CHUNK_BYTES))
    assert [len(r) for r in received] == [3 * CHUNK_BYTES + 1]

"""Bring a copy of a learner's progress back in: from the browser's storage or an uploaded file.

On Binder the server forgets everything after ten idle minutes, so the browser keeps a copy of each
module's progress and the learner can download a bundle of all of it. When a copy comes back it is
checked as strictly as a file on disk (format, checksum, module, and every choice and answer against
the content), then merged item by item: the newest version of each item wins and nothing is deleted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import i18n
from .model import ITEM_KINDS, ModuleProgress, merge
from .reasons import record_text
from .store import MAX_FILE_BYTES, ProgressFileError, ProgressStore, load_json
from .trust import judge_bytes, trusted_modules

BUNDLE_FORMAT = "mangfold-progress-bundle"
BUNDLE_VERSION = 1
#: The largest upload the course takes: the page refuses a larger file before sending it, and the kernel
#: refuses one that comes anyway. One number for both (``ui.upload.ProgressUpload.max_bytes``).
MAX_BUNDLE_BYTES = MAX_FILE_BYTES

#: Reason codes of :func:`.store.load_json` that mean "this is not JSON at all" rather than "JSON the
#: course cannot keep" (deep nesting, a broken character, a huge number).
_NOT_JSON = {"not-utf8", "not-json"}


#: The module name of a result about the whole uploaded file rather than one module in it.
WHOLE_FILE = "*"


@dataclass(frozen=True)
class Restored:
    """What happened to one module's copy: ``merged`` (something new came in), ``same`` or ``rejected``.

    A rejection carries a ``code`` the interface translates for the learner, and a ``reason`` in
    plain technical English for logs and tests.
    """

    module: str
    outcome: str  # "merged" | "same" | "rejected" | "empty" (the file held nothing to restore)
    reason: str = ""
    code: str = ""
    #: the reason's detail in each language of the course, when there is one the learner can act on
    detail: dict[str, str] = field(default_factory=dict)


def _detail(error: ProgressFileError) -> dict[str, str]:
    return {language: error.reason_in(language) for language in i18n.LANGUAGES}


def _stamps(progress: ModuleProgress) -> dict[str, dict[str, str]]:
    """Every item's ``updated``: a copy brought something new when any of them changed in the merge."""
    stamps = {kind: {key: item.updated for key, item in getattr(progress, kind).items()} for kind in ITEM_KINDS}
    stamps["post"] = {"post": progress.post.updated} if progress.post is not None else {}
    return stamps


def restore_copy(folder: Path, module: str, text: str, source: str) -> Restored:
    """Merge one module's copy (JSON text) into the progress file in ``folder``."""
    judged = judge_bytes(text.encode("utf-8"), Path(f"{source}:{module}"), module, folder=folder)
    if judged.error is not None:
        return Restored(module, "rejected", judged.error.reason, "untrusted", _detail(judged.error))
    incoming = judged.trusted
    if incoming is None:
        return Restored(module, "rejected", judged.problem_text(3), "content-mismatch")
    store = ProgressStore(folder, module, incoming.language)
    before = _stamps(store.data)
    merged = merge(store.data, incoming)
    if _stamps(merged) == before:
        return Restored(module, "same")
    store.data = merged
    if not store.save():
        reason = record_text("restore-could-not-save", error=store.last_error)
        return Restored(module, "rejected", reason, "save-failed")
    return Restored(module, "merged")


def make_bundle(course_root: Path, modules: list[str]) -> dict[str, Any]:
    """Every module's trusted progress under ``course_root`` as one downloadable document."""
    # an untrusted file is not passed on; the module page reports it
    documents = {module: progress.sealed() for module, progress in trusted_modules(course_root, modules).items()}
    return {"format": BUNDLE_FORMAT, "version": BUNDLE_VERSION, "modules": documents}


def restore_bundle(course_root: Path, raw: bytes, modules: list[str]) -> list[Restored]:
    """Merge an uploaded bundle (or a single module's progress file) into the course folders.

    Any bytes at all give a list of results, each rejection with a code the page translates: the
    whole file is held to the progress reader's JSON rules (:func:`.store.load_json`) before any of
    it is looked at, and nothing is written for a copy that is rejected.
    """
    if len(raw) > MAX_BUNDLE_BYTES:
        too_large = record_text("bundle-too-large", megabytes=MAX_BUNDLE_BYTES // 1_000_000)
        return [Restored(WHOLE_FILE, "rejected", too_large, "too-large")]
    try:
        document = load_json(raw, Path("upload"))
    except ProgressFileError as error:
        code = "not-json" if error.code in _NOT_JSON else "malformed"
        return [Restored(WHOLE_FILE, "rejected", error.reason, code, _detail(error))]
    if isinstance(document, dict) and document.get("format") == "mangfold-progress":
        module = document.get("module")
        if not isinstance(module, str):
            return [Restored(WHOLE_FILE, "rejected", record_text("no-module-name"), "not-course-file")]
        document = {"format": BUNDLE_FORMAT, "version": BUNDLE_VERSION, "modules": {module: document}}
    if not isinstance(document, dict) or document.get("format") != BUNDLE_FORMAT:
        return [Restored(WHOLE_FILE, "rejected", record_text("not-course-file"), "not-course-file")]
    if document.get("version") != BUNDLE_VERSION:
        version = record_text("bundle-version", version=str(document.get("version"))[:20])
        return [Restored(WHOLE_FILE, "rejected", version, "bundle-version")]
    copies = document.get("modules")
    if not isinstance(copies, dict):
        return [Restored(WHOLE_FILE, "rejected", record_text("no-modules"), "no-modules")]
    if not copies:
        return [Restored(WHOLE_FILE, "empty", record_text("nothing-to-restore"))]
    results = []
    for module, copy in copies.items():
        if module not in modules:
            results.append(Restored(module[:60], "rejected", record_text("unknown-module"), "unknown-module"))
            continue
        results.append(restore_copy(Path(course_root) / module, module, json.dumps(copy), "upload"))
    return results

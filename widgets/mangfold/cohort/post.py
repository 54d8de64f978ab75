"""``mangfold cohort post FILE.yaml``: prefill the learners' post for a cohort.

The file is checked first (:mod:`mangfold.summary.prefill`: every problem with its file and line), and
only a good file is copied, byte for byte with the trainer's comments, into the course's
``source/06-oppsummering/post.yaml``. nbgrader releases everything in an assignment's source folder, so
the file reaches each learner's summary folder with the notebook, and the summary page shows the post
filled in.

nbgrader's generated ``release/`` and its exchange are copies made once. The command therefore also
puts the file into ``release/06-oppsummering/`` when the assignment has been generated but not yet
released (``mangfold cohort release`` does not generate it again), and says so when the assignment is
already in the exchange: learners who fetched it before do not get the post, later ones do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import atomic
from ..i18n import both
from ..progress.trust import SUMMARY_MODULE
from ..summary.post import LearnerPost
from ..summary.prefill import PREFILL_FILENAME, PrefillError, load_prefill
from .config import CohortConfig, CohortError

#: the prefill is course material every learner receives, like the notebook beside it
READABLE = 0o644


@dataclass
class PostInstalled:
    """What ``cohort post`` did: the checked post, the files written, and notes for the trainer."""

    post: LearnerPost
    written: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def install_post(config: CohortConfig, file: Path | str) -> PostInstalled:
    """Check ``file`` and put it where nbgrader releases it; :class:`CohortError` names what is wrong."""
    file = Path(file)
    try:
        post = load_prefill(file)
        data = file.read_bytes()  # copied as written, comments and all
    except PrefillError as error:
        raise CohortError(f"{file}: {both('post.cli-invalid')}\n{error}") from None
    source = config.course_dir / "source" / SUMMARY_MODULE
    if not source.is_dir():
        raise CohortError(f"{source}: not found; is {config.course_dir} a course directory made with "
                          "`mangfold cohort init`?")
    result = PostInstalled(post)
    atomic.write_bytes(source / PREFILL_FILENAME, data, mode=READABLE)
    result.written.append(source / PREFILL_FILENAME)
    release = config.course_dir / "release" / SUMMARY_MODULE
    if config.exchange_outbound(SUMMARY_MODULE).exists():
        result.notes.append(both("post.cli-already-released", module=SUMMARY_MODULE))
    elif release.is_dir():
        atomic.write_bytes(release / PREFILL_FILENAME, data, mode=READABLE)
        result.written.append(release / PREFILL_FILENAME)
        result.notes.append(both("post.cli-release-copied", target=release / PREFILL_FILENAME))
    return result

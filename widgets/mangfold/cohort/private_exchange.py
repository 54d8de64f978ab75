"""nbgrader's exchange without learner text that other accounts can read.

nbgrader 0.9's default exchange hides a learner's work only behind file names nobody can list:
a submission in ``inbound/`` is copied with files 0644 in a folder 0777, and released feedback in
``feedback/`` keeps the mode of the trainer's HTML (0644). Anyone on the server who learns a name
(a shell history, a log, a process list) reads another learner's reflections.

Here a submission is readable by its learner and by the group of ``inbound/``, which nbgrader
makes set-group-id and which is the trainer's own group (the trainer creates the folder), never by
others; released feedback is readable by the trainer and by the one learner it belongs to, through
a POSIX ACL entry for that learner's Unix account (ext4, xfs and btrfs have them; the trainer owns
the file, so no root is needed). The hub's nbgrader configs choose these classes
(``ExchangeFactory``; deploy/tljh/nbgrader_config.py, deploy/z2jh/nbgrader_config.py), as must the
course's own config for ``mangfold cohort feedback``.
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import struct

from nbgrader.exchange.default import ExchangeReleaseFeedback, ExchangeSubmit
from nbgrader.utils import notebook_hash

from .config import RELEASE_FEEDBACK_CLASS as RELEASE_FEEDBACK_CLASS  # named there without nbgrader

#: what the hub configs write into ``c.ExchangeFactory``
SUBMIT_CLASS = f"{__name__}.PrivateExchangeSubmit"

#: a submission: learner reads and writes, the trainer's group reads (and may remove), nobody else
SUBMISSION_FILE_MODE = 0o640
SUBMISSION_DIR_MODE = 0o750
SUBMISSION_TOP_MODE = 0o770
#: released feedback before its ACL entry: the trainer alone
FEEDBACK_MODE = 0o600

# Linux's POSIX ACL extended attribute (include/uapi/linux/posix_acl_xattr.h): a version, then
# (tag, permissions, id) entries sorted by tag, little-endian.
_ACL_XATTR = "system.posix_acl_access"
_ACL_VERSION = 2
_USER_OBJ, _USER, _GROUP_OBJ, _MASK, _OTHER = 0x01, 0x02, 0x04, 0x10, 0x20
_UNDEFINED_ID = 0xFFFFFFFF
_READ = 4


def acl_for_reader(path: str, uid: int) -> bytes:
    """The ACL of ``path`` as it is (owner's bits, nothing for group and others) plus read for ``uid``."""
    owner = (os.stat(path).st_mode >> 6) & 0o7
    entries = [(_USER_OBJ, owner, _UNDEFINED_ID), (_USER, _READ, uid), (_GROUP_OBJ, 0, _UNDEFINED_ID),
               (_MASK, _READ, _UNDEFINED_ID), (_OTHER, 0, _UNDEFINED_ID)]
    return struct.pack("<I", _ACL_VERSION) + b"".join(struct.pack("<HHI", *entry) for entry in entries)


def grant_read(path: str, account: str) -> None:
    """Let the Unix account ``account`` read ``path`` and nobody else but its owner.

    Raises KeyError when there is no such account and OSError when the file system has no ACLs.
    """
    uid = pwd.getpwnam(account).pw_uid
    os.chmod(path, FEEDBACK_MODE)
    if uid != os.stat(path).st_uid:
        os.setxattr(path, _ACL_XATTR, acl_for_reader(path, uid))


class PrivateExchangeSubmit(ExchangeSubmit):
    """``nbgrader submit`` whose copy in ``inbound/`` only the learner and the trainer's group can read."""

    def do_copy(self, src, dest, log=None):
        super().do_copy(src, dest, log)
        if os.path.dirname(os.path.abspath(dest)) == os.path.abspath(self.inbound_path):
            self._regain_group(dest)

    @staticmethod
    def _regain_group(dest: str) -> None:
        """Give the submission's folder back the set-group-id bit it had from ``inbound/``.

        copytree ends by copying the learner's folder mode onto the copy, which drops the bit; the files
        nbgrader writes next (timestamp.txt, submission_secret.txt) would then belong to the learner's
        group, which the trainer is not in. A folder made afresh in ``inbound/`` has the bit (and the
        trainer's group) again, so the copy moves into one. Its name starts with a dot, so nbgrader's
        collect (``<learner>+<module>+*``) never sees it half-filled.
        """
        fresh = os.path.join(os.path.dirname(dest), "." + os.path.basename(dest))
        os.mkdir(fresh, 0o700)
        for name in os.listdir(dest):
            os.rename(os.path.join(dest, name), os.path.join(fresh, name))
        os.rmdir(dest)
        os.rename(fresh, dest)

    def set_perms(self, dest, fileperms, dirperms):
        super().set_perms(dest, SUBMISSION_FILE_MODE, SUBMISSION_DIR_MODE)

    def copy_files(self):
        super().copy_files()  # ends by opening the submission's folder to everyone (0777) ...
        # ... which the trainer needs only as a group member, to remove it later
        os.chmod(os.path.join(self.inbound_path, self.assignment_filename), SUBMISSION_TOP_MODE)


class PrivateExchangeReleaseFeedback(ExchangeReleaseFeedback):
    """``nbgrader release_feedback`` whose files only the trainer and their learner can read.

    nbgrader's own loop, with the copy written 0600 and given its learner's ACL entry before it is
    moved into place, so it is never readable by others, not even for a moment. Where a learner has
    no Unix account of that name or the file system has no ACLs, the file is released as nbgrader
    does it (0644, behind its secret name) and the trainer is told why.
    """

    def copy_files(self):
        excluded = set(self.coursedir.student_id_exclude.split(",")) if self.coursedir.student_id_exclude else set()
        pattern = re.escape(os.path.sep).join([
            self.coursedir.format_path(self.coursedir.feedback_directory, "(?P<student_id>.*)",
                                       self.coursedir.assignment_id, escape=True),
            "(?P<notebook_id>.*).html"])
        for html_file in glob.glob(os.path.join(self.src_path, "*.html")):
            match = re.match(pattern, html_file)
            if match is None:
                self.log.error("Could not match '%s' with regexp '%s'", html_file, pattern)
                continue
            student_id, notebook_id = match.group("student_id"), match.group("notebook_id")
            if student_id in excluded:
                continue
            folder = os.path.dirname(html_file)
            with open(os.path.join(folder, "submission_secret.txt"), encoding="utf-8") as secret:
                checksum = notebook_hash(secret=secret.read(), notebook_id=notebook_id)
            self.log.info("Releasing feedback for student '%s' on assignment '%s/%s/%s'", student_id,
                          self.coursedir.course_id, self.coursedir.assignment_id, notebook_id)
            self._publish(html_file, os.path.join(self.dest_path, f"{checksum}.html"), student_id)

    def _publish(self, source: str, dest: str, student_id: str) -> None:
        temporary = dest[: -len(".html")] + "-tmp.html"
        if os.path.lexists(temporary):
            os.unlink(temporary)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FEEDBACK_MODE)
        with os.fdopen(descriptor, "wb") as target, open(source, "rb") as html:
            target.write(html.read())
        try:
            grant_read(temporary, student_id)
        except (KeyError, OSError) as error:
            reason = "no Unix account of that name" if isinstance(error, KeyError) else f"no ACLs here: {error}"
            self.log.warning("Feedback for '%s' is released readable by every account, as nbgrader does (%s)",
                             student_id, reason)
            os.chmod(temporary, 0o644)
        os.replace(temporary, dest)
        self.log.info("Feedback released to: %s", dest)

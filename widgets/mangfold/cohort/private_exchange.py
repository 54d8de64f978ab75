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

Collect runs as the trainer and nbgrader's copies it with ``shutil.copytree``, which follows links:
a learner who puts a folder with a symbolic link into ``inbound/`` (writable by every learner) would
have the trainer copy whatever the link names into the course. :class:`PrivateExchangeCollect`
copies regular files and folders only, never following a link, and records what it refused
(:mod:`mangfold.progress.refused`).
"""

from __future__ import annotations

import errno
import fnmatch
import glob
import os
import pwd
import re
import stat
import struct

from nbgrader.exchange.default import ExchangeCollect, ExchangeReleaseFeedback, ExchangeSubmit
from nbgrader.utils import notebook_hash

from .. import i18n
from ..progress.refused import RefusedEntry, refusal, write_refused
from .config import COLLECT_CLASS as COLLECT_CLASS  # named there without nbgrader
from .config import RELEASE_FEEDBACK_CLASS as RELEASE_FEEDBACK_CLASS

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


def _replaced(inner: str) -> RefusedEntry:
    """An entry swapped for a link or special file between being looked at and being opened."""
    return RefusedEntry(inner, i18n.text("en", "progress.replaced-kind"), i18n.text("en", "progress.replaced-reason"))


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
            self.log.warning("Feedback for '%s' is released readable by every account, as nbgrader does (%s)",
                             student_id, "no Unix account of that name" if isinstance(error, KeyError)
                             else f"no ACLs here: {error}")
            os.chmod(temporary, 0o644)
        os.replace(temporary, dest)
        self.log.info("Feedback released to: %s", dest)


class PrivateExchangeCollect(ExchangeCollect):
    """``nbgrader collect`` that copies a submission's regular files and folders and never follows a link.

    nbgrader's own copy (``shutil.copytree``) follows links, and the trainer runs it. Here the learner's
    folder is walked through directory descriptors opened with ``O_NOFOLLOW``, each entry looked at with
    ``lstat`` relative to its folder's descriptor; a symbolic link, FIFO, device or socket is not copied
    but listed in the submission's ``mangfold-refused.json`` (name and kind, never what a link points
    to) and logged with the learner and the file. A regular file is opened with ``O_NOFOLLOW |
    O_NONBLOCK`` and checked with ``fstat`` again, and a folder is opened the same way: a learner who
    swaps an entry for a link during the copy (``inbound/`` is theirs to write) gets it refused, never
    followed. nbgrader's ignore, include and size settings apply as in its own copy.
    """

    _DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
    _FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC

    def do_copy(self, src, dest, log=None):
        learner = os.path.basename(os.path.dirname(os.path.normpath(dest)))
        refused: list[RefusedEntry] = []
        try:
            top = os.open(src, self._DIR_FLAGS)
        except OSError as error:  # the hand-in itself is a link (to a folder elsewhere) or not a folder
            if error.errno not in (errno.ELOOP, errno.ENOTDIR):
                raise
            os.makedirs(dest)
            refused.append(RefusedEntry.of_mode(".", os.lstat(src).st_mode))
        else:
            try:
                dir_size = self.get_size(src)  # os.walk, which neither follows nor counts links
                if dir_size > 1000 * self.coursedir.max_dir_size:
                    self.log.error("Directory size is too big")
                    raise RuntimeError(f"Directory size is too big. Size is {dir_size}, "
                                       f"maximum size is {1000 * self.coursedir.max_dir_size}")
                self._copy_folder(top, dest, "", refused)
            finally:
                os.close(top)
        for entry in refused:
            self.log.warning("Not collected from %s: %s is %s (%s)", learner, entry.path, entry.kind, entry.reason)
        write_refused(dest, refused)
        if self.coursedir.groupshared:
            self._share_with_group(dest)

    def _copy_folder(self, folder: int, dest: str, relative: str, refused: list[RefusedEntry]) -> None:
        """Copy the open folder ``folder`` to the new folder ``dest``; ``relative`` is its place in the hand-in."""
        os.mkdir(dest, 0o700)
        for name in sorted(os.listdir(folder)):
            inner = f"{relative}/{name}" if relative else name
            seen = os.stat(name, dir_fd=folder, follow_symlinks=False)
            if self._ignored(name, seen):
                continue
            why = refusal(inner, seen.st_mode)
            if why is not None:
                refused.append(why)
                continue
            flags = self._DIR_FLAGS if stat.S_ISDIR(seen.st_mode) else self._FILE_FLAGS
            try:
                opened = os.open(name, flags, dir_fd=folder)
            except OSError:  # swapped for a link or special file since it was looked at
                refused.append(_replaced(inner))
                continue
            try:
                if stat.S_ISDIR(seen.st_mode):
                    self._copy_folder(opened, os.path.join(dest, name), inner, refused)
                elif not self._copy_file(opened, os.path.join(dest, name)):
                    refused.append(_replaced(inner))
            finally:
                os.close(opened)
        os.chmod(dest, stat.S_IMODE(os.fstat(folder).st_mode) | stat.S_IRWXU)

    def _ignored(self, name: str, seen: os.stat_result) -> bool:
        """nbgrader's ignore, include and file size settings (utils.ignore_patterns), without following links."""
        if any(fnmatch.fnmatch(name, pattern) for pattern in self.coursedir.ignore):
            return True
        if not stat.S_ISREG(seen.st_mode):
            return False
        include = self.coursedir.include
        if include and not any(fnmatch.fnmatch(name, pattern) for pattern in include):
            return True
        limit = self.coursedir.max_file_size
        if limit and seen.st_size > 1000 * limit:
            self.log.warning("Ignoring file too large '%s' (see config option CourseDirectory.max_file_size)", name)
            return True
        return False

    @staticmethod
    def _copy_file(source: int, dest: str) -> bool:
        """Copy the open file ``source`` to the new file ``dest``; False when it is not a regular file."""
        seen = os.fstat(source)
        if not stat.S_ISREG(seen.st_mode):
            return False
        out = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        try:
            while chunk := os.read(source, 1 << 20):
                view = memoryview(chunk)
                while view:
                    view = view[os.write(out, view):]
        finally:
            os.close(out)
        os.chmod(dest, stat.S_IMODE(seen.st_mode) | stat.S_IRUSR | stat.S_IWUSR)
        os.utime(dest, ns=(seen.st_atime_ns, seen.st_mtime_ns))
        return True

    def _share_with_group(self, dest: str) -> None:
        """What nbgrader's do_copy does for ``CourseDirectory.groupshared`` (group read and write)."""
        for dirname, _, filenames in os.walk(dest):
            try:
                os.chmod(dirname, (os.stat(dirname).st_mode | 0o2770) & 0o2777)
                for name in filenames:
                    path = os.path.join(dirname, name)
                    os.chmod(path, (os.stat(path).st_mode | 0o660) & 0o777)
            except PermissionError:
                self.log.warning("Could not update permissions of %s to make it groupshared", dirname)

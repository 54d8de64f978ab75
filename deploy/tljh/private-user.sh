#!/usr/bin/env bash
# Make a Unix user whose home only they can open, or close the home of one that exists; then close
# every further FOLDER given (the course folder) to group and others.
#
#   bash deploy/tljh/private-user.sh UNIX_USER [FOLDER ...]
#
# setup.sh creates the trainer's user before TLJH would, so TLJH's own `chmod o-rwx` on a new home
# never runs for it; a home left at Debian's 0755 let any account read the learners' reflections
# collected into the course folder (issue 13). Learners' users are made by TLJH at their first login
# (home closed to others by TLJH); a user made here gets a home of mode 0700.
set -euo pipefail

user="${1:?usage: private-user.sh UNIX_USER [FOLDER ...]}"
shift

if ! id "${user}" >/dev/null 2>&1; then
    useradd --create-home -K HOME_MODE=0700 --shell /bin/bash "${user}"
fi
home="$(getent passwd "${user}" | cut -d: -f6)"
chmod 0700 "${home}"
for folder in "$@"; do
    if [ -d "${folder}" ]; then
        chmod go-rwx "${folder}"
    fi
done

#!/usr/bin/env bash
# Print the course version setup.sh installs: a release tag (v0.1.0) or a 40-hex commit, never a branch.
#
#   bash deploy/tljh/pinned-ref.sh [REF]
#
# Without REF: the tag of the package version in this checkout (widgets/mangfold/__init__.py,
# __version__), so a server set up from a release's setup.sh installs that release. A branch moves:
# two servers set up a day apart would run different courses, and an update would arrive unasked.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
init_py="${here}/../../widgets/mangfold/__init__.py"

ref="${1:-}"
if [ -z "${ref}" ]; then
    version="$(sed -n 's/^__version__ = "\([^"]*\)"$/\1/p' "${init_py}")"
    if [ -z "${version}" ]; then
        echo "pinned-ref.sh: fant ingen __version__ i ${init_py} / no __version__ in ${init_py}" >&2
        exit 1
    fi
    ref="v${version}"
fi

if [[ "${ref}" =~ ^v[0-9]+\.[0-9]+\.[0-9]+([.-]?(a|b|rc|post|dev)[0-9]+)*$ ]] || [[ "${ref}" =~ ^[0-9a-f]{40}$ ]]; then
    echo "${ref}"
else
    cat >&2 <<MESSAGE
MANGFOLD_REF=${ref}: bruk en versjonstagg (for eksempel v0.1.0) eller en full commit (40 heksadesimale tegn),
ikke en gren: en gren flytter seg, og serveren ville fått en annen versjon av kurset enn den som ble testet.
MANGFOLD_REF=${ref}: use a release tag (for example v0.1.0) or a full commit (40 hex digits), not a branch:
a branch moves, and the server would get another version of the course than the one tested.
MESSAGE
    exit 2
fi

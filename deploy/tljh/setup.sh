#!/usr/bin/env bash
# Set up the Mangfoldsrekruttering course on a server that already runs The Littlest JupyterHub.
#
#   sudo MANGFOLD_REPO=https://github.com/<owner>/<repo>.git MANGFOLD_TRAINER=<hub user name> \
#        [MANGFOLD_REF=v0.1.0] [MANGFOLD_ROSTER=/path/roster.csv] bash deploy/tljh/setup.sh
#
# With MANGFOLD_LTI_ISSUER (and MANGFOLD_LTI_CLIENT_ID, _AUTHORIZE_URL, _JWKS_URL, _TOKEN_URL) an LMS launches
# the course by LTI 1.3 and gets the scores back: docs/lms.md.
#
# MANGFOLD_REF is a release tag or a full commit, never a branch (deploy/tljh/pinned-ref.sh); without
# it, the tag of the version in this checkout. The trainer's home and the course folder are closed to
# every other account (0700, deploy/tljh/private-user.sh): they hold the learners' reflections.
#
# Safe to run again (after an update of the course, or to add the roster): every step checks
# before it creates, and nothing a trainer or learner made is overwritten.
set -euo pipefail

: "${MANGFOLD_REPO:?set MANGFOLD_REPO to the course repository (a git URL)}"
: "${MANGFOLD_TRAINER:?set MANGFOLD_TRAINER to the JupyterHub user name of the trainer}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ref="$(bash "${here}/pinned-ref.sh" "${MANGFOLD_REF:-}")"  # refuses a branch before anything is done

src=/opt/mangfold                      # the course's checkout: source/, notebooks/, voila.json, deploy/
user_env=/opt/tljh/user                # TLJH's user environment (every user's Python)
hub_env=/opt/tljh/hub                  # TLJH's hub environment (JupyterHub's own Python)
hub_config=/opt/tljh/config            # TLJH's config folder (jupyterhub_config.d/)
exchange=/srv/nbgrader/exchange        # nbgrader's exchange
course_id=mangfoldsrekruttering
gradebook=mangfold_gradebook           # the PostgreSQL database of the gradebook
trainer_unix="jupyter-${MANGFOLD_TRAINER}"  # TLJH's Unix name for a hub user
trainer_home="/home/${trainer_unix}"
course_dir="${trainer_home}/${course_id}"
db_url="postgresql+psycopg://${trainer_unix}@/${gradebook}?host=/var/run/postgresql"

if [ "$(id -u)" -ne 0 ]; then
    echo "setup.sh: run as root (sudo)" >&2
    exit 1
fi

echo "== packages: git, PostgreSQL"
apt-get update -qq
apt-get install -y -qq git postgresql

echo "== the course's checkout in ${src} (${ref})"
if [ ! -d "${src}/.git" ]; then
    git init --quiet "${src}"
    git -C "${src}" remote add origin "${MANGFOLD_REPO}"
fi
git -C "${src}" remote set-url origin "${MANGFOLD_REPO}"
if [[ "${ref}" == v* ]]; then
    # only a tag of that name: a branch called v0.1.0 is not fetched
    git -C "${src}" fetch --quiet --depth 1 origin "+refs/tags/${ref}:refs/tags/${ref}"
else
    git -C "${src}" fetch --quiet --depth 1 origin "${ref}"
fi
git -C "${src}" checkout --quiet --force --detach FETCH_HEAD
echo "   commit $(git -C "${src}" rev-parse HEAD)"

echo "== the course in the user environment (${user_env})"
# Not editable: the Voila template must land in share/jupyter, where Voila finds it.
"${user_env}/bin/pip" install --quiet --upgrade "${src}[trainer,postgres]"

echo "== settings for every user's server"
install -d -m 755 "${user_env}/etc/jupyter"
install -m 644 "${src}/voila.json" "${user_env}/etc/jupyter/voila.json"
install -m 644 "${src}/deploy/tljh/nbgrader_config.py" "${user_env}/etc/jupyter/nbgrader_config.py"
install -m 755 "${src}/deploy/mangfold-learner-start.sh" "${user_env}/bin/mangfold-learner-start"
# Learners hand in from the course page and get modules and feedback from mangfold-learner-start (learner
# mode has no assignment list); formgrader, course list and create-assignment
# are off for everyone here and switched on for trainers by the hub (jupyterhub_config.d/mangfold.py).
"${user_env}/bin/jupyter" server extension disable --sys-prefix nbgrader.server_extensions.formgrader
"${user_env}/bin/jupyter" server extension disable --sys-prefix nbgrader.server_extensions.course_list
for extension in formgrader create-assignment course-list; do
    "${user_env}/bin/jupyter" labextension disable --level=sys_prefix "@jupyter/nbgrader:${extension}"
done

echo "== the hub: course home in Voila, trainers, culling"
install -d -m 755 "${hub_config}/jupyterhub_config.d"
install -m 644 "${src}/deploy/tljh/jupyterhub_config.d/mangfold.py" "${hub_config}/jupyterhub_config.d/mangfold.py"
touch "${hub_config}/mangfold-trainers.txt"
grep -qxF "${MANGFOLD_TRAINER}" "${hub_config}/mangfold-trainers.txt" \
    || echo "${MANGFOLD_TRAINER}" >>"${hub_config}/mangfold-trainers.txt"
# A learner who finishes a module early and then listens to a debrief is idle for up to ~17 minutes
# (docs/trainer-guide.md): the hub stops a server only after 30 idle minutes.
tljh-config set services.cull.timeout 1800
tljh-config set services.cull.every 60

echo "== nbgrader's exchange: ${exchange} (mode 1777: everyone writes, nobody removes another's files)"
install -d -m 755 "$(dirname "${exchange}")"
install -d -m 1777 "${exchange}"
chmod 1777 "${exchange}"

echo "== the trainer's Unix user ${trainer_unix}: home and course folder 0700"
# TLJH would create the user at the first login (and close its home); the course directory needs it now,
# so its home is closed here, as is a course folder an older setup.sh left open.
bash "${src}/deploy/tljh/private-user.sh" "${trainer_unix}" "${course_dir}"

echo "== the gradebook: PostgreSQL database ${gradebook}, owned by ${trainer_unix} (peer login, no password)"
if ! runuser -u postgres -- psql -tAc "SELECT 1 FROM pg_roles WHERE rolname = '${trainer_unix}'" | grep -q 1; then
    runuser -u postgres -- createuser "${trainer_unix}"
fi
if ! runuser -u postgres -- psql -tAc "SELECT 1 FROM pg_database WHERE datname = '${gradebook}'" | grep -q 1; then
    runuser -u postgres -- createdb --owner="${trainer_unix}" "${gradebook}"
fi

as_trainer() {
    # A clean environment: nbgrader runs alembic from PATH, and root's PATH must not leak in.
    runuser -u "${trainer_unix}" -- env -i HOME="${trainer_home}" USER="${trainer_unix}" \
        LOGNAME="${trainer_unix}" PATH="${user_env}/bin:/usr/bin:/bin" "$@"
}

echo "== the course directory ${course_dir}"
roster_args=()
if [ -n "${MANGFOLD_ROSTER:-}" ]; then
    install -o "${trainer_unix}" -m 600 "${MANGFOLD_ROSTER}" "${trainer_home}/roster.csv"
    roster_args=(--roster "${trainer_home}/roster.csv")
fi
if [ ! -f "${course_dir}/nbgrader_config.py" ]; then
    as_trainer "${user_env}/bin/mangfold" cohort init "${course_dir}" --course-id "${course_id}" \
        --db-url "${db_url}" --exchange "${exchange}" --source "${src}/source" "${roster_args[@]}"
elif [ "${#roster_args[@]}" -gt 0 ]; then
    as_trainer "${user_env}/bin/mangfold" cohort learners "${course_dir}" "${trainer_home}/roster.csv"
fi

echo "== formgrader reads the trainer's ~/.jupyter/nbgrader_config.py: it loads the course's"
install -d -o "${trainer_unix}" -m 700 "${trainer_home}/.jupyter"
if [ ! -f "${trainer_home}/.jupyter/nbgrader_config.py" ]; then
    printf 'c = get_config()  # noqa: F821\nload_subconfig(%s)  # noqa: F821\n' \
        "'${course_dir}/nbgrader_config.py'" >"${trainer_home}/.jupyter/nbgrader_config.py"
    chown "${trainer_unix}:" "${trainer_home}/.jupyter/nbgrader_config.py"
fi

if [ -n "${MANGFOLD_LTI_ISSUER:-}" ]; then
    echo "== LTI 1.3: the LMS launches the course and gets the scores (docs/lms.md)"
    : "${MANGFOLD_LTI_CLIENT_ID:?set MANGFOLD_LTI_CLIENT_ID (the LMS shows it when the tool is registered)}"
    : "${MANGFOLD_LTI_AUTHORIZE_URL:?set MANGFOLD_LTI_AUTHORIZE_URL (the authentication request URL of the LMS)}"
    : "${MANGFOLD_LTI_JWKS_URL:?set MANGFOLD_LTI_JWKS_URL (the public keyset URL of the LMS)}"
    : "${MANGFOLD_LTI_TOKEN_URL:?set MANGFOLD_LTI_TOKEN_URL (the access token URL of the LMS)}"
    # the hub's own environment: the LTI login (and, with it, PyJWT and cryptography for the grade service)
    "${hub_env}/bin/pip" install --quiet "jupyterhub-ltiauthenticator>=1.6.3,<2" "pyjwt[crypto]>=2.8" "requests>=2.31"
    lti_key="${hub_config}/mangfold-lti-key.pem"   # the tool's private key: root only, read by the grade service
    lti_env="${hub_config}/mangfold-lti.env"       # what the hub's systemd unit reads: root only
    if [ ! -f "${lti_key}" ]; then
        (umask 077 && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "${lti_key}")
    fi
    chmod 600 "${lti_key}"
    # keep the encryption key of an earlier run: a new one would make every stored auth_state unreadable
    crypt_key="$(sed -n 's/^JUPYTERHUB_CRYPT_KEY=//p' "${lti_env}" 2>/dev/null || true)"
    crypt_key="${crypt_key:-$(openssl rand -hex 32)}"
    (
        umask 077
        {
            echo "JUPYTERHUB_CRYPT_KEY=${crypt_key}"
            echo "MANGFOLD_LTI_ISSUER=${MANGFOLD_LTI_ISSUER}"
            echo "MANGFOLD_LTI_CLIENT_ID=${MANGFOLD_LTI_CLIENT_ID}"
            echo "MANGFOLD_LTI_AUTHORIZE_URL=${MANGFOLD_LTI_AUTHORIZE_URL}"
            echo "MANGFOLD_LTI_JWKS_URL=${MANGFOLD_LTI_JWKS_URL}"
            echo "MANGFOLD_LTI_TOKEN_URL=${MANGFOLD_LTI_TOKEN_URL}"
            echo "MANGFOLD_LTI_USER_CLAIM=${MANGFOLD_LTI_USER_CLAIM:-sub}"
            echo "MANGFOLD_LTI_KEY_FILE=${lti_key}"
            echo "MANGFOLD_WIDGETS=${src}/widgets"
        } >"${lti_env}.new"
    )
    mv "${lti_env}.new" "${lti_env}"
    install -d -m 755 /etc/systemd/system/jupyterhub.service.d
    printf '[Service]\nEnvironmentFile=%s\n' "${lti_env}" >/etc/systemd/system/jupyterhub.service.d/mangfold-lti.conf
    systemctl daemon-reload
    install -m 644 "${src}/deploy/tljh/jupyterhub_config.d/mangfold_lti.py" \
        "${hub_config}/jupyterhub_config.d/mangfold_lti.py"
    echo "   the tool's key set for the LMS: https://<this hub>/services/mangfold-lti/jwks.json"
fi

echo "== reload the hub"
tljh-config reload hub
echo "Ferdig / done. Trainer: log in as ${MANGFOLD_TRAINER} and run: mangfold cohort release ${course_dir}"

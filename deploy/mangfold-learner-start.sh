#!/usr/bin/env bash
# Prepare a learner's home for the course, then (when given a command) start it.
#
# The course home (notebooks/home.ipynb) finds the modules in ../release, so every user gets
#   ~/notebooks/home.ipynb   copied from the course's checkout, never overwritten
#   ~/release/<module>/      fetched from nbgrader's exchange once the trainer has released it
#   ~/release/<module>/feedback/  the trainer's feedback on a handed-in module, once released
# In learner mode (MANGFOLD_MODE=learner) the server offers no assignment list, so this is where a
# learner's modules and feedback arrive: at every start of their server.
# Used as the single-user command wrapper on TLJH (Spawner.cmd) and as the postStart hook on
# Kubernetes. It never fails the server's start: a module not released yet is fetched next time.
set -u

home_notebook="${MANGFOLD_HOME_NOTEBOOK:-/opt/mangfold/notebooks/home.ipynb}"
exchange="${MANGFOLD_EXCHANGE:-/srv/nbgrader/exchange}"
course_id="${MANGFOLD_COURSE_ID:-mangfoldsrekruttering}"
modules="01-verdien-av-mangfold 02-legg-grunnlaget 03-formidle-smart 04-vurder-systematisk 05-velg-den-rette 06-oppsummering"

mkdir -p "$HOME/notebooks" "$HOME/release"
if [ -f "$home_notebook" ] && [ ! -e "$HOME/notebooks/home.ipynb" ]; then
    cp "$home_notebook" "$HOME/notebooks/home.ipynb"
fi

for module in $modules; do
    if [ -d "$exchange/$course_id/outbound/$module" ] && [ ! -e "$HOME/release/$module" ]; then
        (cd "$HOME" && nbgrader fetch_assignment --course="$course_id" "$module" >>"$HOME/.mangfold-start.log" 2>&1) || true
    fi
done

# Feedback for every module this learner has: one nbgrader process (it finds only the learner's own,
# by the secret of each of their hand-ins).
if [ -d "$exchange/$course_id/feedback" ]; then
    have=()
    for module in $modules; do
        [ -d "$HOME/release/$module" ] && have+=("$module")
    done
    if [ "${#have[@]}" -gt 0 ]; then
        (cd "$HOME" && nbgrader fetch_feedback --course="$course_id" "${have[@]}" >>"$HOME/.mangfold-start.log" 2>&1) || true
    fi
fi

if [ "$#" -gt 0 ]; then
    exec "$@"
fi

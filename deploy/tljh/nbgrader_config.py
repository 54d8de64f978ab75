"""nbgrader settings for every user of a TLJH server running the Mangfoldsrekruttering course.

deploy/tljh/setup.sh copies this file to /opt/tljh/user/etc/jupyter/nbgrader_config.py (the user
environment's sys.prefix, one of the places nbgrader looks for its config). A trainer's course
directory has its own nbgrader_config.py (from `mangfold cohort init`), which takes precedence there.
"""

import os

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file

c.CourseDirectory.course_id = "mangfoldsrekruttering"
# Every user is a Unix user on TLJH: the exchange is one folder with mode 1777 (setup.sh creates it).
c.Exchange.root = "/srv/nbgrader/exchange"
# Modules are fetched into ~/release, where the course home (~/notebooks/home.ipynb) finds them.
c.Exchange.assignment_dir = os.path.join(os.path.expanduser("~"), "release")
# Learners' submissions and feedback readable only by the learner and the trainer, never by another
# account (nbgrader's own exchange leaves them 0644 behind unlisted names): mangfold.cohort.private_exchange.
c.ExchangeFactory.submit = "mangfold.cohort.private_exchange.PrivateExchangeSubmit"
c.ExchangeFactory.release_feedback = "mangfold.cohort.private_exchange.PrivateExchangeReleaseFeedback"
# Collect copies a learner's regular files and folders only; a symbolic link or special file a learner put
# into inbound/ is listed in the submission's mangfold-refused.json, never followed into the trainer's files.
c.ExchangeFactory.collect = "mangfold.cohort.private_exchange.PrivateExchangeCollect"
# What a learner's hand-in leaves out: as the course's own config (mangfold.cohort.config.IGNORED), the lock
# beside the progress file too.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".mangfold-progress.lock"]

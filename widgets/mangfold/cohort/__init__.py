"""Running a cohort: the course directory, nbgrader's steps for every module, the trainer's dashboard."""

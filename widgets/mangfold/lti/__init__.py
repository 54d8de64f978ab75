"""LTI 1.3: an LMS launches the course on a JupyterHub, and the autograde's scores go back to its gradebook.

- :mod:`mangfold.lti.names`: the hub user name of a launch (pure, standard library only: the hub loads it).
- :mod:`mangfold.lti.ags`: the tool's key and the LMS's Assignment and Grade Services (client credentials).
- :mod:`mangfold.lti.service`: the JupyterHub-managed service that serves the key set and posts the scores.

Nothing here imports the rest of the course: the hub's own environment runs it (docs/lms.md).
"""

"""Real third-party documentation trees for the "do no harm" tests (``test_do_no_harm.py``).

- :mod:`real_projects.projects`: which projects, at which version, from where, under which
  licence, and what their documentation needs;
- :mod:`real_projects.build`: download and cache the sdist, build with or without the
  extension through a generated configuration folder;
- :mod:`real_projects.compare`: compare two builds' warnings and output files.

No third-party text is stored in this repository: the sdists are downloaded at test time.
"""

"""While Sphinx reads pages: roles, directives, term text parsed into the page, automatic
links and the page checks, each recording into the domain what the later phases need.
"""

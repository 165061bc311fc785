"""Around reading, for the whole project: term files loaded before reading, other projects'
files, the plan after reading with its fingerprints, and Sphinx's own ``:term:`` both ways.
"""

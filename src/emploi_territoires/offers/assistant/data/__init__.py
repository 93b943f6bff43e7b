"""The assistant's rule data: glossaries, patterns and word lists, kept apart from the rule code.

Changing what the assistant flags (a new acronym, a new forbidden phrase) means editing these
lists and adding the French example to the tests, not touching the rule functions.
"""

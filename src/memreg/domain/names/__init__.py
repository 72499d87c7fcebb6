"""Personal names for person search: every script and spelling folded to matching keys.

Pure code, no storage: scripts.py spells a name in one Latin match form (with the readings
an ambiguous Latin spelling allows), keys.py reduces match forms to coarse phonetic keys,
given.py knows which given names are one name across languages, query.py reads a query.
"""

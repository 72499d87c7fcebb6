"""Person search: a name typed in any script or spelling, found among the register's persons.

candidates.py reads the index (store/person_names.py) for every reading of the query;
ranking.py orders what it found and says why each hit matched; engine.py puts them together.
"""

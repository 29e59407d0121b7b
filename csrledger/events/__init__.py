"""Events: the records of different documents that report one real investment, grouped (docs/events.md).

The stage after records and before the store.  ``report`` is a record as the
stage sees it, ``keys`` the spelling-independent keys of sponsors, objects
and places, ``text`` the reprint (MinHash) and translation (sentence
embeddings) comparisons, ``match`` the rules that rule a pair out or link it,
``index`` the incremental assignment, ``accounts`` what an event counts for.
"""

"""The statement model under the brief: one module per section, each rule in one place.

``model`` (Statement, Holder, Modality, Scope, When, Form), ``holders`` (one record per person
or organisation), ``corroboration`` (outlets reporting vs holders asserting), ``quotes``,
``figures`` (the ledger: updates vs disputes), ``places``, ``events``, ``options`` and
``facts`` (the rows of "what we know").
"""

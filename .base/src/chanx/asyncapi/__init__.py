"""AsyncAPI 3.0 documents generated from chanx consumers.

Modules: ``generator`` (``AsyncAPIGenerator``), ``constants`` (defaults), ``type_defs``
(Pydantic models of AsyncAPI objects), ``page`` (the offline docs page and its assets).
"""

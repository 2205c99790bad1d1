"""Ametijuhendid: job descriptions as data (load → validate → link → render).

The library knows nothing of MkDocs; ``hooks/ametijuhendid.py`` adapts it.
"""

__version__ = "0.1.0"

"""tocsin — news into CAMEO-coded political events, from Python.

    import tocsin
    coder = tocsin.Coder()                       # built-in dictionaries (or dict="path/to/phoenix")
    coder.code("Russia warned Ukraine on Monday.", date="2022-01-03")  # -> list of event dicts
    df = tocsin.events("news.db", since="2022-01-01")                  # -> pandas.DataFrame
    st = tocsin.stories("postgresql://tocsin@db.example/events")

The coder runs libtocsin.so (ctypes; see tocsin._lib for where it is looked for); the
store readers need only pandas (and psycopg2 for PostgreSQL). `python3 -m tocsin.dask`
spreads an ingest over a Dask cluster (tocsin/dask.py).
"""
from tocsin.coder import Coder, TocsinError
from tocsin.store import documents, events, mentions, stories

Error = TocsinError
__version__ = "0.1.0"
__all__ = ["Coder", "TocsinError", "Error", "events", "stories", "documents", "mentions"]

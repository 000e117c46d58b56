"""The store: schema, migrations, and the queries the service layer runs (SQLAlchemy Core)."""

from matchgraph.store.db import StoreError, open_store
from matchgraph.store.migrate import upgrade

__all__ = ["StoreError", "open_store", "upgrade"]

"""Source adapters: each reads one kind of source into raw records with provenance."""

"""matchgraph: an open, self-hostable capability match graph for AI models."""

__version__ = "0.1.0"

"""matchgraph: an open, self-hostable capability match graph for AI models."""

import os

__version__ = "0.1.0"

# BLAS worker threads cost more than they give on the matrices here (one need's embedding per search,
# batches of a few hundred texts at derive time): on a busy machine, waking them stretched a 7 ms
# search to over 100 ms and `init` from 15 s to 25 s. Read by OpenBLAS when NumPy loads, so it takes
# effect in every process that imports matchgraph first (the CLI, the server, MCP); a value already in
# the environment wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

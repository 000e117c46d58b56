"""The catalog's domain: artifacts, offers, capabilities, evidence, the taxonomy and manifests."""

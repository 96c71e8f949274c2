"""One module per kind of content; each ends with its ``KIND`` (core/kind.py), listed in pipeline/registry.py."""

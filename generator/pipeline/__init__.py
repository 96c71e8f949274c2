"""Above the kinds: the stages that load, render, check, write and build every kind in the registry."""

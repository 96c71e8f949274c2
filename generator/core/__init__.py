"""Below the kinds: what every kind of content is read, checked, rendered and published with."""

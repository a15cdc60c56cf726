"""Pages and their contexts: the publisher, the template runtime, and reuse of unchanged output files."""

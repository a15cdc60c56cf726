"""What editors write: front matter read into typed records, vocabularies, and every problem found, reported together."""

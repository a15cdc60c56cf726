"""Records linked into a site: enrichment, addresses, languages, collation, charts, maps, Markdown, share metadata, fingerprints."""

"""The build's machinery: worker pools, the result cache, snapshots of the last build, memory, page sharing between processes, progress."""

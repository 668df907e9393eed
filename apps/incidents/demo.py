"""Demo incidents (generated people, no real incidents)."""

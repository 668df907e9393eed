"""Demo data of the journalists register (generated, no real journalists)."""

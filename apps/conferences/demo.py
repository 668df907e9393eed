"""Demo international conference requests in several states (generated organisers, no real people)."""

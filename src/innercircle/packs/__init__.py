"""packs stage."""

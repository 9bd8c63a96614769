"""powermap stage."""

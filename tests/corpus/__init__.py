"""Tests of the corpus stage."""

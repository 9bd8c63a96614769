"""Tests of the country packs."""

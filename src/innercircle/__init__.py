"""innercircle: a sourced, time-aware map of a regime's power structure, from news articles."""

__version__ = "0.1.0"

"""A small project shaped like Kedro's spaceflights-pandas starter, for kfc's tests."""

__version__ = "0.1"

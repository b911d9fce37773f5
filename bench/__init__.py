"""The project's benchmark: ``python -m bench`` (see README). Not part of the test suite."""

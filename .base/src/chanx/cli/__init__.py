"""The ``chanx`` command-line tool."""

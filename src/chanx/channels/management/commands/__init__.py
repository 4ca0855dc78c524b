"""chanx management commands."""

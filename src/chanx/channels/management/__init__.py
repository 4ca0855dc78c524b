"""Management commands of chanx."""

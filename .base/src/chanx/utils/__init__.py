"""Small helpers used across chanx."""

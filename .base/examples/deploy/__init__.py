"""Code of docs/deploy.md and docs/limits.md, executed by tests/scale and tests/hostile."""

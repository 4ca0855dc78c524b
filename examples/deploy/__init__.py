"""Code of docs/deploy.md and docs/limits.md, executed by tests/suites/scale and tests/hostile."""

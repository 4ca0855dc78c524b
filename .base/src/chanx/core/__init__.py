"""Framework-neutral core: decorators, handler tables, the consumer pipeline, config."""

"""Typed Python and TypeScript clients generated from a chanx AsyncAPI document."""

from chanx.client_generator.generator import ClientGenerator, GeneratorOptions, generate_client
from chanx.client_generator.loader import load_schema

__all__ = ["ClientGenerator", "GeneratorOptions", "generate_client", "load_schema"]

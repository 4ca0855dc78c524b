"""``chanx`` console script: ``generate-client`` and ``server-flags``."""

import sys
from pathlib import Path

import click

import chanx
from chanx.client_generator.analyzer import analyze
from chanx.client_generator.generator import ClientGenerator, GeneratorOptions
from chanx.client_generator.loader import load_schema
from chanx.core.connection.server_flags import FRAME_LIMIT, server_flags


@click.group()
@click.version_option(chanx.__version__, prog_name="chanx")
def cli() -> None:
    """chanx: typed WebSocket APIs for Django Channels and FastAPI."""


@cli.command("generate-client")
@click.option(
    "--schema", "-s", required=True, help="AsyncAPI 3 document: file path or http(s) URL."
)
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Output package directory.",
)
@click.option(
    "--language",
    "-l",
    type=click.Choice(["python", "typescript"]),
    default="python",
    show_default=True,
    help="Language of the generated client.",
)
@click.option(
    "--formatter",
    "-f",
    default=None,
    help="Formatter command run on the output (default: ruff, installed with the cli extra).",
)
@click.option("--no-format", is_flag=True, help="Do not run a formatter.")
@click.option("--no-readme", is_flag=True, help="Do not write README.md.")
@click.option("--clear-output", is_flag=True, help="Delete the whole output directory first.")
@click.option("--override-base", is_flag=True, help="Rewrite the runtime base even if it exists.")
@click.option(
    "--no-clear-channels",
    is_flag=True,
    help="Keep existing channel files instead of clearing them.",
)
def generate_client(
    schema: str,
    output: Path,
    language: str,
    formatter: str | None,
    no_format: bool,
    no_readme: bool,
    clear_output: bool,
    override_base: bool,
    no_clear_channels: bool,
) -> None:
    """Generate a typed client package from an AsyncAPI document."""
    try:
        document = load_schema(schema)
        summary = analyze(document)
    except FileNotFoundError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except ValueError as exc:
        click.echo(f"Error: invalid schema: {exc}", err=True)
        sys.exit(1)
    try:
        click.echo(f"Schema: {summary.title} (version {summary.version})")
        click.echo(
            f"  {len(summary.channels)} channels, {summary.operation_count} operations, "
            f"{len(summary.schemas)} schemas"
        )
        options = GeneratorOptions(
            language="typescript" if language == "typescript" else "python",
            formatter=formatter,
            format=not no_format,
            readme=not no_readme,
            clear_output=clear_output,
            override_base=override_base,
            clear_channels=not no_clear_channels,
        )
        written = ClientGenerator(document, output, options=options).generate()
    except (OSError, ValueError) as exc:  # the output directory, or writing to it
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except Exception as exc:
        click.echo(f"Error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(1)
    for warning in options.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(f"Generated {language} client in {output} ({len(written)} files written)")


@cli.command("server-flags")
@click.argument("server", type=click.Choice(["uvicorn", "daphne"]), default="uvicorn")
@click.option(
    "--max-size",
    type=int,
    default=FRAME_LIMIT,
    show_default=True,
    help="Your chanx max_message_size, if you changed it.",
)
def print_server_flags(server: str, max_size: int) -> None:
    """Print the production flags for SERVER: frame size equal to chanx's limit, etc.

    Use as ``uvicorn myapp:app $(chanx server-flags)``.
    """
    click.echo(" ".join(server_flags(server, max_size)))


def main() -> None:
    """Console-script entry point."""
    cli()


if __name__ == "__main__":
    main()

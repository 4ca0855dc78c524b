"""The package's version: from its metadata, after every published chanx release it replaces."""

import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest

import chanx

ROOT = Path(__file__).resolve().parents[2]
PUBLISHED_LAST = (2, 13, 0)  # the newest release of the published chanx on the package index


def _project_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as file:
        project: dict[str, str] = tomllib.load(file)["project"]
    return project["version"]


def test_version_comes_from_the_installed_metadata() -> None:
    assert chanx.__version__ == version("chanx") == _project_version()


def test_version_orders_after_every_published_release() -> None:
    parts = tuple(int(part) for part in _project_version().split("."))
    assert parts > PUBLISHED_LAST


def test_cli_reports_the_same_version() -> None:
    from click.testing import CliRunner

    from chanx.cli.main import cli

    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and chanx.__version__ in result.output


def test_a_source_tree_that_is_not_installed_still_has_a_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def not_installed(name: str) -> str:
        raise PackageNotFoundError(name)

    monkeypatch.setattr(chanx, "version", not_installed)
    assert chanx._installed_version() == "0+unknown"

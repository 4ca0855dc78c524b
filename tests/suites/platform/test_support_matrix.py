"""The tested matrix (noxfile.py), the classifiers and the README say the same thing."""

import ast
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _nox_pythons() -> set[str]:
    tree = ast.parse((ROOT / "noxfile.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "PYTHONS" for t in node.targets
        ):
            value = ast.literal_eval(node.value)
            return set(value)
    raise AssertionError("noxfile.py defines no PYTHONS")


def _classifiers() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    classifiers: list[str] = project["classifiers"]
    return classifiers


def test_python_classifiers_are_the_tested_pythons() -> None:
    listed = {c.removeprefix("Programming Language :: Python :: ") for c in _classifiers()}
    assert {v for v in listed if re.fullmatch(r"3\.\d+", v)} == _nox_pythons()


def test_django_classifiers_are_the_tested_series() -> None:
    django = {
        c.removeprefix("Framework :: Django :: ")
        for c in _classifiers()
        if c.startswith("Framework :: Django :: ")
    }
    assert {version.split(".")[0] for version in django} == {"5", "6"}
    assert "5.2" in django
    source = (ROOT / "noxfile.py").read_text(encoding="utf-8")
    assert '"Django>=5.2,<6"' in source and '"Django>=6,<7"' in source


def test_readme_states_the_matrix() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Supported versions", 1)[1].split("\n## ", 1)[0]
    for version in sorted(_nox_pythons()):
        assert version in section
    assert "Django 5.2 LTS and 6.x" in section

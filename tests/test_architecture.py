"""The layout holds: Whoosh's private API only inside searchlib/_whoosh, and modules stay small.

The import contracts (which stage may import which) are checked by
`lint-imports` with .importlinter; this file checks what imports cannot show.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "searchlib"
# The one place allowed to touch Whoosh's private names (listed in its README.md).
WHOOSH_INTERNALS = PACKAGE / "_whoosh"
# Longest module, in lines. A longer one is listed here with the reason it is one idea.
MAX_MODULE_LINES = 400
LONGER_MODULES: dict[str, str] = {}
# Names that start with an underscore yet are public: the documented API of named tuples.
PUBLIC_UNDERSCORED = frozenset({"_replace", "_asdict", "_fields", "_field_defaults", "_make"})


def _modules_outside_whoosh_internals() -> list[Path]:
    return sorted(
        path for path in PACKAGE.rglob("*.py") if WHOOSH_INTERNALS not in path.parents
    )


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and name not in PUBLIC_UNDERSCORED


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def _whoosh_private_names(cls: type) -> frozenset[str]:
    """Private names the Whoosh classes among `cls`'s ancestors define or set on `self`."""
    names: set[str] = set()
    for ancestor in cls.__mro__[1:]:
        if ancestor.__module__.split(".")[0] != "whoosh":
            continue
        names.update(name for name in vars(ancestor) if _is_private(name))
        try:
            source = inspect.getsource(ancestor)
        except (OSError, TypeError):
            continue
        names.update(re.findall(r"self\.(_[A-Za-z]\w*)", source))
    return frozenset(names)


def _private_whoosh_uses(source: str, where: str, namespace: Mapping[str, object]) -> Iterator[str]:
    """Where a module's `source` touches a private Whoosh name, one line each.

    Flagged: importing a private name from Whoosh; reading a private attribute of
    anything but the object itself (`self`, `cls`); and, in a class derived from a
    Whoosh class, defining, reading or calling (through `super()`) a private name
    one of its Whoosh ancestors has. `namespace` is the module's, where its
    classes are looked up.
    """
    tree = ast.parse(source)

    def whoosh_private(class_name: str | None) -> frozenset[str]:
        cls = namespace.get(class_name) if class_name else None
        return _whoosh_private_names(cls) if isinstance(cls, type) else frozenset()

    def visit(node: ast.AST, class_name: str | None) -> Iterator[str]:
        if isinstance(node, ast.ClassDef):
            class_name = node.name
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("whoosh"):
            names = [(node.module or "").split("."), [alias.name for alias in node.names]]
            if any(_is_private(name) for group in names for name in group):
                yield f"{where}:{node.lineno} imports a private Whoosh name"
        if isinstance(node, ast.FunctionDef) and node.name in whoosh_private(class_name):
            yield f"{where}:{node.lineno} overrides Whoosh's private {node.name}"
        if isinstance(node, ast.Attribute) and _is_private(node.attr):
            value = node.value
            on_itself = isinstance(value, ast.Name) and value.id in ("self", "cls")
            through_super = (
                isinstance(value, ast.Call)
                and isinstance(value.func, ast.Name)
                and value.func.id == "super"
            )
            if not (on_itself or through_super):
                yield f"{where}:{node.lineno} reads {node.attr} of another object"
            elif node.attr in whoosh_private(class_name):
                yield f"{where}:{node.lineno} uses Whoosh's private {node.attr}"
        for child in ast.iter_child_nodes(node):
            yield from visit(child, class_name)

    yield from visit(tree, None)


def _namespace(path: Path, source: str) -> Mapping[str, object]:
    """The module's names, where its classes are found (a module without classes,
    such as `__main__`, which runs the command line when imported, is not imported)."""
    if not any(isinstance(node, ast.ClassDef) for node in ast.walk(ast.parse(source))):
        return {}
    return vars(importlib.import_module(_module_name(path)))


def test_only_the_whoosh_package_touches_private_whoosh_names() -> None:
    uses = []
    for path in _modules_outside_whoosh_internals():
        source = path.read_text(encoding="utf-8")
        where = str(path.relative_to(PACKAGE.parent))
        uses.extend(_private_whoosh_uses(source, where, _namespace(path, source)))
    assert uses == [], "move these into searchlib/_whoosh and list them in its README.md"


# Every shape of private use the check looks for, and a class of our own whose
# private names are its own business.
_PROBE = """
from whoosh.index import _DEF_INDEX_NAME
from whoosh.writing import SegmentWriter

class Writer(SegmentWriter):
    def _flush_segment(self):
        return self._added or super()._close_segment()

class Own:
    def _helper(self):
        return self._state

def segments(ix):
    return ix._segments()
"""


def test_the_check_finds_each_kind_of_private_use() -> None:
    namespace: dict[str, object] = {}
    exec(compile(_PROBE, "probe.py", "exec"), namespace)
    found = list(_private_whoosh_uses(_PROBE, "probe.py", namespace))
    kinds = sorted(line.split(" ", 1)[1] for line in found)
    assert kinds == [
        "imports a private Whoosh name",
        "overrides Whoosh's private _flush_segment",
        "reads _segments of another object",
        "uses Whoosh's private _added",
        "uses Whoosh's private _close_segment",
    ]


def test_every_private_whoosh_module_is_listed_in_its_readme() -> None:
    readme = (WHOOSH_INTERNALS / "README.md").read_text(encoding="utf-8")
    modules = [path.name for path in WHOOSH_INTERNALS.glob("*.py") if path.name != "__init__.py"]
    assert modules and all(f"`{name}`" in readme for name in modules)


def test_modules_stay_small() -> None:
    """One idea per module: long modules are split, or listed with the reason they are one idea."""
    long = {
        str(path.relative_to(PACKAGE.parent)): lines
        for path in PACKAGE.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert {path: lines for path, lines in long.items() if path not in LONGER_MODULES} == {}

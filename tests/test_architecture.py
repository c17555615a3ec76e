"""The engine's modules import one way: no circle, counting every import a reader could miss.

An import inside a function or under `if TYPE_CHECKING:` still ties two modules together
(one cannot be read, tested or moved without the other), so every `import` statement of
bantin/ counts, wherever it is.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGE = "bantin"


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The bantin modules this file imports, from any statement anywhere in it."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_bytes(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the package, one level up per extra dot
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                origin = ".".join([*base, node.module] if node.module else base)
            else:
                origin = node.module or ""
            for alias in node.names:  # `from . import x`, `from .x import y`: submodules?
                submodule = f"{origin}.{alias.name}"
                found.add(submodule if submodule in modules else origin)
    return {module for module in found if module in modules and module != name}


def import_graph() -> dict[str, set[str]]:
    paths = sorted((REPO / PACKAGE).rglob("*.py"))
    modules = {_module_name(path) for path in paths}
    return {_module_name(path): _imports(path, modules) for path in paths}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One circle of imports (its first module repeated at the end), or None."""
    done: set[str] = set()
    for start in sorted(graph):
        if start in done:
            continue
        path = [start]
        on_path = {start}
        stack = [iter(sorted(graph[start]))]
        while stack:
            following = next(stack[-1], None)
            if following is None:
                stack.pop()
                done.add(path[-1])
                on_path.discard(path.pop())
            elif following in on_path:
                return [*path[path.index(following):], following]
            elif following not in done:
                path.append(following)
                on_path.add(following)
                stack.append(iter(sorted(graph[following])))
    return None


def test_bantin_imports_form_no_cycle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_a_cycle_is_found_whatever_kind_of_import_makes_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check is only as good as what it reads: imports in functions, under
    TYPE_CHECKING, absolute ones and submodules named by `from . import` are edges too."""
    monkeypatch.setattr(sys.modules[__name__], "REPO", tmp_path)
    package = tmp_path / PACKAGE
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "low.py").write_text("")
    (package / "mid.py").write_text("from .low import thing\n")
    (package / "high.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "from . import mid\n"
        "if TYPE_CHECKING:\n"
        "    from .low import Low\n"
        "def later():\n"
        "    from bantin import other\n")
    (package / "other.py").write_text("def f():\n    from .high import later\n")
    (package / "sub").mkdir()
    (package / "sub" / "__init__.py").write_text("from .. import low\n")
    (package / "sub" / "leaf.py").write_text("from . import helper\nfrom ..mid import x\n")
    graph = import_graph()
    assert graph["bantin.mid"] == {"bantin.low"}
    assert graph["bantin.high"] == {"bantin.mid", "bantin.low", "bantin.other"}
    assert graph["bantin.sub"] == {"bantin.low"}
    assert graph["bantin.sub.leaf"] == {"bantin.sub", "bantin.mid"}
    assert find_cycle(graph) == ["bantin.high", "bantin.other", "bantin.high"]
    (package / "other.py").write_text("")
    assert find_cycle(import_graph()) is None
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]


def test_front_matter_boundaries_have_one_definition() -> None:
    """python-frontmatter's: a second pattern for the `---` lines drifts from it, and a
    command would then stamp a file at another line than the build reads it."""
    defining = sorted(path.relative_to(REPO).as_posix()
                      for path in (REPO / PACKAGE).rglob("*.py")
                      if "-{3," in path.read_text(encoding="utf-8"))
    assert defining == []


# The packages, lowest first: a module imports only from its own package or one below.
LAYERS = ("core", "model", "directive", "website", "rendering", "engine", "commands")


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_packages_import_only_downward() -> None:
    """The layout shows the architecture: core < model < directive < website < rendering
    < engine < commands; an arrow running back up is named with the import that makes it."""
    upward = sorted(f"{module} -> {imported}"
                    for module, imports in import_graph().items()
                    for imported in imports
                    if _layer(module) in LAYERS and _layer(imported) in LAYERS
                    and LAYERS.index(_layer(imported)) > LAYERS.index(_layer(module)))
    assert upward == []


def test_every_module_belongs_to_a_package() -> None:
    loose = sorted(name for name in import_graph()
                   if name != PACKAGE and _layer(name) not in LAYERS)
    assert loose == []


def test_no_module_is_over_about_400_lines() -> None:
    long = sorted(f"{path.relative_to(REPO)}: {lines}"
                  for path in (REPO / PACKAGE).rglob("*.py")
                  if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 420)
    assert long == []


# Methods that change the container they are called on.
_MUTATORS = {"append", "extend", "insert", "add", "update", "setdefault", "pop", "popitem",
             "clear", "remove", "discard", "sort", "reverse", "appendleft", "extendleft",
             "popleft", "difference_update", "intersection_update",
             "symmetric_difference_update", "__setitem__", "__delitem__"}


def _root(node: ast.expr) -> str | None:
    """The name an expression like `STORE[key].items` starts from."""
    while isinstance(node, (ast.Subscript, ast.Attribute)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _module_state_writes(tree: ast.Module) -> list[tuple[int, str]]:
    """Functions that change a value bound at the module's top level (a name the function
    does not bind itself): module state written at run time."""
    shared = {name.id for node in tree.body
              if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.For))
              for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
              for name in ast.walk(target) if isinstance(name, ast.Name)}
    found: list[tuple[int, str]] = []
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        arguments = function.args
        local = {arg.arg for arg in (*arguments.posonlyargs, *arguments.args,
                                     *arguments.kwonlyargs, arguments.vararg,
                                     arguments.kwarg) if arg}
        local.update(name.id for name in ast.walk(function)
                     if isinstance(name, ast.Name) and isinstance(name.ctx, ast.Store))
        for node in ast.walk(function):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in _MUTATORS):
                written = [node.func.value]
            elif isinstance(node, (ast.Assign, ast.Delete)):
                written = [target for target in node.targets if not isinstance(target, ast.Name)]
            elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
                written = [node.target] if not isinstance(node.target, ast.Name) else []
            else:
                continue
            found.extend((node.lineno, f"module-level {name} changed in {function.name}()")
                         for target in written
                         if (name := _root(target)) in shared and name not in local)
    return found


def _hidden_state(path: Path) -> list[str]:
    """`global` statements, module state written at run time, writes behind frozen=True
    and attributes set on a class or a module from outside it: state a reader of the code
    cannot see."""
    tree = ast.parse(path.read_bytes(), str(path))
    found = _module_state_writes(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            found.append((node.lineno, f"global {', '.join(node.names)}"))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "__setattr__" and isinstance(node.func.value, ast.Name)
              and node.func.value.id == "object"):
            found.append((node.lineno, "object.__setattr__"))
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                # Name.attr = … where Name is capitalised (a class) or a module of bantin
                if (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
                        and target.value.id[:1].isupper()):
                    found.append((node.lineno, f"{target.value.id}.{target.attr} set from "
                                               "outside the class"))
    return [f"{path.name}:{line}: {what}" for line, what in sorted(found)]


def test_no_hidden_state_in_the_package() -> None:
    found = [problem for path in sorted((REPO / PACKAGE).rglob("*.py"))
             for problem in _hidden_state(path)]
    assert found == []


def test_hidden_state_is_found(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("X = 1\n"
                      "def f(doc):\n"
                      "    global X\n"
                      "    object.__setattr__(doc, 'digest', '')\n"
                      "    Document.body = None\n"
                      "    doc.body = None\n"
                      "STORE: dict = {}\n"
                      "USED, NAMES = set(), []\n"
                      "class Reads:\n"
                      "    def note(self, key, STORE=None):\n"
                      "        USED.add(key)\n"
                      "        STORE[key] = 1\n"  # a parameter, not the module's
                      "def forget(key):\n"
                      "    del STORE[key]\n"
                      "    STORE[key].extend(NAMES)\n"
                      "    NAMES = []\n"  # NAMES is this function's own from here on
                      "    NAMES.append(key)\n"
                      "ORDER = {key: rank for rank, key in enumerate('abc')}\n"
                      "ORDER.setdefault('d', 3)\n")  # at import time: a constant made
    assert _hidden_state(sample) == ["sample.py:3: global X",
                                     "sample.py:4: object.__setattr__",
                                     "sample.py:5: Document.body set from outside the class",
                                     "sample.py:11: module-level USED changed in note()",
                                     "sample.py:14: module-level STORE changed in forget()",
                                     "sample.py:15: module-level STORE changed in forget()"]

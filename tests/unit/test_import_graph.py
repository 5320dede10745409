"""The module graph of bot/ and cogs/: no import circles, and every layer imports only what it may.

Every import statement counts, also those under `if TYPE_CHECKING:` and inside functions.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "cogs")


@dataclass(frozen=True)
class Rule:
    """Modules in `layer` import nothing in `forbidden`, apart from the modules named in `allowed`."""

    layer: str
    forbidden: tuple[str, ...]
    allowed: tuple[str, ...] = ()


RULES = (
    Rule("bot.db", ("bot.domain", "bot.ui", "cogs", "discord")),
    Rule("bot.domain", ("bot.ui", "cogs", "discord")),
    Rule("bot.ui", ("cogs", "bot.client")),
    Rule("bot.client", ("bot.ui", "cogs"), allowed=("cogs",)),
    Rule("bot.web", ("bot.ui", "bot.client", "cogs")),
    Rule("cogs", ("bot.db", "bot.client")),
)


def within(name: str, prefix: str) -> bool:
    """Whether module `name` is `prefix` or lies inside it."""
    return name == prefix or name.startswith(prefix + ".")


def module_files(root: Path) -> dict[str, Path]:
    """Every module of the packages under `root`, by dotted name (a package by its `__init__.py`)."""
    found = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imported_by(module: str, path: Path, known: set[str]) -> set[str]:
    """The modules `module` imports; `from package import name` counts as `package.name` when that is a module."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, node.module] if node.module else parent)
            else:
                base = node.module or ""
            names.update(f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names)
    return names


def import_graph(root: Path) -> dict[str, set[str]]:
    """Every module under `root` with everything it imports, ours and third-party."""
    files = module_files(root)
    return {module: imported_by(module, path, set(files)) for module, path in files.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle among our own modules (its first module repeated at the end), or None."""
    finished: set[str] = set()
    for start in sorted(graph):
        if start in finished:
            continue
        path = [start]
        pending = [iter(sorted(graph[start] & graph.keys()))]
        while pending:
            following = next(pending[-1], None)
            if following is None:
                finished.add(path.pop())
                pending.pop()
            elif following in path:
                return [*path[path.index(following) :], following]
            elif following not in finished:
                path.append(following)
                pending.append(iter(sorted(graph[following] & graph.keys())))
    return None


def feature_of(module: str) -> str | None:
    """The feature package a module belongs to (`cogs.hosts._views` → `cogs.hosts`), if any."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "cogs" and len(parts) > 1 else None


def violations(graph: dict[str, set[str]]) -> list[str]:
    """Every import that crosses a layer the wrong way, or goes from one feature into another."""
    found = []
    for module, names in sorted(graph.items()):
        for name in sorted(names):
            broken = [
                rule
                for rule in RULES
                if within(module, rule.layer)
                and any(within(name, prefix) for prefix in rule.forbidden)
                and name not in rule.allowed
            ]
            feature, other = feature_of(module), feature_of(name)
            if broken or (feature and other and feature != other):
                found.append(f"{module} imports {name}")
    return found


def test_no_import_circles() -> None:
    cycle = find_cycle(import_graph(ROOT))
    assert cycle is None, "import circle: " + " → ".join(cycle or [])


def test_every_layer_imports_only_what_it_may_and_features_do_not_import_each_other() -> None:
    assert violations(import_graph(ROOT)) == []


def test_the_graph_sees_every_feature_package_and_the_shared_ui() -> None:
    graph = import_graph(ROOT)
    assert {"cogs.core", "cogs.sessions", "cogs.ideas", "cogs.hosts", "cogs.privacy"} <= graph.keys()
    assert "bot.ui.events" in graph["cogs.privacy._cog"]


def write(root: Path, files: dict[str, str]) -> None:
    """Write a small source tree: relative path → module text."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_the_checks_catch_circles_and_forbidden_imports_also_for_typing_and_inside_functions(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "bot/__init__.py": "",
            "bot/client.py": "import cogs\n\ndef later():\n    from bot.ui import replies\n",
            "bot/ui/__init__.py": "",
            "bot/ui/replies.py": "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n"
            "    from bot.client import Bot\n",
            "bot/db/__init__.py": "import discord\nfrom ..domain import rules\n",
            "bot/domain/__init__.py": "",
            "bot/domain/rules.py": "",
            "cogs/__init__.py": "",
            "cogs/hosts/__init__.py": "from cogs.hosts import _cog\n",
            "cogs/hosts/_cog.py": "from cogs.sessions._render import embed\n",
            "cogs/sessions/__init__.py": "",
            "cogs/sessions/_render.py": "",
        },
    )
    graph = import_graph(tmp_path)
    assert find_cycle(graph) == ["bot.client", "bot.ui.replies", "bot.client"]
    assert violations(graph) == [
        "bot.client imports bot.ui.replies",
        "bot.db imports bot.domain.rules",
        "bot.db imports discord",
        "bot.ui.replies imports bot.client",
        "cogs.hosts._cog imports cogs.sessions._render",
    ]

"""Rules of the code's layout that a reviewer would otherwise have to remember (docs/CONVENTIONS.md)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ROOT / "apps"
# Django's own underscore API on models is public by convention.
DJANGO_PUBLIC = {"_meta", "_default_manager", "_base_manager", "_state"}


def _modules():
    for path in sorted(APPS.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _app_of(path: Path) -> str:
    return path.relative_to(APPS).parts[0]


def test_no_module_connects_signals_when_imported():
    """Signal handlers are connected in ``AppConfig.ready()`` (or a function it calls), never by the
    import of a module: no ``@receiver`` and no ``.connect(...)`` at module level."""
    offenders = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for dec in node.decorator_list:
                    target = dec.func if isinstance(dec, ast.Call) else dec
                    if getattr(target, "id", getattr(target, "attr", "")) == "receiver":
                        offenders.append(f"{path}:{node.lineno} @receiver")
        for stmt in tree.body:  # statements run on import (function bodies do not)
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            for node in ast.walk(stmt):
                if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "connect":
                    offenders.append(f"{path}:{node.lineno} .connect()")
    assert not offenders, "\n".join(offenders)


def test_no_app_uses_another_apps_private_names():
    """``from apps.x… import _name`` and ``module._name`` across apps: a private name is the other
    app's business; ask it for a public function (e.g. ``apps.accounts.selectors.users_with_perm``)."""
    offenders = []
    for path, tree in _modules():
        mine = _app_of(path)
        aliases = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("apps."):
                app = node.module.split(".")[1]
                for a in node.names:
                    if app != mine and a.name.startswith("_") and not a.name.startswith("__"):
                        offenders.append(f"{path}:{node.lineno} imports {node.module}.{a.name}")
                    aliases[a.asname or a.name] = app
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and node.attr not in DJANGO_PUBLIC
                and aliases.get(node.value.id, mine) != mine
            ):
                offenders.append(f"{path}:{node.lineno} uses {node.value.id}.{node.attr}")
    assert not offenders, "\n".join(offenders)


INFRASTRUCTURE = {"core", "web"}  # shared building blocks and the UI shell, not domains
DOMAIN_FILES = ("models.py", "selectors.py", "views.py", "api.py", "templates", "tests")


def test_every_domain_app_has_the_same_files():
    """What the README promises: every domain app has the same files (services as a module or a
    package), so a reader finds each thing in the same place in every app."""
    missing = []
    for app in sorted(p for p in APPS.iterdir() if p.is_dir() and (p / "apps.py").exists()):
        if app.name in INFRASTRUCTURE:
            continue
        for name in DOMAIN_FILES:
            if not (app / name).exists():
                missing.append(f"apps/{app.name}/{name}")
        if not ((app / "services.py").exists() or (app / "services" / "__init__.py").exists()):
            missing.append(f"apps/{app.name}/services.py")
    assert not missing, "\n".join(missing)


def test_object_rules_live_in_permissions_modules():
    """``rules.add_perm``/``add_rule`` (object rules) are declared only in an app's ``permissions.py``."""
    offenders = []
    for path, tree in _modules():
        if path.name == "permissions.py" or "tests" in path.parts:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in ("add_perm", "add_rule"):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, "\n".join(offenders)

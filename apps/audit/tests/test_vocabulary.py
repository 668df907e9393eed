"""The audit vocabulary: every action written anywhere is declared, labelled in Chinese and English, and
``record()`` refuses anything else."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.db import models
from django.utils import translation

from apps.audit import display, services
from apps.audit.actions import RETIRED, AuditAction, registry, transitions_of
from apps.audit.chain import event_hash_ok
from apps.audit.models import AuditEvent

ROOT = Path(settings.BASE_DIR)
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
ACTION = re.compile(r"^[a-z]+\.[a-z0-9_]+$")
# What writes an audit event with the ``action=`` it is given: ``record()``/``record_many()``, and every
# edit through ``apps.core.services.model_update`` (whose ``action`` may be a function of the diff).
RECORDERS = {"record", "record_many", "model_update", "Reminder"}  # Reminder(action=…): recorded when sent


# --- the source ---------------------------------------------------------------------------------------
def _sources():
    for path in sorted((ROOT / "apps").rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts:
            continue
        yield path


def _callee(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _strings(node) -> list[str]:
    """The string constants an expression can evaluate to (through ``a if c else b`` and parentheses)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _strings(node.body) + _strings(node.orelse)
    if isinstance(node, ast.BoolOp):
        return [s for value in node.values for s in _strings(value)]
    return []


class ActionUses(ast.NodeVisitor):
    """Every ``action=`` given to ``record()``/``record_many()``/``model_update()``: string constants,
    names assigned in the same function, ``AuditAction.X`` members, ``f"casework.{name}"``, the body of a
    ``lambda``, and ``{"action": …}`` items."""

    def __init__(self, path):
        self.path = path
        self.constants: list[tuple[str, str]] = []  # (where, value)
        self.members: list[tuple[str, str]] = []  # (where, member name)
        self.dynamic: list[str] = []  # f-strings
        self.unresolved: list[str] = []
        self._functions: list[ast.AST] = []

    def visit_Module(self, node):
        self._module = node
        self.generic_visit(node)

    def visit_FunctionDef(self, node):
        self._functions.append(node)
        self.generic_visit(node)
        self._functions.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def _where(self, node) -> str:
        return f"{self.path.relative_to(ROOT)}:{node.lineno}"

    def _take(self, value, node):
        where = self._where(node)
        if isinstance(value, ast.Lambda):  # model_update(action=lambda changes: …)
            self._take(value.body, node)
            return
        if isinstance(value, ast.Constant) and value.value is None:  # model_update: record nothing
            return
        if isinstance(value, ast.IfExp):
            self._take(value.body, node)
            self._take(value.orelse, node)
            return
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "action":
            return  # model_update calling the function it was given as its parameter
        if isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name):
            if value.value.id == "AuditAction":
                self.members.append((where, value.attr))
                return
            app_value = _app_action(value.value.id, value.attr)
            if app_value is not None:  # an app's own actions (apps/<app>/actions.py, registered)
                self.constants.append((where, app_value))
                return
        if isinstance(value, ast.JoinedStr):
            self.dynamic.append(ast.unparse(value))
            return
        if isinstance(value, ast.Name):
            # a name assigned in the same function, else at module level
            scopes = [self._functions[-1]] if self._functions else []
            scopes.append(self._module)
            for scope in scopes:
                # a function defined there (model_update's ``action`` of the diff): what it returns
                defined = [
                    sub
                    for sub in (ast.walk(scope) if scope is not self._module else scope.body)
                    if isinstance(sub, ast.FunctionDef) and sub.name == value.id and sub is not scope
                ]
                if defined:
                    for function in defined:
                        for sub in ast.walk(function):
                            if isinstance(sub, ast.Return) and sub.value is not None:
                                self._take(sub.value, node)
                    return
                assigned = [
                    sub.value
                    for sub in (ast.walk(scope) if scope is not self._module else scope.body)
                    if isinstance(sub, ast.Assign)
                    and any(isinstance(t, ast.Name) and t.id == value.id for t in sub.targets)
                ]
                if assigned:
                    for expr in assigned:
                        self._take(expr, node)
                    return
            if value.id == "action":  # a parameter passed on (record() itself)
                return
        if (
            ast.unparse(value) == "reminder.action"
        ):  # the reminder registry records what Reminder(action=…) named
            return
        strings = _strings(value)
        if strings:
            self.constants += [(where, s) for s in strings]
        else:
            self.unresolved.append(f"{where}: {ast.unparse(value)}")

    def visit_Call(self, node):
        if _callee(node) in RECORDERS:
            for keyword in node.keywords:
                if keyword.arg == "action":
                    self._take(keyword.value, node)
            for sub in ast.walk(node):
                if isinstance(sub, ast.Dict):
                    for key, value in zip(sub.keys, sub.values, strict=True):
                        if isinstance(key, ast.Constant) and key.value == "action":
                            self._take(value, node)
        self.generic_visit(node)


def _app_action(class_name: str, member: str) -> str | None:
    """The value of ``class_name.member`` when ``class_name`` is an app's own action vocabulary
    (a TextChoices in ``apps/<app>/actions.py`` that the app registers with ``registry.register``)."""
    from django.db import models as db_models

    for path in sorted((ROOT / "apps").glob("*/actions.py")):
        module = importlib.import_module(f"apps.{path.parent.name}.actions")
        choices = getattr(module, class_name, None)
        if choices is not None and hasattr(choices, member):
            return str(getattr(choices, member).value)
        # imported under another name (``from .actions import InvitationAction as A``): by the member
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, db_models.TextChoices)
                and value is not AuditAction
            ):
                if member in value.__members__:
                    return str(value[member].value)
    return None


def scan():
    uses = []
    for path in _sources():
        visitor = ActionUses(path)
        visitor.visit(ast.parse(path.read_text(encoding="utf-8")))
        uses.append(visitor)
    return uses


def test_every_action_written_in_the_source_is_in_the_vocabulary():
    uses = scan()
    constants = [c for u in uses for c in u.constants]
    members = [m for u in uses for m in u.members]
    dynamic = {d for u in uses for d in u.dynamic}
    unresolved = [x for u in uses for x in u.unresolved]
    # the scan really sees the call sites (about eighty today, strings or members)
    assert len(constants) + len(members) >= 75, (len(constants), len(members))
    assert unresolved == [], f"action= that the test cannot read: {unresolved}"
    unknown = sorted({f"{where}: {value}" for where, value in constants if value not in registry})
    assert unknown == [], f"actions not in apps.audit.actions.AuditAction: {unknown}"
    bad_members = sorted(
        {f"{where}: {name}" for where, name in members if name not in AuditAction.__members__}
    )
    assert bad_members == []
    # the only dynamic action is the casework engine's transition (checked below)
    assert dynamic <= {"f'casework.{name}'"}, dynamic
    # and the vocabulary has nothing nobody writes: every member is written by a call site, is a
    # transition of a case type, or is written by the benchmark data generator

    written = {v for _w, v in constants} | {AuditAction[name].value for _w, name in members}
    transitions = {f"casework.{name}" for model in case_models() for name, _label in transitions_of(model)}
    generated = {action for action, _t in importlib.import_module("benchmarks.datagen").AUDIT_ACTIONS}
    unused = sorted(
        m.value for m in AuditAction if m.value not in written | transitions | generated | RETIRED
    )
    assert unused == [], f"declared but never written: {unused}"


def test_the_scan_finds_a_typo():
    source = (
        "def save(by):\n"
        "    record(action='trips.updte', actor=by)\n"
        "    action = 'org.unit_move' if by else 'org.unit_moved'\n"
        "    record(action=action)\n"
        "    record_many({'action': 'people.create'} for _ in ())\n"
        "    model_update(data={}, action=lambda c: 'org.unit_update' if c else 'org.unit')\n"
    )
    visitor = ActionUses(ROOT / "apps" / "x.py")
    visitor.visit(ast.parse(source))
    values = [v for _w, v in visitor.constants]
    assert values == [
        "trips.updte",
        "org.unit_move",
        "org.unit_moved",
        "people.create",
        "org.unit_update",
        "org.unit",
    ]
    assert [v for v in values if v not in registry] == ["trips.updte", "org.unit_moved", "org.unit"]


def test_the_benchmark_generator_writes_only_known_actions():
    datagen = importlib.import_module("benchmarks.datagen")
    actions = [action for action, _target_type in datagen.AUDIT_ACTIONS]
    assert actions and all(action in registry for action in actions)


def case_models():
    from apps.casework.models import Case

    return [m for m in django_apps.get_models() if issubclass(m, Case)]


def test_every_transition_of_every_case_type_is_a_labelled_action():
    models_ = case_models()
    assert {m._meta.label for m in models_} >= {"casework.Case", "trips.Trip"}
    checked = 0
    for model in models_:
        for name, _label in transitions_of(model):
            action = registry.get(f"casework.{name}")
            assert action is not None, f"{model._meta.label}.{name} is not an audit action"
            assert str(action.label).strip(), f"{model._meta.label}.{name} has no label"
            checked += 1
    assert checked >= 30  # the engine's 11 on Case and on Trip, the trip's 9, the test type's own
    # the trip's stage transitions are declared with their own labels
    assert registry.label("casework.depart") == "登记出境"
    assert registry.get("casework.depart").source == "AuditAction"


def test_a_case_types_own_transition_is_derived_from_its_label():
    # the test-only case type (apps.casework.tests.casetype) declares "confirm_done" with a label only
    action = registry.get("casework.confirm_done")
    assert action is not None and action.source == "casetype.SimpleCase"
    assert registry.label("casework.confirm_done") == "确认办结"


def _project_actions():
    """The actions that ship (not those of the test-only case types)."""

    def test_only(action) -> bool:
        if "." not in action.source or action.source == "AuditAction":
            return False
        try:
            config = django_apps.get_app_config(action.source.split(".")[0])
        except LookupError:
            return False
        return config.name.startswith("tests.") or ".tests." in config.name

    return [a for a in registry if not test_only(a)]


def test_every_action_has_a_chinese_label_and_an_english_translation():
    actions = _project_actions()
    assert len(actions) >= 100
    missing = []
    for action in actions:
        with translation.override("zh-hans"):
            zh = str(action.label)
        with translation.override("en"):
            en = str(action.label)
        if not CJK.search(zh) or not en.strip() or CJK.search(en):
            missing.append((action.value, zh, en))
    assert missing == [], missing


def test_groups_fields_and_summaries_have_english():
    labels = [*display.FIELD_LABELS.values(), *display.EXTRA_LABELS.values(), *display.SUMMARIES.values()]
    with translation.override("en"):
        untranslated = [str(x) for x in labels if CJK.search(str(x))]
        groups = [label for _g, label, _a in registry.groups()]
    assert untranslated == []
    assert groups and not any(CJK.search(g) for g in groups)


def test_the_same_chinese_word_keeps_its_own_english_elsewhere():
    # the label's message context keeps "办结" a button ("Close") outside the audit trail
    from apps.casework.models import Case
    from apps.casework.workflow import spec_for

    with translation.override("en"):
        assert registry.label(AuditAction.CASEWORK_CLOSE) == "Closed"
        assert str(spec_for(Case, "close").label) == "Close"


def test_member_names_follow_the_rule_and_equal_the_stored_strings():
    from apps.audit.actions import member_name

    assert AuditAction.CASEWORK_SUBMIT == "casework.submit"
    assert AuditAction.ACCOUNTS_2FA_ENABLE == "accounts.2fa_enable"
    for member in AuditAction:
        assert ACTION.match(member.value), member.value
        assert member.name == member_name(member.value)
    assert len({m.value for m in AuditAction}) == len(AuditAction)


# --- record() -----------------------------------------------------------------------------------------
def test_record_refuses_an_action_outside_the_vocabulary(staff):
    with pytest.raises(ValueError, match=r"casework\.closed"):
        services.record(action="casework.closed", actor=staff)
    with pytest.raises(ValueError):
        services.record_many([{"action": "trips.updte", "actor": staff}])
    assert not AuditEvent.objects.exists()


def test_record_takes_a_member_or_its_string_and_stores_the_string(staff):
    by_member = services.record(action=AuditAction.CASEWORK_CLOSE, actor=staff)
    by_string = services.record(action="casework.close", actor=staff)
    for event in (by_member, by_string):
        stored = AuditEvent.objects.get(pk=event.pk)
        assert type(stored.action) is str and stored.action == "casework.close"
        assert event_hash_ok(stored)


def test_an_app_can_register_its_own_actions():
    from django.core.exceptions import ImproperlyConfigured

    from apps.audit.actions import ActionRegistry

    # ("visitors": an app that is not installed; apps.visits is)
    class VisitAction(models.TextChoices):
        RECEIVE = "visitors.receive", "接待来访"

    own = ActionRegistry()
    own.register(AuditAction)
    own.register(VisitAction)
    assert own.validate(VisitAction.RECEIVE) == "visitors.receive"
    assert own.label("visitors.receive") == "接待来访"
    assert [g for g, _label, _a in own.groups()][-1] == "visitors"  # not an installed app: last

    class Clash(models.TextChoices):
        CLOSE = "casework.close", "关闭"

    with pytest.raises(ImproperlyConfigured):
        own.register(Clash)

    class NoGroup(models.TextChoices):
        X = "close", "关闭"

    with pytest.raises(ImproperlyConfigured):
        own.register(NoGroup)


def test_an_old_unknown_action_reads_as_unregistered_not_as_code():
    assert registry.label("legacy.thing") == "未登记的操作"
    with translation.override("en"):
        assert registry.label("legacy.thing") == "Unregistered action"


# --- the names of changed fields --------------------------------------------------------------------
def _change_keys() -> dict[str, str]:
    """``{key: where}`` of the keys services put into ``changes``: literal ``changes={…}`` of
    ``record()``, the ``*_FIELDS`` tuples given to ``snapshot()``, and the keys of the ``*_values`` /
    ``*_snapshot`` helpers that build the before/after dicts."""
    keys: dict[str, str] = {}
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = str(path.relative_to(ROOT))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _callee(node) in RECORDERS:
                for keyword in node.keywords:
                    if keyword.arg == "changes" and isinstance(keyword.value, ast.Dict):
                        for key in keyword.value.keys:
                            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                                keys.setdefault(key.value, where)
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
                if (
                    isinstance(target, ast.Name)
                    and target.id.endswith("_FIELDS")
                    and "SENSITIVE" not in target.id
                ):
                    for value in getattr(node.value, "elts", []):
                        if isinstance(value, ast.Constant) and isinstance(value.value, str):
                            keys.setdefault(value.value, where)
            if isinstance(node, ast.FunctionDef) and node.name.endswith(("_values", "_snapshot")):
                for sub in ast.walk(node):
                    if isinstance(sub, ast.Dict):
                        for key in sub.keys:
                            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                                keys.setdefault(key.value, where)
                    if isinstance(sub, ast.Subscript) and isinstance(sub.ctx, ast.Store):
                        if isinstance(sub.slice, ast.Constant) and isinstance(sub.slice.value, str):
                            keys.setdefault(sub.slice.value, where)
    return keys


def test_every_changed_field_has_a_label():
    from django.core.exceptions import FieldDoesNotExist

    project_models = [m for m in django_apps.get_models() if m.__module__.startswith("apps.")]

    def is_field(name):
        for model in project_models:
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if getattr(field, "verbose_name", None):
                return True
            if field.auto_created and field.is_relation:  # a reverse relation: its model's name
                return True
        return False

    keys = _change_keys()
    assert len(keys) >= 50 and "state" in keys and "members" in keys
    unlabelled = sorted(
        f"{where}: {key}"
        for key, where in keys.items()
        if not is_field(key) and key not in display.FIELD_LABELS
    )
    assert unlabelled == [], unlabelled

"""Placeholder interface; the audit helper replaces this module with the real implementation."""


def record(*, action, target=None, changes=None, actor=None, target_repr=None, extra=None):
    return None


def record_sensitive_view(*, target, fields, actor=None, purpose=""):
    return None


def diff(before: dict, after: dict) -> dict:
    return {k: [before.get(k), after.get(k)] for k in set(before) | set(after) if before.get(k) != after.get(k)}


def snapshot(obj, fields) -> dict:
    return {f: getattr(obj, f) for f in fields}

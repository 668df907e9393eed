"""docs/SECURITY.md cannot go stale: every test it cites exists, and every row says how it is met.

A citation is a pytest node id in backticks, ``path/to/test_file.py::test_name`` (or
``…::TestClass::test_name``); it must name a test function (or method) defined in that file. A row of a
requirement table must cite at least one test, or say honestly "not met" or "deployment"."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "SECURITY.md"
NODE = re.compile(r"`([\w./-]+\.py(?:::[\w]+)+)`")
MARKERS = ("not met", "deployment")
ASVS_CHAPTERS = [f"### V{n} " for n in range(1, 15)]
DENGBAO = [
    "身份鉴别",
    "访问控制",
    "安全审计",
    "入侵防范",
    "恶意代码防范",
    "数据完整性",
    "数据保密性",
    "数据备份恢复",
    "剩余信息保护",
    "个人信息保护",
    "安全通信网络",
    "安全区域边界",
]


def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def cited() -> list[str]:
    return sorted(set(NODE.findall(doc())))


def rows() -> list[str]:
    """The body rows of every requirement table (not the header or the separator)."""
    out = []
    for block in re.split(r"\n(?!\|)", doc()):
        lines = [line for line in block.splitlines() if line.startswith("|")]
        out.extend(lines[2:])  # header, then |---|
    return out


def defined_tests(path: Path) -> set[str]:
    """``test_x`` and ``TestClass::test_x`` defined in a test module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test"):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name.startswith("test"):
                    names.add(f"{node.name}::{item.name}")
    return names


def test_the_document_cites_many_tests():
    assert len(cited()) >= 80


@pytest.mark.parametrize("node", cited())
def test_every_cited_test_exists(node):
    path, _sep, name = node.partition("::")
    file = ROOT / path
    assert file.is_file(), f"docs/SECURITY.md cites {node}: {path} does not exist"
    assert file.name.startswith("test_"), f"docs/SECURITY.md cites {node}: not a test module"
    assert name in defined_tests(file), f"docs/SECURITY.md cites {node}: no such test in {path}"


def test_every_row_has_a_test_or_says_why_not():
    bare = [row for row in rows() if not NODE.search(row) and not any(m in row.lower() for m in MARKERS)]
    assert not bare, "rows with neither a test nor not met / deployment:\n" + "\n".join(bare)


def test_every_asvs_chapter_and_every_dengbao_area_is_covered():
    text = doc()
    missing = [c for c in ASVS_CHAPTERS if c not in text] + [a for a in DENGBAO if a not in text]
    assert not missing, missing


def test_the_checker_catches_a_stale_citation(tmp_path):
    """The check itself can fail: a renamed test is no longer among the file's tests."""
    module = tmp_path / "test_example.py"
    module.write_text(
        "def test_kept():\n    pass\n\nclass TestGroup:\n    def test_inner(self):\n        pass\n"
    )
    assert defined_tests(module) == {"test_kept", "TestGroup::test_inner"}
    assert "test_renamed" not in defined_tests(module)

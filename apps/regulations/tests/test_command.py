import pytest
from django.core.management import CommandError, call_command

from apps.regulations.models import ExpenseStandard

pytestmark = pytest.mark.django_db


def test_import_expense_standards_command(tmp_path, capsys):
    path = tmp_path / "std.csv"
    path.write_text(
        "country,city_group,currency,lodging,meals,incidentals,valid_from\n"
        "TH,其他,USD,100,45,30,2014-01-20\nZZ,其他,USD,1,1,1,2014-01-20\n",
        encoding="utf-8",
    )
    call_command("import_expense_standards", str(path), "--dry-run")
    assert not ExpenseStandard.objects.filter(country__iso2="TH").exists()
    call_command("import_expense_standards", str(path))
    out = capsys.readouterr()
    assert "added 1" in out.out and "line 3: rejected" in out.err
    assert ExpenseStandard.objects.get(country__iso2="TH").lodging == 100
    with pytest.raises(CommandError):
        call_command("import_expense_standards", str(tmp_path / "missing.csv"))

"""A report's key covers the code it depends on, and not the sample generator nor the forms stage."""
import shutil

from pipeline.build import targets
from pipeline.files import tree_digest


def fingerprint(package):
    return tree_digest(package, {".py", ".j2", ".css", ".js", ".json", ".typ"}, skip=("forms",))


def test_code_fingerprint_is_the_package_without_the_sample():
    assert targets.code_fingerprint() == fingerprint(targets.PACKAGE)


def test_the_sample_generator_is_outside_the_package_and_editing_a_report_module_changes_the_key(tmp_path):
    # tools/sample, beside the package: not shipped, so in no report's key.
    assert not (targets.PACKAGE / "sample").exists()
    package = tmp_path / "pipeline"
    shutil.copytree(targets.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    before = fingerprint(package)
    with open(package / "report" / "fmt.py", "a", encoding="utf-8") as f:
        f.write("\n# an edit of the report code\n")
    assert fingerprint(package) != before


def test_editing_the_forms_stage_changes_no_report_key(tmp_path):
    """The forms of the start of the cycle print no report: editing them re-issues nothing."""
    package = tmp_path / "pipeline"
    shutil.copytree(targets.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    before = fingerprint(package)
    with open(package / "forms" / "layout.py", "a", encoding="utf-8") as f:
        f.write("\n# an edit of the forms\n")
    assert fingerprint(package) == before

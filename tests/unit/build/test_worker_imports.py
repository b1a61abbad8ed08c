"""A build worker leaves out what the reports' libraries import and no report uses (runner.UNUSED_IMPORTS)."""
import subprocess
import sys

CHECK = """
import sys
from pipeline.build.runner import without_unused_imports
without_unused_imports()
from pipeline.render import html
html.ready()  # nbconvert, Beautiful Soup
from pipeline.report import charts  # matplotlib
import matplotlib.pyplot as plt
fig, ax = plt.subplots()
ax.bar([1, 2], [3, 4])
fig.savefig(__import__("io").StringIO(), format="svg")
print(sorted(m for m in ("mpl_toolkits.mplot3d", "soupsieve") if sys.modules.get(m) is not None))
"""


def test_a_worker_draws_and_writes_without_the_unused_modules_and_without_a_warning():
    # The two absences raise UserWarnings, which Python prints by default: silenced, nothing reaches stderr.
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]" and result.stderr == ""


def test_outside_the_workers_matplotlib_keeps_its_3d_axes():
    code = "import matplotlib.pyplot as plt; plt.figure().add_subplot(projection='3d'); print('ok')"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "ok", result.stderr

"""The lecture notebook runs headless, top to bottom, without an error, and draws every
lecture scene in the course's order."""

import re
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from optiviz.optim import presets

NOTEBOOK = Path(__file__).resolve().parents[2] / "examples" / "lecture.ipynb"


def test_lecture_notebook_runs(tmp_path):
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), (
        "the notebook is committed without outputs"
    )
    NotebookClient(notebook, timeout=600, kernel_name="python3", resources={
        "metadata": {"path": str(tmp_path)}
    }).execute()  # fmt: skip
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= len(presets.names()), "every lecture scene is drawn"


def test_lecture_notebook_shows_every_preset_in_the_course_s_order():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    source = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    shown = re.findall(r'show\("([\w-]+)"', source)
    assert shown == presets.names()
    headings = re.findall(
        r"^## (\d)\.", "\n".join(c.source for c in notebook.cells), flags=re.MULTILINE
    )
    assert headings == [str(n) for n in range(1, 8)], "lectures 1 to 7, in order"

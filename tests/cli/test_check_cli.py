"""``optiviz check``: the table, exit status 0/1/2, one line for bad input, and the page."""

import re
from pathlib import Path

import numpy as np
import pytest
from cli_calls import fails, run_cli

from optiviz.app.cli import main

STUDENTS = Path(__file__).resolve().parents[1] / "testing" / "students"
ADAM = str(STUDENTS / "adam.py")


def exits_1(capsys, *argv):
    """Runs ``optiviz ARGV``, checks that it exits 1 without a traceback, returns stdout."""
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    captured = capsys.readouterr()
    assert exit_info.value.code == 1
    assert "Traceback" not in captured.out + captured.err and not captured.err
    return captured.out


def test_a_correct_student_passes_with_status_0(capsys):
    out = run_cli(capsys, "check", f"{ADAM}:adam_step", "--against", "adam",
                  "--surfaces", "saddle,plateau", "--beta1", "0.8", "--lr", "0.01")  # fmt: skip
    assert out.splitlines()[1].startswith(
        "200 steps from each surface's start with lr=0.01, beta1=0.8"
    )
    assert re.search(r"^saddle +\S+ +— +PASS$", out, re.M)
    assert re.search(r"^plateau +\S+ +— +PASS$", out, re.M)
    assert out.rstrip().endswith("PASS: all 2 surfaces")


def test_a_buggy_student_fails_with_status_1(capsys):
    out = exits_1(capsys, "check", f"{ADAM}:eps_inside_sqrt", "--against", "adam",
                  "--surfaces", "saddle,plateau", "--steps", "50")  # fmt: skip
    assert re.search(r"^saddle +\S+ +— +PASS$", out, re.M)
    assert re.search(r"^plateau +\S+ +0 +FAIL$", out, re.M)
    assert "plateau, step 0: your update Δθ = (" in out
    assert out.rstrip().endswith("FAIL: 1 of 2 surfaces")


def test_an_exception_shows_the_students_line(capsys):
    out = exits_1(capsys, "check", f"{STUDENTS / 'broken.py'}:raises_at_step_3", "--against",
                  "gd", "--lr", "1e-3", "--surfaces", "saddle")  # fmt: skip
    assert "saddle, step 3: raised KeyError: 3\n" in out
    assert "broken.py:26 in raises_at_step_3: return theta - rates[t] * grad, state" in out


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (["nowhere.py:step", "--against", "adam"], "no such file: nowhere.py"),
        ([f"{ADAM}:adam_step", "--against", "adamm"], "unknown optimizer 'adamm'"),
        ([f"{ADAM}:adam_step", "--against", "adam", "--surfaces", "valley,,saddle"], "names"),
        ([f"{ADAM}:adam_step", "--against", "adam", "--surfaces", "bowl"], "unknown surface"),
        ([f"{ADAM}:adam_step", "--against", "adam", "--momentum", "0.9"], "hyperparameter of adam"),
        ([f"{ADAM}:adam_step", "--against", "adam", "--out", "r.png"], "--out must end in .html"),
        ([f"{ADAM}:adam_step", "--against", "adam", "--time-limit", "0"], "--time-limit must be"),
        ([f"{ADAM}:adam_step"], "the following arguments are required: --against"),
        ([f"{ADAM}", "--against", "adam"], "expected FILE.py:NAME"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(capsys, argv, error):
    assert error in fails(capsys, "check", *argv)


def test_code_that_cannot_be_imported_exits_2(capsys, tmp_path):
    path = tmp_path / "student.py"
    path.write_text("import numpy as np\n\nnp.seterr(all='raise') + 1\n")
    before = np.geterr()
    line = fails(capsys, "check", f"{path}:step", "--against", "gd", "--surfaces", "saddle")
    assert "cannot import" in line and "student.py:3 in <module>" in line
    assert np.geterr() == before, "the student's np.seterr does not outlive the import"


def test_help_says_the_code_runs_in_process(capsys):
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "runs inside this process" in text and "not a sandbox" in text
    assert "inside a container" in text
    assert "--beta1" in text and "--weight-decay" in text and "--time-limit" in text


def test_out_writes_the_page(capsys, tmp_path):
    page = tmp_path / "report.html"
    out = exits_1(capsys, "check", f"{STUDENTS / 'momentum.py'}:momentum_sign", "--against",
                  "momentum", "--convention", "course", "--lr", "1e-3", "--surfaces",
                  "saddle,valley", "--steps", "40", "--out", str(page))  # fmt: skip
    assert out.rstrip().endswith(f"wrote {page}")
    text = page.read_text(encoding="utf-8")
    assert "momentum_sign (yours)" in text and "optiviz's momentum" in text
    assert '"name":"deviation"' in text.replace(" ", "") and "<script" in text

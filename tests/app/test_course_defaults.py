"""The course convention's defaults in the app's rows and links, and RAdam in its menus."""

import json
import urllib.parse

from optiviz.app.web.run_row import OPTIMIZERS
from optiviz.app.web.state import RunState
from optiviz.app.web.url import parse_query
from optiviz.optim.scene import Run


def test_rmsprop_row_follows_the_convention_default():
    row = RunState(optimizer="gd")
    row.optimizer = "rmsprop"
    assert row.alpha == 0.99
    row.convention = "course"
    assert row.alpha == 0.9 and "alpha" not in row.run().hyperparameters
    row.alpha = 0.5
    row.convention = "torch"
    assert row.alpha == 0.5, "a value the user set stays"


def test_a_link_without_alpha_opens_the_course_default_and_an_explicit_one_stays():
    link = json.dumps({"optimizer": "rmsprop", "convention": "course"})
    state, notices = parse_query("run=" + urllib.parse.quote(link))
    assert notices == [] and state.runs[0].alpha == 0.9
    run = Run("rmsprop", convention="course", hyperparameters={"alpha": 0.99})
    assert RunState.from_run(run, 100).alpha == 0.99


def test_radam_is_in_the_optimizer_menu():
    assert OPTIMIZERS["RAdam"] == "radam"

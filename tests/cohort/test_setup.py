"""``mangfold cohort init``'s defaults: nbgrader's own exchange, always written out; a missing database driver
reported before anything is written."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import mangfold.cohort.commands
from mangfold.cli import main
from mangfold.cohort.config import DB_URL_VARIABLE, CohortConfig, config_text
from mangfold.handin import DEFAULT_EXCHANGE
from tests.conftest import MODULE_1

POSTGRES_URL = "postgresql+psycopg://trainer@127.0.0.1:1/kurs"


def test_the_default_exchange_is_nbgraders() -> None:
    from nbgrader.exchange.default.exchange import Exchange

    assert Exchange.class_traits()["root"].default_value == DEFAULT_EXCHANGE


def test_the_config_always_names_the_exchange(tmp_path: Path) -> None:
    text = config_text(CohortConfig(tmp_path, "kurs", "sqlite:///x.db"))
    assert f"\nc.Exchange.root = {DEFAULT_EXCHANGE!r}\n" in text


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")
def test_release_uses_the_exchange_init_printed(tmp_path: Path, monkeypatch, capsys) -> None:
    """Without --exchange, init prints the default exchange and release puts the module there.

    The default is redirected to a writable folder (the test must not write under /usr/local); that it
    is nbgrader's own default is checked above.
    """
    exchange = tmp_path / "exchange"
    exchange.mkdir(mode=0o1777)
    monkeypatch.setattr(mangfold.cohort.commands, "DEFAULT_EXCHANGE", str(exchange))
    monkeypatch.delenv(DB_URL_VARIABLE, raising=False)
    course = tmp_path / "kurs"
    assert main(["cohort", "init", str(course), "--course-id", "kurs-default-exchange"]) == 0
    out = capsys.readouterr().out
    assert f"  exchange   {exchange}\n" in out and "not writable" not in out
    assert f"c.Exchange.root = {str(exchange)!r}" in (course / "nbgrader_config.py").read_text(encoding="utf-8")
    assert main(["cohort", "release", str(course), "--module", MODULE_1]) == 0, capsys.readouterr()
    assert (exchange / "kurs-default-exchange" / "outbound" / MODULE_1 / f"{MODULE_1}.ipynb").is_file()


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")
def test_init_notes_an_exchange_it_cannot_write(tmp_path: Path, monkeypatch, capsys) -> None:
    missing = tmp_path / "no-exchange"
    monkeypatch.setattr(mangfold.cohort.commands, "DEFAULT_EXCHANGE", str(missing))
    monkeypatch.delenv(DB_URL_VARIABLE, raising=False)
    assert main(["cohort", "init", str(tmp_path / "kurs")]) == 0
    out = capsys.readouterr().out
    assert f"  exchange   {missing}\n" in out and "does not exist or is not writable" in out


@pytest.mark.parametrize("where", ["--db-url", DB_URL_VARIABLE])
def test_a_missing_postgres_driver_is_reported_before_anything_is_written(tmp_path: Path, monkeypatch, capsys,
                                                                          where: str) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as on an install without the [postgres] extra
    monkeypatch.delenv(DB_URL_VARIABLE, raising=False)
    course = tmp_path / "kurs"
    argv = ["cohort", "init", str(course)]
    if where == "--db-url":
        argv += ["--db-url", POSTGRES_URL]
    else:
        monkeypatch.setenv(DB_URL_VARIABLE, POSTGRES_URL)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "pip install 'mangfoldsrekruttering[postgres]'" in err and "nothing was written" in err
    assert "Traceback" not in err
    assert not course.exists(), "no half-made course folder"


def test_an_unknown_database_is_reported_before_anything_is_written(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.delenv(DB_URL_VARIABLE, raising=False)
    course = tmp_path / "kurs"
    assert main(["cohort", "init", str(course), "--db-url", "nosuchdb://x/y"]) == 2
    assert "unknown database" in capsys.readouterr().err and not course.exists()


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")
def test_the_cohort_releases_feedback_through_the_private_exchange(tmp_path: Path) -> None:
    """`mangfold cohort feedback` must use the class that keeps feedback from other accounts.

    nbgrader's API builds its exchange when it is made; without passing the course config on to it, the
    config file's choice was silently ignored and feedback went out 0644.
    """
    from mangfold.cohort.config import cohort_api, load_cohort_config
    from mangfold.cohort.private_exchange import PrivateExchangeCollect, PrivateExchangeReleaseFeedback

    exchange = tmp_path / "exchange"
    exchange.mkdir(mode=0o1777)
    assert main(["cohort", "init", str(tmp_path / "kurs"), "--exchange", str(exchange)]) == 0
    api = cohort_api(load_cohort_config(tmp_path / "kurs"))
    assert api.exchange.release_feedback is PrivateExchangeReleaseFeedback
    assert api.exchange.collect is PrivateExchangeCollect  # collect never follows a learner's link

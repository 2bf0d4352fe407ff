"""Shared pytest configuration."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The seed report (思礼镇 2020) as published; the repository carries its own copy so a clone runs anywhere.
SEED = FIXTURES / "corpus" / "seed" / "silizhen_2020.txt"


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def run_tasks():
    """Run the queued background tasks in this process: ``run_tasks()`` returns how many ran (see
    gongkai.web.tasks_testing); a failed task raises with its traceback."""
    from gongkai.web.tasks_testing import run_queued_tasks

    return run_queued_tasks

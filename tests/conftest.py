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


@pytest.fixture
def indexing(django_capture_on_commit_callbacks, run_tasks):
    """Search: ``with indexing(): <writes>`` runs the writes' commit hooks (which enqueue indexing) and then the queue,
    as a worker would after the transaction committed."""
    from contextlib import contextmanager

    @contextmanager
    def run():
        with django_capture_on_commit_callbacks(execute=True):
            yield
        run_tasks()

    return run


@pytest.fixture(autouse=True)
def _second_factor_off_unless_asked(request, settings):
    """Tests log in with ``client.force_login``, which gives no second factor: the requirement is off in tests
    that are not about it. Tests of the second factor mark themselves ``@pytest.mark.second_factor`` and get the
    settings' own defaults (superusers, administrators, county staff)."""
    if request.node.get_closest_marker("second_factor") is None:
        settings.GONGKAI_OTP_SUPERUSERS = False
        settings.GONGKAI_OTP_ROLES = []
        settings.GONGKAI_OTP_ORG_KINDS = []


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """Each test starts with empty throttle counters (they live in the cache, shared across tests otherwise)."""
    from django.core.cache import cache

    cache.clear()
    yield


def verified_login(client, user):
    """Log *user* in with a verified second factor (the admin requires one for superusers)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

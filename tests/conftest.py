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


@pytest.fixture(scope="session")
def s3_endpoint():
    """A real S3 API on loopback: moto in server mode (its own HTTP server, in a thread), for the whole session."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


S3_CREDENTIALS = {"GONGKAI_S3_ACCESS_KEY": "gongkai-test", "GONGKAI_S3_SECRET_KEY": "gongkai-test-secret"}


@pytest.fixture
def s3_storage(s3_endpoint, settings, tmp_path):
    """Point the platform's file storage at a fresh bucket of the loopback S3 API (as GONGKAI_S3_* would).

    Yields ``(client, bucket, env)``: a boto3 client to look into the bucket and the environment variables that
    configure a child process the same way. MEDIA_ROOT points at an empty folder that must stay empty.
    """
    import uuid

    import boto3

    bucket = f"gongkai-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id=S3_CREDENTIALS["GONGKAI_S3_ACCESS_KEY"],
        aws_secret_access_key=S3_CREDENTIALS["GONGKAI_S3_SECRET_KEY"],
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=bucket)
    env = {
        **S3_CREDENTIALS,
        "GONGKAI_S3_BUCKET": bucket,
        "GONGKAI_S3_ENDPOINT_URL": s3_endpoint,
        "GONGKAI_S3_REGION": "us-east-1",
    }
    settings.MEDIA_ROOT = tmp_path / "media-must-stay-empty"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": s3_endpoint,
                "access_key": S3_CREDENTIALS["GONGKAI_S3_ACCESS_KEY"],
                "secret_key": S3_CREDENTIALS["GONGKAI_S3_SECRET_KEY"],
                "region_name": "us-east-1",
                "addressing_style": "path",
                "signature_version": "s3v4",
                "default_acl": None,
                "file_overwrite": False,
            },
        },
    }
    yield client, bucket, env


def s3_keys(client, bucket: str) -> list[str]:
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=bucket).get("Contents", []))

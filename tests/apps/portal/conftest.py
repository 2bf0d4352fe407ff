import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    """The portal caches organizations and trees; tests must not see another test's rows."""
    cache.clear()
    yield
    cache.clear()

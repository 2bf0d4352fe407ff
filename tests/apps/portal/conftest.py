import pytest
from django.core.cache import cache

from gongkai.apps.portal.caching import clear_memo


@pytest.fixture(autouse=True)
def _clear_cache():
    """The portal caches organizations and trees; tests must not see another test's rows."""
    cache.clear()
    clear_memo()
    yield
    cache.clear()
    clear_memo()

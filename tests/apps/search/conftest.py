import pytest
from django.core.cache import cache

from gongkai.apps.portal.caching import clear_memo


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    clear_memo()
    yield
    cache.clear()
    clear_memo()

"""Server errors are logged with their traceback and the request id, to stderr and the day's log file."""

import datetime as dt
import logging
import os

import pytest
from django.conf import settings as django_settings
from django.urls import include, path

from gongkai.web.logs import DailyFileHandler


def _boom(request):
    raise RuntimeError("ops-test-boom")


urlpatterns = [path("ops-boom/", _boom), path("", include("gongkai.web.urls"))]
handler500 = "gongkai.web.views.server_error"


def _file_handler() -> DailyFileHandler:
    handlers = [h for h in logging.getLogger("django").handlers if isinstance(h, DailyFileHandler)]
    assert handlers, "the django logger writes to the daily log file"
    return handlers[0]


@pytest.mark.django_db
@pytest.mark.urls("tests.web.test_logging")
def test_a_server_error_is_logged_with_traceback_and_request_id_in_the_file(client):
    client.raise_request_exception = False
    response = client.get("/ops-boom/")
    assert response.status_code == 500
    rid = response["X-Request-ID"]
    assert len(rid) == 16
    page = response.content.decode()
    assert "错误已经记录" in page and rid in page  # staff can quote the id

    handler = _file_handler()
    assert handler.directory == django_settings.LOG_DIR
    text = handler.path_for(dt.date.today()).read_text(encoding="utf-8")
    block = text[text.rindex(f"ERROR [{rid}] django.request") :]
    assert "Internal Server Error: /ops-boom/" in block
    assert "Traceback (most recent call last)" in block and "RuntimeError: ops-test-boom" in block


@pytest.mark.django_db
def test_every_response_carries_a_fresh_request_id(client):
    first = client.get("/apply/")["X-Request-ID"]
    second = client.get("/apply/", HTTP_X_REQUEST_ID="evil\nforged")["X-Request-ID"]
    assert first != second and "evil" not in second


def test_daily_files_are_pruned_after_the_retention_period(tmp_path):
    handler = DailyFileHandler(tmp_path, retention_days=180)
    today = dt.date(2026, 12, 1)
    old = handler.path_for(today - dt.timedelta(days=181))
    kept = handler.path_for(today - dt.timedelta(days=180))
    for p in (old, kept):
        p.write_text("x\n")
    (tmp_path / "other-2020-01-01.log").write_text("not ours\n")
    assert handler.prune(today=today) == [old]
    assert kept.exists() and (tmp_path / "other-2020-01-01.log").exists()


def test_records_from_two_processes_stay_whole(tmp_path):
    handler = DailyFileHandler(tmp_path)
    handler.setFormatter(logging.Formatter("%(message)s"))
    line = "甲" * 5000  # longer than any stdio buffer: one write(2) per record
    pid = os.fork()
    if pid == 0:  # child
        for _ in range(50):
            handler.emit(logging.makeLogRecord({"msg": line}))
        os._exit(0)
    for _ in range(50):
        handler.emit(logging.makeLogRecord({"msg": line.replace("甲", "乙")}))
    os.waitpid(pid, 0)
    handler.close()
    lines = handler.path_for(dt.date.today()).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 100
    assert all(set(x) in ({"甲"}, {"乙"}) for x in lines)


def test_a_retention_under_six_months_is_warned_about(settings):
    from gongkai.web.checks import check_log_retention

    settings.LOG_RETENTION_DAYS = 30
    assert [w.id for w in check_log_retention()] == ["gongkai.W001"]
    settings.LOG_RETENTION_DAYS = 190
    assert check_log_retention() == []

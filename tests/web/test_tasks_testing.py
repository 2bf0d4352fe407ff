"""The in-process task runner that other apps' tests use (gongkai.web.tasks_testing / the run_tasks fixture)."""

import pytest
from django_tasks_db.models import DBTaskResult

from gongkai.web.tasks import ping
from gongkai.web.tasks_testing import QueuedTaskFailed, pending_tasks


@pytest.mark.django_db
def test_runs_each_queued_task_once(run_tasks):
    first, second = ping.enqueue("a"), ping.using(queue_name="reports").enqueue("b")
    assert pending_tasks().count() == 2
    assert run_tasks() == 2
    assert run_tasks() == 0
    first.refresh()
    second.refresh()
    assert (first.status, first.return_value["token"]) == ("SUCCESSFUL", "a")
    assert (second.status, second.return_value["token"]) == ("SUCCESSFUL", "b")


@pytest.mark.django_db
def test_only_the_named_queues(run_tasks):
    ping.enqueue("a")
    ping.using(queue_name="reports").enqueue("b")
    assert run_tasks(queue_names=["reports"]) == 1
    assert list(pending_tasks().values_list("queue_name", flat=True)) == ["default"]


@pytest.mark.django_db
def test_a_failed_task_raises_with_its_traceback(run_tasks):
    result = ping.enqueue("a")
    DBTaskResult.objects.filter(id=result.id).update(task_path="gongkai.web.tasks.no_such_task")
    with pytest.raises(QueuedTaskFailed, match="no_such_task"):
        run_tasks()
    assert DBTaskResult.objects.get(id=result.id).status == "FAILED"

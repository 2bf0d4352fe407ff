"""``flush`` that may empty the append-only audit table (the test runner and ``gongkai flush``).

Flushing deletes every row of every table on purpose; the audit triggers, which refuse any
DELETE, are lifted for that statement and put back straight after (see ``audit.triggers``).
"""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from gongkai.apps.audit.triggers import TABLE, lifted


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options["database"]]
        if TABLE not in connection.introspection.table_names():
            return super().handle(**options)
        with lifted(connection):
            return super().handle(**options)

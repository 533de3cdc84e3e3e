"""`flush` (Django's, which the test suite also runs between tests that commit) on a database
whose access log refuses deletes.

Emptying the whole database is not editing the log: it is wiping the database, as dropping it
would be. On PostgreSQL flush truncates, which the log's row triggers do not see. On SQLite it
deletes every row, so the log's triggers are lifted for the flush and put back exactly as they
were, in one transaction (SQLite's DDL is transactional): a flush that fails rolls back whole,
triggers included.
"""

from django.core.management.commands import flush
from django.db import connections, transaction

LOG_TABLE = "audit_accesslog"


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [LOG_TABLE],
            )
            triggers = cursor.fetchall()
            for name, _ in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
            result = super().handle(**options)
            for _, sql in triggers:
                cursor.execute(sql)
        return result

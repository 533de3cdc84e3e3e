"""Logging that an administrator can read: a refused request is one line, not a traceback."""

import logging


class OneLineRefusals(logging.Filter):
    """On `django.request`: a 403 becomes "Refused (403): GET /path by user 12: why".

    Django logs every PermissionDenied with its traceback, though a refusal is the access rules
    working, not a fault. The line keeps what a reader needs: the method, the path, the user's
    id (never their name or email) and the reason the rules gave.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) != 403:
            return True
        request = getattr(record, "request", None)
        user = getattr(request, "user", None)
        who = f"user {user.pk}" if getattr(user, "is_authenticated", False) else "a visitor"
        why = str(record.exc_info[1]) if record.exc_info and record.exc_info[1] else ""
        method = getattr(request, "method", "")
        path = getattr(request, "path", "")
        record.msg = "Refused (403): %s %s by %s" + (": %s" if why else "")
        record.args = (method, path, who, why) if why else (method, path, who)
        record.args = tuple(_one_line(a) for a in record.args)
        record.exc_info = record.exc_text = None
        return True


def _one_line(value: str) -> str:
    return value.encode("unicode_escape").decode("ascii")

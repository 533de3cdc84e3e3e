from django.dispatch import Signal

#: Sent with `job=` whenever a job is marked failed (its own error, or its worker died), so the
#: app that owns the work can mark its own record failed too (a linkage run, say).
job_failed = Signal()

"""The Celery app under the name the command contract gives it: `celery -A worker.app worker`
runs the same worker as `ingest worker` (the app itself lives in `worker.runtime.app`)."""

from worker.runtime.app import app

__all__ = ["app"]

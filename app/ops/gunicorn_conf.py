"""gunicorn settings read by make run (`--config python:app.ops.gunicorn_conf`).

/metrics adds up every worker's metrics from PROMETHEUS_MULTIPROC_DIR (app/web/metrics.py);
a worker that exits is marked dead so its live gauges stop counting.
"""

from prometheus_client import multiprocess


def child_exit(_server, worker) -> None:
    """Mark an exited worker's metrics files dead."""
    multiprocess.mark_process_dead(worker.pid)

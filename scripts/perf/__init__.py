"""The pieces of `scripts/bench_worker.py` (`make bench`): pages, the in-process and
distributed measurements, intake rates, the peer, the report."""

"""Scenario 1: processes die. Pool processes and whole workers are SIGKILLed, workers are
restarted at random under load, a warm shutdown is cut short. Nothing is lost or published
twice, and every submission a dead process held ends soon after: the time to recover (kill
to the last of them ending) is measured with the default liveness settings.
"""

from __future__ import annotations

import os
import random
import signal
import time
from collections.abc import Callable

import pytest

from tests.faults.conftest import FAST
from tests.faults.harness import (
    Cluster,
    Worker,
    audit,
    drained,
    paced_chain,
    record,
    wait_ended,
    wait_until,
    write_articles,
)

pytestmark = pytest.mark.faults

# The target: every submission held by a SIGKILLed worker ends within 30 s of the
# kill on an idle machine. Asserted with room for a loaded one; the measured figure goes to
# the report.
RECOVERY_BOUND_S = 90
FAULTS = 6  # random kills and restarts in the random scenario


def published(r) -> int:
    return r.xlen("ingest:articles")


def reached(r, count: int) -> Callable[[], bool]:
    return lambda: published(r) >= count


def held(r, instance: str) -> list[str]:
    return [m.decode() for m in r.zrange(f"ingest:held:{instance}", 0, -1)]


def held_by_pid(r, instance: str, pid: int) -> list[str]:
    return [
        i
        for i in held(r, instance)
        if r.hget(f"ingest:ledger:{i}", "holder") == f"{instance}/{pid}".encode()
    ]


def holding_process(r, instance: str, worker) -> tuple[int, list[str]]:
    """A pool process of the worker that holds hops, and those hops, read together: a hop
    seen held a moment ago may have ended by a second read, on any machine."""
    found: list[tuple[int, list[str]]] = []

    def check() -> bool:
        pairs = ((pid, held_by_pid(r, instance, pid)) for pid in worker.children())
        found[:] = [(pid, victims) for pid, victims in pairs if victims]
        return bool(found)

    wait_until(check, 60, "no hop held")
    return found[0]


def recovery_time(r, victims: list[str], killed_at: float) -> float:
    wait_ended(r, victims, RECOVERY_BOUND_S)
    return time.monotonic() - killed_at


def test_sigkill_pool_processes_again_and_again(r, cluster: Cluster, tmp_path):
    cluster.env["INGEST_CHAIN"] = paced_chain()
    ids = cluster.enqueue(str(write_articles(tmp_path / "in", 1000)))
    worker = cluster.worker("w1", concurrency=2)
    instance = wait_instance(r, worker)
    times = []
    for _ in range(4):
        pid, victims = holding_process(r, instance, worker)
        killed_at = time.monotonic()
        os.kill(pid, signal.SIGKILL)
        times.append(recovery_time(r, victims, killed_at))
    wait_ended(r, ids, 300)
    result = audit(r, ids)
    record(
        "SIGKILL a pool process (x4)", result, recover_s=round(max(times), 1), submitted=len(ids)
    )
    assert result.clean and not drained(r), result.summary()
    assert max(times) < RECOVERY_BOUND_S


def test_sigkill_a_whole_worker_and_start_another(r, cluster: Cluster, tmp_path):
    cluster.env["INGEST_CHAIN"] = paced_chain()
    ids = cluster.enqueue(str(write_articles(tmp_path / "in", 600)))
    victim = cluster.worker("victim", concurrency=2)
    instance = wait_instance(r, victim)
    # the other worker starts once the victim works: on a loaded machine a worker can take
    # many seconds to start, and the other one must not do the batch meanwhile
    wait_until(lambda: bool(held(r, instance)), 120, "the victim took nothing")
    cluster.worker("other", concurrency=2)
    wait_until(
        lambda: published(r) >= 40 and bool(held(r, instance)), 120, "the batch did not start"
    )
    victim.kill(signal.SIGKILL)
    killed_at, at_kill = time.monotonic(), published(r)
    victim.proc.wait(10)
    victims = held(r, instance)  # frozen now: what the dead instance held
    cluster.worker("rescuer", concurrency=2)
    took = recovery_time(r, victims, killed_at)
    assert at_kill < len(ids) / 2, "the batch was nearly done before the kill; make it bigger"
    wait_ended(r, ids, 300)
    result = audit(r, ids)
    record(
        "SIGKILL a whole worker, start another",
        result,
        recover_s=round(took, 1),
        held=len(victims),
        submitted=len(ids),
    )
    assert victims, "the victim held nothing when it died"
    assert result.clean and not drained(r), result.summary()


def test_random_kills_and_restarts_under_load(r, cluster: Cluster, tmp_path):
    rng = random.Random(7)
    cluster.env["INGEST_CHAIN"] = paced_chain()
    ids = cluster.enqueue(str(write_articles(tmp_path / "in", 1200)))
    workers = [cluster.worker(f"w{n}", concurrency=2, env=FAST) for n in range(2)]
    actions, at_last_fault = [], 0
    for n in range(FAULTS):
        # spread over the batch by its progress, not by the clock (a loaded machine is slow
        # to restart workers): fault n once n+1 ninths of it are published, then a moment
        step = (n + 1) * len(ids) // (FAULTS + 3)
        wait_until(reached(r, step), 300, "the batch stalled")
        time.sleep(rng.uniform(0, 1))
        i = rng.randrange(len(workers))
        action, children = rng.choice(["sigkill", "sigterm", "child"]), workers[i].children()
        at_last_fault = published(r)
        if action == "child" and children:
            os.kill(rng.choice(children), signal.SIGKILL)
        else:
            action = "sigterm" if action == "sigterm" else "sigkill"
            workers[i].kill(signal.SIGTERM if action == "sigterm" else signal.SIGKILL)
            workers[i].proc.wait(60)
            workers[i] = cluster.worker(f"w{i}-{n}", concurrency=2, env=FAST)
        actions.append(action)
    wait_ended(r, ids, 300)
    result = audit(r, ids)
    record(
        "random SIGKILL/SIGTERM restarts under load",
        result,
        faults=len(actions),
        submitted=len(ids),
    )
    assert at_last_fault < len(ids), "the batch ended before the faults did; make it bigger"
    assert result.clean and not drained(r), result.summary()


def test_warm_shutdown_cut_short(r, cluster: Cluster, tmp_path):
    env = {"INGEST_CHAIN": paced_chain("slow"), **FAST}
    ids = cluster.enqueue(str(write_articles(tmp_path / "in", 8, marker="SLOW")), env=env)
    first = cluster.worker("first", concurrency=2, env=env)
    instance = wait_instance(r, first)
    wait_until(lambda: len(held(r, instance)) == 2, 60, "no hop running")
    os.kill(first.pid, signal.SIGTERM)  # warm shutdown: finish the running hops...
    time.sleep(1)
    first.kill(signal.SIGKILL)  # ...but the grace period is shorter than a hop
    killed_at = time.monotonic()
    first.proc.wait(10)
    victims = held(r, instance)
    cluster.worker("second", concurrency=2, env=env)
    took = recovery_time(r, victims, killed_at) if victims else 0.0
    wait_ended(r, ids, 300)
    result = audit(r, ids)
    record(
        "warm shutdown cut short (SIGTERM, SIGKILL 1 s later)",
        result,
        recover_s=round(took, 1),
        submitted=len(ids),
    )
    assert result.clean and not drained(r), result.summary()


def wait_instance(r, worker: Worker) -> str:
    wait_until(lambda: worker.instance(r) is not None, 30, "the worker never beat")
    instance = worker.instance(r)
    assert instance is not None
    return instance

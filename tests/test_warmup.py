"""The worker's warm-up, run in its main process before the pool forks: what it sets up there
is shared by every pool process instead of being made again in each."""

from __future__ import annotations

from tests.conftest import python


def test_the_warm_up_builds_the_stop_list_of_trafilaturas_justext_rescue() -> None:
    """jusText's stop list of every language (about 27 MB) was built by each pool process at
    its first page that trafilatura's cascade rescued with jusText."""
    out = python(
        "import trafilatura.external as te\n"
        "from worker.pipeline import Pipeline\n"
        "from worker.runtime.warmup import warm\n"
        "from worker.settings import load_settings\n"
        "assert te.JT_STOPLIST is None\n"
        "warm(Pipeline(load_settings()))\n"
        "print(len(te.JT_STOPLIST or ()))\n"
    )
    assert int(out) > 100_000


FORKED = """
import gc, os
from worker.runtime.warmup import freeze
held = [[i] for i in range(400_000)]  # tracked by the collector: about 40 MB with their ints
if {frozen}:
    freeze()
def dirty():
    lines = open("/proc/self/smaps_rollup").read().splitlines()
    return next(int(line.split()[1]) for line in lines if line.startswith("Private_Dirty:"))
read, write = os.pipe()
child = os.fork()
if child == 0:
    before = dirty()
    gc.collect()  # as a pool process's collections do, sooner or later
    os.write(write, str(dirty() - before).encode())
    os._exit(0)
os.close(write)
print(os.read(read, 100).decode())
os.waitpid(child, 0)
"""


def test_after_freeze_a_pool_process_collecting_leaves_the_main_processs_objects_shared() -> None:
    """Without `freeze`, a forked process's collection writes to every object it inherited,
    copying their pages (private memory grows by their size); with it, it touches none."""
    copied = int(python(FORKED.format(frozen=False)))
    kept = int(python(FORKED.format(frozen=True)))
    assert copied > 20_000  # KB: the control shows the copying
    assert kept < copied / 4

"""Work placed by capacity: `gvm.dist.map` and `gvm map MODULE.FUNC --args FILE` weight
their hand-out by each node's free workers (asked with STATS), report how many
calls each node ran, and keep the results in order.  Real processes: a GPMD and
`gvm node` processes on 127.0.0.1 (the Cluster of test_dist.py).
"""

import pytest

import gvm.dist

from test_dist import SECRET, Cluster


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    c = Cluster(tmp_path_factory.mktemp("map"))
    for name in ("one", "three"):
        (c.lib / name).mkdir(exist_ok=True)
    try:
        c.start_node("one", workers=1)
        c.start_node("three", workers=3)
        c.wait_registered("one", "three")
        yield c
    finally:
        c.close()


def test_nodes_report_their_capacity_and_load(cluster):
    with cluster.connect("three") as three:
        before = three.load()
        assert (before.workers, before.busy) == (3, 0) and before.cores >= 1
        three.call("math.add", 1, 2)
        assert three.load().calls == before.calls + 1


def test_map_weights_the_hand_out_by_free_workers(cluster):
    ran = {}
    done = []
    # Calls that sleep rather than compute: each worker takes its own share whatever the
    # number of cores, so node three's three workers draw about three times node one's.
    naps = [30 + i % 5 for i in range(48)]
    results = gvm.dist.map("sleep.sleep", naps, nodes=["one", "three"],
                           gpmd=cluster.gpmd, cookie=SECRET, ran=ran, progress=lambda d, t: done.append((d, t)))
    assert results == naps
    assert sum(ran.values()) == 48 and set(ran) == {"one", "three"}
    assert ran["three"] >= 2 * ran["one"], ran
    assert done[-1] == (48, 48) and len(done) == 48


def test_gvm_map_reads_one_call_per_line_and_prints_results_in_order(cluster, tmp_path):
    (tmp_path / "calls.txt").write_text("".join(f"{i} {i * 10}\n" for i in range(20)))
    out = cluster.cli("map", "math.add", "--args", str(tmp_path / "calls.txt"), "--gpmd", f"127.0.0.1:{cluster.port}",
                      "--node", "one", "--node", "three", "--cookie-file", str(cluster.cookie_file))
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:-1] == [str(i * 11) for i in range(20)]
    ran = dict(part.rsplit(" ", 1) for part in out.stderr.strip().removeprefix("gvm: ran: ").split(", "))
    assert sum(map(int, ran.values())) == 20 and set(ran) <= {"one", "three"}
    assert "[" not in out.stderr  # no progress bar: standard error is not a terminal


def test_gvm_map_refuses_bad_lines_in_one_line(cluster, tmp_path):
    (tmp_path / "bad.txt").write_text("1 2\nthree 4\n")
    out = cluster.cli("map", "math.add", "--args", str(tmp_path / "bad.txt"), "--gpmd", f"127.0.0.1:{cluster.port}")
    assert out.returncode == 1 and out.stderr.count("\n") == 1
    assert "line 2" in out.stderr and "Traceback" not in out.stderr

"""scripts/system-deps.sh on a machine where apt is busy or its package lists are missing or stale.

``apt-get``, ``dpkg``, ``sudo`` and ``sleep`` are replaced by stubs on PATH that log their arguments and fail as
told, so the script's decisions are checked without touching the machine's packages.
"""
import os
import subprocess

import pytest

from tests.conftest import ROOT

SCRIPT = ROOT / "scripts" / "system-deps.sh"


@pytest.fixture
def apt(tmp_path):
    """Stub apt-get: logs each call; ``fail_update`` / ``fail_install`` say how many calls fail first."""
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    log = tmp_path / "apt.log"

    def stub(name, body):
        path = bin_ / name
        path.write_text("#!/usr/bin/env bash\n" + body)
        path.chmod(0o755)

    stub("apt-get", f"""
echo "$*" >> {log}
cmd=update; for a in "$@"; do case "$a" in update|install) cmd=$a ;; esac; done
n=$(grep -c " $cmd" {log} || true)
limit=$(cat {tmp_path}/fail_$cmd 2>/dev/null || echo 0)
[ "$n" -gt "$limit" ]
""")
    stub("dpkg", "exit 1\n")          # the extra package is not installed
    stub("sleep", "exit 0\n")
    stub("sudo", 'exec "$@"\n')      # not root: the script goes through sudo

    def run(fail_update=0, fail_install=0):
        (tmp_path / "fail_update").write_text(str(fail_update))
        (tmp_path / "fail_install").write_text(str(fail_install))
        log.write_text("")
        env = dict(os.environ, PATH=f"{bin_}{os.pathsep}{os.environ['PATH']}")
        r = subprocess.run(["bash", str(SCRIPT), "dgs-test-package"], env=env, capture_output=True, text=True,
                           timeout=60)
        return r, [line.split() for line in log.read_text().splitlines()]
    return run


def test_waits_for_the_lock_and_reads_the_lists_first(apt):
    r, calls = apt()
    assert r.returncode == 0, r.stderr
    assert ["update" if "update" in c else "install" for c in calls] == ["update", "install"]
    for c in calls:
        assert "DPkg::Lock::Timeout=600" in c
    assert "dgs-test-package" in calls[1] and "--no-install-recommends" in calls[1]


def test_stale_lists_are_read_again_and_the_install_retried(apt):
    r, calls = apt(fail_install=1)
    assert r.returncode == 0, r.stderr
    assert ["update" if "update" in c else "install" for c in calls] == ["update", "install", "update", "install"]


def test_no_network_tries_the_lists_on_the_machine_then_says_what_to_install(apt):
    r, calls = apt(fail_update=99, fail_install=99)
    assert r.returncode == 1
    assert "install" in [c for c in calls if "install" in c][0]
    assert "Install them by hand" in r.stderr and "dgs-test-package" in r.stderr
    assert sum("update" in c for c in calls) == 6      # three tries, twice

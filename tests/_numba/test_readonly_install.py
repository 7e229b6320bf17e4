"""A read-only install caches its compiled kernels in the user cache directory.

Every kernel is ``numba.njit(cache=True)``.  Numba tries its locators in
order (``numba/core/caching.py``): ``NUMBA_CACHE_DIR`` when set, else the
``__pycache__`` next to the source when it can create a file there
(``InTreeCacheLocator``), else the user-wide cache directory
``$XDG_CACHE_HOME/numba`` or ``~/.cache/numba`` (``UserWideCacheLocator``).

The package source is copied into a fresh "site" directory that is then made
read-only, and fresh interpreters import sparselearn from it with
``NUMBA_CACHE_DIR`` unset and ``HOME`` / ``XDG_CACHE_HOME`` in a temporary
directory.  The first process must fit correctly (against scikit-learn),
write nothing into the install and leave the cache index files in the user
cache directory; the second must load every kernel it needs from there and
compile nothing (the check of ``test_cache.py``).  A control run on a
writable copy shows the same harness sees in-tree caching when it happens.

``chmod`` does not stop root.  As root the interpreters therefore run in a
private mount namespace where the install is bind-mounted read-only (same
interpreter, writes fail with EROFS as on a read-only image), or failing
that as ``nobody`` through ``setpriv``; the test is skipped when neither
makes the install unwritable for the child.
"""

import json
import os
import pwd
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import sparselearn

try:
    from tests._numba.test_cache import _total, run_stats
except ImportError:  # pragma: no cover - tests/ not importable as a package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from _numba.test_cache import _total, run_stats

PACKAGE_DIR = Path(sparselearn.__file__).resolve().parent

# Written to the working directory (the temporary HOME) by every run: where
# sparselearn was imported from, numba's user cache directory, and the cache
# locator each kernel got.  ``np``, ``pkg``, ``Dispatcher``, ``importlib`` and
# ``pkgutil`` come from test_cache's script.
_REPORT = """
import sparselearn
from numba.misc.appdirs import AppDirs
locators = {}
for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
    mod = importlib.import_module(info.name)
    for name, obj in vars(mod).items():
        if isinstance(obj, Dispatcher) and getattr(obj, "__module__", None) == mod.__name__:
            locators[mod.__name__ + "." + name] = type(obj._cache._impl.locator).__name__
with open("report.json", "w") as f:
    json.dump(dict(sparselearn=sparselearn.__file__, locators=locators,
                   user_cache_dir=AppDirs(appname="numba", appauthor=False).user_cache_dir), f)
"""

# One small dense fit compared with scikit-learn at a tight tolerance.
_FIT = """
from sklearn.linear_model import Lasso as SkLasso
X = rng.standard_normal((40, 10)); y = X @ rng.standard_normal(10) + 0.5
y += 0.1 * rng.standard_normal(40)
est = Lasso(alpha=0.1, tol=1e-10, max_iter=1_000_000).fit(X, y)
ref = SkLasso(alpha=0.1, tol=1e-10, max_iter=1_000_000).fit(X, y)
assert np.count_nonzero(ref.coef_) > 0
scale = np.abs(ref.coef_).max()
np.testing.assert_allclose(est.coef_, ref.coef_, rtol=1e-6, atol=1e-8 * scale)
np.testing.assert_allclose(est.intercept_, ref.intercept_, rtol=1e-6, atol=1e-8 * scale)
"""


def _readonly_runners(site):
    """Candidate ``(name, argv prefix, uid)`` for running a child unable to write ``site``.

    Not root: plain children, ``chmod`` binds them.  Root ignores permission
    bits: first a private mount namespace with ``site`` bind-mounted read-only
    (needs ``unshare``/``mount`` and CAP_SYS_ADMIN), then the ``nobody`` user
    via ``setpriv`` (the uid that must own the temporary HOME).
    """
    if os.geteuid() != 0:
        return [("chmod", (), None)]
    runners = []
    if shutil.which("unshare") and shutil.which("mount"):
        # sh -c SCRIPT SITE ARGV...: $0 is the site, "$@" the interpreter command
        runners.append(("read-only bind mount", (
            "unshare", "--mount", "--propagation=private", "sh", "-c",
            'mount --bind -o ro "$0" "$0" && exec "$@"', str(site)), None))
    if shutil.which("setpriv"):
        try:
            user = pwd.getpwnam("nobody")
            uid, gid = user.pw_uid, user.pw_gid
        except KeyError:
            uid = gid = 65534
        runners.append(("setpriv as nobody", (
            "setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups"), uid))
    return runners


def _set_writable(root, writable):
    """Add or remove every write bit under ``root`` (directories included)."""
    for p in [root, *root.rglob("*")]:
        if p.is_symlink():
            continue
        mode = p.stat().st_mode
        write_bits = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
        os.chmod(p, mode | stat.S_IWUSR if writable else mode & ~write_bits)


# Exit status 0 and "READONLY" when the child imports the stack and cannot
# create a file where numba would put the in-tree cache (argv[1]).
_PROBE = """
import sys, tempfile, numpy, scipy, sklearn, numba
try:
    tempfile.TemporaryFile(dir=sys.argv[1]).close()
except OSError:
    print("READONLY")
else:
    print("WRITABLE")
"""


@pytest.fixture
def install(request):
    """Build a copy of the package; return a callable ``install(writable)``.

    ``install(writable)`` returns ``(site, home, env, prefix)``: the directory
    on ``PYTHONPATH``, the temporary HOME (also the working directory, so
    that ``''`` on ``sys.path`` is not the repository), the child environment
    and the argv prefix that runs a child (see :func:`_readonly_runners`; empty
    for a writable install).  The files live outside pytest's private (mode
    0700) tmp tree so that ``nobody`` can reach them, and are removed (write
    bits restored first) at teardown.
    """
    if os.environ.get("NUMBA_DISABLE_JIT", "0") not in ("", "0"):
        pytest.skip("NUMBA_DISABLE_JIT is set")
    base = Path(tempfile.mkdtemp(prefix="sparselearn-readonly-"))
    base.chmod(0o755)

    def cleanup():
        _set_writable(base, True)
        shutil.rmtree(base)

    request.addfinalizer(cleanup)

    def build(writable):
        site, home = base / "site", base / "home"
        shutil.copytree(PACKAGE_DIR, site / "sparselearn",
                        ignore=shutil.ignore_patterns("__pycache__"))
        home.mkdir()
        # NUMBA_CACHE_DIR (and every other NUMBA_ setting) removed: it would
        # take precedence over both the in-tree and the user-wide locators
        env = {k: v for k, v in os.environ.items() if not k.startswith("NUMBA_")}
        env.update(PYTHONPATH=str(site), HOME=str(home), XDG_CACHE_HOME=str(home / "xdg-cache"),
                   PYTHONDONTWRITEBYTECODE="1", PYTHONNOUSERSITE="1")
        if writable:
            return site, home, env, ()
        _set_writable(site, False)
        target = site / "sparselearn" / "_numba"
        failures = []
        for name, prefix, uid in _readonly_runners(site):
            if uid is not None:
                os.chown(home, uid, -1)
            probe = subprocess.run([*prefix, sys.executable, "-c", _PROBE, str(target)],
                                   env=env, cwd=str(home), capture_output=True, text=True,
                                   timeout=300)
            if probe.returncode == 0 and probe.stdout.strip() == "READONLY":
                return site, home, env, prefix
            failures.append("%s: %s" % (name, probe.stderr.strip()[-300:]
                                        if probe.returncode else "writes still succeed"))
        pytest.skip("cannot run a child for which the install is read-only (%s)"
                    % ("; ".join(failures) or "running as root, no unshare/setpriv"))

    return build


def _run(site, home, env, prefix, code):
    """Run ``code`` (via test_cache's script); return ``(stats, report)``."""
    stats = run_stats(code, env, cwd=home, argv_prefix=prefix)
    report = json.loads((home / "report.json").read_text())
    assert Path(report["sparselearn"]).resolve().is_relative_to(site.resolve()), \
        "sparselearn was not imported from the copied install: %s" % report["sparselearn"]
    return stats, report


def _cache_files(path):
    """``{file: mtime_ns}`` of the numba cache files under ``path``."""
    return {p: p.stat().st_mtime_ns for p in Path(path).rglob("*")
            if p.suffix in (".nbi", ".nbc")}


def _in_tree(site):
    """Files and directories under ``site`` that caching could have created."""
    return sorted(str(p.relative_to(site)) for p in site.rglob("*")
                  if p.name == "__pycache__" or p.suffix in (".nbi", ".nbc", ".pyc"))


def test_readonly_install_caches_in_user_cache_dir(install):
    """Read-only install: correct fit, user-wide cache, reloaded by a second process."""
    site, home, env, prefix = install(writable=False)

    first, report = _run(site, home, env, prefix, _FIT + _REPORT)
    user_cache = Path(report["user_cache_dir"])
    assert user_cache.resolve().is_relative_to(home.resolve()), \
        "numba's user cache directory is not under the temporary HOME: %s" % user_cache
    assert report["locators"], "no numba dispatcher found in sparselearn._numba"
    wrong = {k: v for k, v in report["locators"].items() if v != "UserWideCacheLocator"}
    assert not wrong, "kernels not cached in the user cache directory: %s" % wrong
    assert _total(first, "misses") > 0, "first process compiled nothing: %s" % first
    assert _total(first, "hits") == 0, "first process found a cache it should not have"
    assert not _in_tree(site), "cache written into the read-only install: %s" % _in_tree(site)
    # the index files sit in the directory numba derives from the source
    # folder, sparselearn/_numba: "_numba_<sha1 of its path>"
    assert any(user_cache.glob("_numba_*/*.nbi")) and any(user_cache.glob("_numba_*/*.nbc")), \
        "no cache index/data for sparselearn kernels in %s" % user_cache
    files = _cache_files(user_cache)

    second, _ = _run(site, home, env, prefix, _FIT + _REPORT)
    compiled = {name: d["misses"] for name, d in second.items() if d["misses"]}
    assert not compiled, "second process compiled again instead of loading the cache: %s" % compiled
    assert _total(second, "hits") > 0
    assert _cache_files(user_cache) == files, "second process wrote to the cache"
    assert not _in_tree(site), "cache written into the read-only install: %s" % _in_tree(site)


def test_writable_install_caches_in_tree(install):
    """Control: the same harness on a writable copy sees numba's in-tree cache.

    Importing is enough: each cached dispatcher picks its locator (and creates
    its ``__pycache__``) when it is decorated; nothing is compiled.
    """
    site, home, env, prefix = install(writable=True)
    _, report = _run(site, home, env, prefix, _REPORT)
    assert report["locators"]
    wrong = {k: v for k, v in report["locators"].items() if v != "InTreeCacheLocator"}
    assert not wrong, "writable install not cached in-tree: %s" % wrong
    assert (site / "sparselearn" / "_numba" / "__pycache__").is_dir()

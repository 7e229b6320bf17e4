"""The HTML report opened in a real browser (headless Chromium): table and images render.

`.ci/run` installs Debian's chromium in the background and sets
SPARSELEARN_CHROMIUM_READY to a file it creates when the install is over; with
SPARSELEARN_REQUIRE_BROWSER=1 (set by `.ci/run`) a missing browser fails the test
instead of skipping it.
"""

import os
import shutil
import subprocess
import time

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars"]


def _chromium():
    ready = os.environ.get("SPARSELEARN_CHROMIUM_READY")
    if ready:  # .ci/run installs the browser while the suite starts
        deadline = time.monotonic() + 600
        while not os.path.exists(ready) and time.monotonic() < deadline:
            time.sleep(2)
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("SPARSELEARN_REQUIRE_BROWSER"):
        pytest.fail("no Chromium found, but SPARSELEARN_REQUIRE_BROWSER is set")
    pytest.skip("Chromium is not installed (apt-get install chromium)")


def test_report_renders_in_chromium(tmp_path):
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from sparselearn.datasets import load_prostate
    from sparselearn.linear_model import LassoCV
    from sparselearn.report import write_report

    browser = _chromium()
    bunch = load_prostate(as_frame=True)
    X, y = bunch.data, bunch.target
    model = make_pipeline(StandardScaler(), LassoCV(cv=5, alpha_selection="1se")).fit(X, y)
    page = write_report(tmp_path / "report.html", model, X, y, data_name="prostate",
                        description=bunch.DESCR)
    url = page.as_uri()
    profile = tmp_path / "profile"
    common = [browser, *FLAGS, f"--user-data-dir={profile}"]
    dom = subprocess.run([*common, "--dump-dom", url], capture_output=True, text=True,
                         timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert 'class="dataframe coefficients"' in dom.stdout and "lcavol" in dom.stdout
    assert dom.stdout.count("<img") >= 3
    assert "http://" not in dom.stdout and "https://" not in dom.stdout
    shot = tmp_path / "shot.png"
    run = subprocess.run([*common, f"--screenshot={shot}", "--window-size=1280,2600", url],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and shot.exists(), run.stderr[-2000:]
    pixels = matplotlib.image.imread(str(shot))[..., :3]
    assert pixels.shape[0] >= 2000 and pixels.shape[1] >= 1200
    ink = np.any(pixels < 0.9, axis=2).mean()
    assert ink > 0.01  # text and tables drawn: not a blank page
    # the plots' coloured lines and bars (text and table borders are grey)
    colour = (pixels.max(axis=2) - pixels.min(axis=2)) > 0.3
    assert colour.sum() > 2000

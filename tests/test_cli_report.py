"""`sparselearn report` and `--export`: the HTML report, categorical data, the JSON model."""

import json
import re

import numpy as np
import pandas as pd
import pytest

from sparselearn.datasets import load_prostate
from sparselearn.export import from_json
from sparselearn.linear_model import GroupLasso, Lasso
from sparselearn.report._cli import main

pytest.importorskip("matplotlib")


def run(capsys, *argv):
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture(scope="module")
def mixed_csv(tmp_path_factory):
    """prostate plus a categorical column (gleason as words) and a string class label."""
    frame = load_prostate(as_frame=True).frame
    frame["grade"] = frame.pop("gleason").map({6.0: "six", 7.0: "seven", 8.0: "eight",
                                               9.0: "nine"})
    frame["high"] = np.where(frame["lpsa"] > frame["lpsa"].median(), "high", "low")
    path = tmp_path_factory.mktemp("data") / "mixed.csv"
    frame.to_csv(path, index=False, float_format="%.17g")
    return path, frame


def _embedded_images(page):
    return re.findall(r'<img [^>]*src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)


def test_report_on_the_embedded_data(capsys, tmp_path):
    out_path = tmp_path / "report.html"
    status, out, err = run(capsys, "report", "--dataset", "prostate", "-o", str(out_path))
    assert status == 0, err
    assert f"report written to {out_path}" in out
    assert "fitting LassoCV (5-fold cross-validation)" in err and "done in" in err
    page = out_path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "lcavol" in page and "entry_rank" in page and "cv_frequency" in page
    assert len(_embedded_images(page)) >= 3  # path, CV and coefficient plots
    assert not re.search(r'(src|href)="(?!data:)', page)  # nothing outside the file
    assert "http://" not in page and "https://" not in page and "<script" not in page
    assert "Prostate" in page or "prostate" in page  # the data description


def test_report_group_model_on_categorical_data(capsys, tmp_path, mixed_csv):
    path, frame = mixed_csv
    out_path = tmp_path / "g.html"
    status, out, err = run(capsys, "report", str(path), "--target", "lpsa", "--model",
                           "group", "--alpha", "0.05", "-o", str(out_path), "--quiet",
                           "--export", str(tmp_path / "g.json"))
    assert status == 0, err
    assert "one-hot encoded: grade, high" in out
    page = out_path.read_text(encoding="utf-8")
    assert "SparseGroupLasso" in page
    assert "grade=seven" in json.loads((tmp_path / "g.json").read_text())["feature_names"]
    # the same group lasso fitted by hand on the one-hot design
    X = pd.get_dummies(frame.drop(columns="lpsa"), prefix_sep="=", dtype=float)
    cols = [c for c in frame.columns if c != "lpsa"]
    design = pd.concat([frame[[c]] if c not in ("grade", "high") else
                        pd.get_dummies(frame[c].astype(str), prefix=c, prefix_sep="=",
                                       dtype=float) for c in cols], axis=1)
    groups = {c: [j for j, d in enumerate(design.columns) if d == c or d.startswith(c + "=")]
              for c in cols}
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    ref = make_pipeline(StandardScaler(), GroupLasso(alpha=0.05, groups=groups)).fit(
        design, frame["lpsa"])
    loaded = from_json((tmp_path / "g.json").read_text())
    np.testing.assert_allclose(loaded.predict(design), ref.predict(design), rtol=1e-6)
    assert X.shape[1] == design.shape[1]
    # whole groups: every level of grade in or out together
    coef = pd.Series(ref[-1].coef_, index=design.columns)
    levels = coef[[c for c in design.columns if c.startswith("grade=")]]
    assert (levels != 0).all() or (levels == 0).all()


def test_report_reads_parquet_with_a_category_column(capsys, tmp_path, mixed_csv):
    pytest.importorskip("pyarrow")
    _, frame = mixed_csv
    data = frame.assign(grade=frame["grade"].astype("category"))
    path = tmp_path / "mixed.parquet"
    data.to_parquet(path)
    status, out, err = run(capsys, "report", str(path), "--target", "lpsa", "--model", "group",
                           "--cv", "3", "--quiet", "-o", str(tmp_path / "p.html"),
                           "--export", str(tmp_path / "p.json"))
    assert status == 0, err
    assert "one-hot encoded: grade, high" in out
    names = json.loads((tmp_path / "p.json").read_text())["feature_names"]
    assert {"grade=six", "grade=seven", "grade=eight", "grade=nine"} <= set(names)


def test_report_logistic_with_string_labels(capsys, tmp_path, mixed_csv):
    path, frame = mixed_csv
    data = frame.drop(columns="lpsa")
    csv = tmp_path / "cls.csv"
    data.to_csv(csv, index=False)
    status, out, err = run(capsys, "report", str(csv), "--target", "high", "--model",
                           "logistic", "--cv", "3", "--quiet", "-o", str(tmp_path / "l.html"),
                           "--export", str(tmp_path / "l.json"))
    assert status == 0, err
    assert "SparseLogisticRegressionCV" in out
    page = (tmp_path / "l.html").read_text(encoding="utf-8")
    assert "odds_ratio" in page
    model = from_json((tmp_path / "l.json").read_text())
    assert set(model.classes) == {"high", "low"}


def test_fit_export_round_trip(capsys, tmp_path):
    target = tmp_path / "m.json"
    status, out, err = run(capsys, "fit", "--dataset", "prostate", "--alpha", "0.05",
                           "--standardize", "--export", str(target))
    assert status == 0, err
    assert f"written to {target}" in out
    X, y = load_prostate(return_X_y=True)
    Xs = (X - X.mean(axis=0)) / X.std(axis=0)
    ref = Lasso(alpha=0.05).fit(Xs, y)
    doc = json.loads(target.read_text())
    assert doc["scaler"] is not None
    np.testing.assert_allclose(from_json(target.read_text()).predict(X), ref.predict(Xs),
                               rtol=1e-8)


@pytest.mark.parametrize("argv, message", [
    (["--model", "logistic"], "class labels"),
    (["--model", "lasso", "--l1-ratio", "0.5"], "only used with --model enet or group"),
    (["--groups", "g.json"], "only used with --model group"),
])
def test_report_errors(capsys, tmp_path, argv, message):
    status, out, err = run(capsys, "report", "--dataset", "prostate", "--quiet",
                           "-o", str(tmp_path / "x.html"), *argv)
    assert status == 2
    assert message in err and "Traceback" not in err


def test_readme_first_command_writes_the_report(tmp_path):
    """The README's first command (after its pip install) writes the report and says where."""
    import subprocess
    import sys
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    first = re.findall(r"```bash\n(.*?)```", readme, flags=re.DOTALL)[0].strip()
    job = first.split("&&")[-1].split()
    assert job[:3] == ["python", "-m", "sparselearn"] and "report" in job
    proc = subprocess.run([sys.executable, *job[1:]], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    written = re.search(r"^report written to (.+)$", proc.stdout, flags=re.MULTILINE)
    assert written, proc.stdout
    page = Path(written.group(1))
    assert page.parent == tmp_path.resolve() and page.exists()
    assert len(_embedded_images(page.read_text(encoding="utf-8"))) >= 3

"""Tests of the command-line main job (``sparselearn`` / ``python -m sparselearn``)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from sparselearn import __version__
from sparselearn.datasets import load_prostate, load_riboflavin
from sparselearn.linear_model import ElasticNet, Lasso
from sparselearn.report._cli import main, objective_value

REPO_ROOT = Path(__file__).resolve().parents[1]


def run(capsys, *argv):
    """Run main() in-process; return (status, stdout, stderr)."""
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def field(out, name):
    match = re.search(rf"^{re.escape(name)}:\s+(\S+)", out, flags=re.MULTILINE)
    assert match, f"no {name!r} line in:\n{out}"
    return match.group(1)


def coefficients(out):
    """{feature: coef} from the printed table."""
    rows = re.findall(r"^\s+(\d+)\s+(\S+)\s+(\S+)$", out, flags=re.MULTILINE)
    return {name: float(value) for _, name, value in rows}


def sklearn_objective(X, y, alpha, l1_ratio, fit_intercept):
    from sklearn.linear_model import ElasticNet as SkElasticNet

    sk = SkElasticNet(alpha=alpha, l1_ratio=l1_ratio, fit_intercept=fit_intercept, tol=1e-10,
                      max_iter=100_000).fit(X, y)
    return objective_value(X, y, sk.coef_, sk.intercept_, alpha, l1_ratio)


@pytest.fixture(scope="module")
def prostate_csv(tmp_path_factory):
    """prostate written as CSV: 8 features then the target lpsa (last column)."""
    path = tmp_path_factory.mktemp("data") / "prostate.csv"
    load_prostate(as_frame=True).frame.to_csv(path, index=False, float_format="%.17g")
    return path


# ------------------------------------------------------------------ success
def test_default_run_is_riboflavin_lasso(capsys):
    status, out, err = run(capsys)
    assert status == 0, err
    assert f"sparselearn {__version__}: Lasso" in out
    assert "riboflavin (embedded), 71 samples x 4088 features, target 'y'" in out
    assert "(alpha/alpha_max = 0.1," in out
    for name in ("intercept", "objective", "duality gap", "n_iter", "fit time", "non-zeros"):
        field(out, name)

    X, y = load_riboflavin(return_X_y=True)
    alpha = float(field(out, "alpha"))
    model = Lasso(alpha=alpha).fit(X, y)
    # the printed numbers are those of the estimator
    expected = objective_value(X, y, model.coef_, model.intercept_, alpha)
    assert float(field(out, "objective")) == pytest.approx(expected, rel=1e-9)
    assert float(field(out, "intercept")) == pytest.approx(model.intercept_, rel=1e-8, abs=1e-12)
    assert int(field(out, "n_iter")) == model.n_iter_
    coefs = coefficients(out)
    names = load_riboflavin().feature_names
    nz = np.flatnonzero(model.coef_)
    assert set(coefs) == set(names[nz])
    assert field(out, "non-zeros") == str(len(nz))
    for j in nz:
        assert coefs[names[j]] == pytest.approx(model.coef_[j], rel=1e-5)
    # sorted by decreasing |coef|
    mags = [abs(v) for v in coefs.values()]
    assert mags == sorted(mags, reverse=True)
    # and (nearly) optimal: scikit-learn's solution is not better beyond the tolerance
    best = sklearn_objective(X, y, alpha, 1.0, True)
    assert expected <= best + 1e-4 * np.mean((y - y.mean()) ** 2)


def test_fit_subcommand_is_the_default(capsys):
    _, out_default, _ = run(capsys, "--dataset", "prostate", "--alpha", "0.05")
    status, out_fit, _ = run(capsys, "fit", "--dataset", "prostate", "--alpha", "0.05")
    assert status == 0
    strip = re.compile(r"^fit time:.*$", flags=re.MULTILINE)
    assert strip.sub("", out_default) == strip.sub("", out_fit)


def test_csv_with_options(capsys, prostate_csv):
    status, out, err = run(capsys, str(prostate_csv), "--target", "lpsa", "--model", "enet",
                           "--l1-ratio", "0.7", "--standardize", "--no-intercept",
                           "--alpha-ratio", "0.05", "--max-iter", "5000", "--tol", "1e-8")
    assert status == 0, err
    assert "ElasticNet (l1_ratio=0.7)" in out
    assert "prostate.csv, 97 samples x 8 features, target 'lpsa'" in out
    assert "standardized" in out
    assert float(field(out, "intercept")) == 0.0

    bunch = load_prostate()
    X = (bunch.data - bunch.data.mean(0)) / bunch.data.std(0)
    alpha = float(field(out, "alpha"))
    model = ElasticNet(alpha=alpha, l1_ratio=0.7, fit_intercept=False, tol=1e-8,
                       max_iter=5000).fit(X, bunch.target)
    expected = objective_value(X, bunch.target, model.coef_, 0.0, alpha, 0.7)
    assert float(field(out, "objective")) == pytest.approx(expected, rel=1e-9)
    assert expected == pytest.approx(sklearn_objective(X, bunch.target, alpha, 0.7, False),
                                     rel=1e-6)
    # alpha_max of the elastic net without intercept: max |X^T y| / (n l1_ratio)
    alpha_max = np.max(np.abs(X.T @ bunch.target)) / (len(X) * 0.7)
    assert alpha == pytest.approx(0.05 * alpha_max, rel=1e-8)


def test_csv_default_target_is_last_column(capsys, prostate_csv):
    status, out, _ = run(capsys, str(prostate_csv), "--alpha", "0.1", "--top", "2")
    assert status == 0
    assert "target: last column 'lpsa'" in out
    assert "(showing the 2 largest)" in out
    assert len(coefficients(out)) == 2


def test_parquet(capsys, tmp_path):
    pytest.importorskip("pyarrow")
    path = tmp_path / "prostate.parquet"
    load_prostate(as_frame=True).frame.to_parquet(path)
    status, out, err = run(capsys, str(path), "--target", "lpsa")
    assert status == 0, err
    assert "97 samples x 8 features" in out


def test_unreadable_parquet_is_a_one_line_error(capsys, tmp_path):
    # without pyarrow/fastparquet: says what to install; with one: cannot read the garbage
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"not a parquet file")
    status, out, err = run(capsys, str(path))
    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "needs pyarrow" in err or f"cannot read {path}" in err


def test_objective_value_closed_form():
    X = np.eye(2)
    y = np.array([1.0, -2.0])
    coef = np.array([0.5, -1.5])
    # 1/4 * (0.25 + 0.25) + 0.25 * 2 = 0.625
    assert objective_value(X, y, coef, 0.0, 0.25) == pytest.approx(0.625)
    # weights, penalty factors and the ridge part
    w = np.array([1.0, 3.0])
    pf = np.array([0.0, 2.0])
    expected = (1 * 0.25 + 3 * 0.25) / 8 + 0.25 * 2 * (0.5 * 1.5 + 0.25 * 1.5**2)
    assert objective_value(X, y, coef, 0.0, 0.25, 0.5, w, pf) == pytest.approx(expected)


def test_help_and_version(capsys):
    status, out, _ = run(capsys, "--version")
    assert status == 0 and __version__ in out
    status, out, _ = run(capsys, "--help")
    assert status == 0 and "fit" in out
    status, out, _ = run(capsys, "fit", "--help")
    assert status == 0 and "--alpha-ratio" in out and "--target" in out


# ------------------------------------------------------------------- errors
def write(path, text):
    path.write_text(text)
    return str(path)


ERRORS = {
    "missing file": (lambda d: [str(d / "nope.csv")], "data file not found"),
    "directory": (lambda d: [str(d)], "is a directory"),
    "empty file": (lambda d: [write(d / "e.csv", "")], "data file is empty"),
    "header only": (lambda d: [write(d / "h.csv", "a,b,y\n")], "header but no rows"),
    "missing target": (lambda d: [write(d / "t.csv", "a,b\n1,2\n3,4\n"), "--target", "y"],
                       "target column 'y' not found"),
    "non-numeric target": (lambda d: [write(d / "s.csv", "a,b,y\n1,2,red\n2,3,blue\n")],
                           "non-numeric column(s) in"),
    "identifier column": (lambda d: [write(d / "i.csv", "a,id,y\n" + "".join(
        f"{k},u{k},{k % 3}\n" for k in range(300)))], "too many distinct values"),
    "missing values": (lambda d: [write(d / "n.csv", "a,b,y\n1,,2\n2,3,3\n")],
                       "missing or infinite values"),
    "only target": (lambda d: [write(d / "o.csv", "y\n1\n2\n")], "no feature columns"),
    "l1-ratio with lasso": (lambda d: ["--l1-ratio", "0.5"], "only used with --model enet"),
    "file and dataset": (lambda d: [write(d / "f.csv", "a,y\n1,2\n"), "--dataset", "prostate"],
                         "either a DATA file or --dataset"),
    "constant target": (lambda d: [write(d / "c.csv", "a,y\n1,2\n3,2\n")], "alpha_max is 0"),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_errors_exit_2_with_one_line(capsys, tmp_path, case):
    make_args, message = ERRORS[case]
    status, out, err = run(capsys, *make_args(tmp_path))
    assert status == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("sparselearn: error: ")
    assert message in lines[0]
    if case == "non-numeric target":
        assert "'y'" in lines[0] and "--model logistic" in lines[0]


@pytest.mark.parametrize("argv", [["--alpha", "-1"], ["--alpha", "1", "--alpha-ratio", "0.1"],
                                  ["--l1-ratio", "2"], ["--model", "ridge"], ["--bogus"]])
def test_usage_errors_exit_2(capsys, argv):
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert "error:" in err and "Traceback" not in err


# --------------------------------------------------------------- subprocess
def _env():
    env = dict(os.environ)
    # run the code under test, not whatever else is installed
    env["PYTHONPATH"] = os.pathsep.join([str(REPO_ROOT), env.get("PYTHONPATH", "")])
    return env


def test_python_m_sparselearn(capsys, prostate_csv):
    proc = subprocess.run([sys.executable, "-m", "sparselearn", str(prostate_csv), "--alpha",
                           "0.02"], capture_output=True, text=True, env=_env(), timeout=300)
    assert proc.returncode == 0, proc.stderr
    status, out, _ = run(capsys, str(prostate_csv), "--alpha", "0.02")
    assert status == 0
    assert field(proc.stdout, "objective") == field(out, "objective")
    assert coefficients(proc.stdout) == coefficients(out)


def test_python_m_sparselearn_default_data():
    proc = subprocess.run([sys.executable, "-m", "sparselearn"], capture_output=True, text=True,
                          env=_env(), timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "riboflavin (embedded), 71 samples x 4088 features" in proc.stdout
    assert float(field(proc.stdout, "objective")) > 0


def test_python_m_sparselearn_error_has_no_traceback(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "sparselearn", str(tmp_path / "missing.csv")],
                          capture_output=True, text=True, env=_env(), timeout=300)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.strip().splitlines() == [
        f"sparselearn: error: data file not found: {tmp_path / 'missing.csv'}"]


def test_console_script():
    script = Path(sys.executable).with_name("sparselearn")
    if not script.exists():
        pytest.skip("the sparselearn console script is not installed in this environment")
    proc = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().startswith("sparselearn ")


# ------------------------------------------------------ README and .ci/run
def readme_commands():
    """The one-line commands of the README's fenced ``bash`` blocks before the first '## '."""
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    top = text.split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", top, flags=re.DOTALL)
    return [line for block in blocks for line in block.strip().splitlines()]


def test_readme_has_two_setup_commands_and_ci_runs_the_second():
    commands = readme_commands()
    assert len(commands) == 2, commands
    main_cmd, test_cmd = commands
    assert "pip install" in main_cmd and "sparselearn" in main_cmd
    assert "pip install" in test_cmd and "pytest" in test_cmd
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    match = re.search(r"^TEST_CMD='(.*)'$", ci, flags=re.MULTILINE)
    assert match, "TEST_CMD='...' not found in .ci/run"
    assert match.group(1) == test_cmd

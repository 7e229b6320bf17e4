"""The ``sparselearn`` command line.

Usage::

    sparselearn [fit] [DATA] [--target COLUMN] [--model {lasso,enet}]
                [--alpha A | --alpha-ratio R] [--l1-ratio L] [--no-intercept]
                [--standardize] [--max-iter N] [--tol TOL] [--top K]
                [--dataset {riboflavin,prostate}]

``sparselearn`` with no arguments is ``sparselearn fit`` on the embedded
riboflavin data. Errors in the input (missing file, unknown target column,
non-numeric or missing values, empty data) print one line on stderr and exit
with status 2.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
import warnings
from dataclasses import dataclass, field
from typing import Callable, Sequence, TextIO

import numpy as np

__all__ = ["main", "build_parser", "objective_value", "CLIError"]

PROG = "sparselearn"
DEFAULT_DATASET = "riboflavin"
DEFAULT_ALPHA_RATIO = 0.1
DEFAULT_L1_RATIO = 0.5
EMBEDDED = ("riboflavin", "prostate")
PARQUET_SUFFIXES = (".parquet", ".pq")
TAB_SUFFIXES = (".tsv", ".tab", ".tsv.gz", ".tab.gz")


class CLIError(Exception):
    """A user error: reported as one line on stderr, exit status 2."""


@dataclass
class Table:
    """A regression problem read from a file or an embedded data set."""

    name: str
    X: np.ndarray
    y: np.ndarray
    feature_names: list[str]
    target_name: str
    notes: list[str] = field(default_factory=list)
    # original column -> the columns of the design it became (one-hot levels)
    groups: dict[str, list[str]] = field(default_factory=dict)
    description: str | None = None


# --------------------------------------------------------------------- parsing
def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"must be a finite number > 0, got {text!r}")
    return value


def _unit_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be in [0, 1], got {text!r}")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser (one sub-parser per sub-command).

    Returns
    -------
    parser : argparse.ArgumentParser
        The top-level parser; ``fit`` is its only sub-command so far.
    """
    from sparselearn import __version__

    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Sparse linear models (Lasso, elastic net) with a scikit-learn API. "
        "Without a sub-command, 'fit' is run.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    fit = sub.add_parser(
        "fit",
        help="fit a Lasso or elastic net and print the solution (default command)",
        description="Fit a Lasso or an elastic net and print the non-zero coefficients, "
        "the objective value, the duality gap and the fit time. Without DATA the embedded "
        f"{DEFAULT_DATASET} data set is used.",
    )
    fit.add_argument(
        "data", nargs="?", metavar="DATA",
        help="CSV file with a header row (separator , ; TAB or |; also .csv.gz, .tsv) "
        "or Parquet file; "
        "default: the embedded data set",
    )
    fit.add_argument(
        "--dataset", choices=EMBEDDED, default=None,
        help=f"embedded data set to use when no DATA is given (default: {DEFAULT_DATASET})",
    )
    fit.add_argument(
        "--target", metavar="COLUMN",
        help="name of the target column in DATA (default: the last column)",
    )
    fit.add_argument(
        "--model", choices=("lasso", "enet"), default="lasso",
        help="lasso (default) or enet (elastic net)",
    )
    grid = fit.add_mutually_exclusive_group()
    grid.add_argument("--alpha", type=_positive_float, metavar="A",
                      help="regularization strength alpha")
    grid.add_argument(
        "--alpha-ratio", type=_positive_float, metavar="R",
        help=f"alpha as a fraction of alpha_max, the smallest alpha giving all-zero "
        f"coefficients (default: {DEFAULT_ALPHA_RATIO})",
    )
    fit.add_argument(
        "--l1-ratio", type=_unit_float, metavar="L",
        help=f"elastic-net mixing parameter in [0, 1], only with --model enet "
        f"(default: {DEFAULT_L1_RATIO})",
    )
    fit.add_argument("--no-intercept", action="store_true",
                     help="do not fit an intercept (fit_intercept=False)")
    fit.add_argument(
        "--standardize", action="store_true",
        help="scale every feature to mean 0 and standard deviation 1 before fitting "
        "(coefficients are then reported on that scale)",
    )
    fit.add_argument("--max-iter", type=_positive_int, default=1000, metavar="N",
                     help="maximum number of epochs (default: 1000)")
    fit.add_argument("--tol", type=_positive_float, default=1e-4, metavar="TOL",
                     help="tolerance on the scaled duality gap (default: 1e-4)")
    fit.add_argument("--top", type=_positive_int, default=None, metavar="K",
                     help="print only the K largest coefficients (default: all non-zeros)")
    fit.add_argument("--export", metavar="PATH",
                     help="also write the fitted model as JSON (sparselearn.export; "
                     "loads without pickle)")
    fit.set_defaults(handler=_run_fit)

    report = sub.add_parser(
        "report",
        help="choose alpha by cross-validation and write an HTML report",
        description="Fit a sparse model with alpha chosen by cross-validation (or given), "
        "and write one self-contained HTML file: model summary, coefficient table (original "
        "and standardized scale, order of entry along the path, CV selection frequency), "
        "path, CV and coefficient plots, and the data description. Categorical columns are "
        "one-hot encoded; for --model group each original column is one group. Without DATA "
        f"the embedded {DEFAULT_DATASET} data set is used.",
    )
    report.add_argument("data", nargs="?", metavar="DATA",
                        help="CSV (or .csv.gz, .tsv) with a header row, or Parquet; "
                        "default: the embedded data set")
    report.add_argument("--dataset", choices=EMBEDDED, default=None,
                        help=f"embedded data set when no DATA is given "
                        f"(default: {DEFAULT_DATASET})")
    report.add_argument("--target", metavar="COLUMN",
                        help="target column of DATA (default: the last column)")
    report.add_argument("--model", choices=("lasso", "enet", "group", "logistic"),
                        default="lasso",
                        help="lasso (default), enet, group (group lasso over the original "
                        "columns) or logistic (L1 logistic regression; the target holds "
                        "class labels)")
    report.add_argument("--cv", type=_positive_int, default=5, metavar="K",
                        help="number of cross-validation folds (default: 5)")
    report.add_argument("--alpha", type=_positive_float, metavar="A",
                        help="use this alpha instead of cross-validation")
    report.add_argument("--select", choices=("min", "1se"), default="min",
                        help="alpha of minimum CV error (default) or glmnet's 1-SE rule")
    report.add_argument("--l1-ratio", type=_unit_float, metavar="L", default=None,
                        help="L1 share of the penalty for enet (default 0.5) and group "
                        "(default 0: the group lasso)")
    report.add_argument("--groups", metavar="FILE",
                        help="JSON object {group name: [column, ...]} for --model group "
                        "(default: one group per original column)")
    report.add_argument("--no-standardize", action="store_true",
                        help="fit on the raw features (default: a StandardScaler first; the "
                        "report shows both scales either way)")
    report.add_argument("--max-iter", type=_positive_int, default=1000, metavar="N")
    report.add_argument("--tol", type=_positive_float, default=1e-4, metavar="TOL")
    report.add_argument("-o", "--output", metavar="PATH", default="sparselearn-report.html",
                        help="where to write the report (default: sparselearn-report.html)")
    report.add_argument("--export", metavar="PATH",
                        help="also write the fitted model as JSON")
    report.add_argument("--quiet", action="store_true", help="no progress messages")
    report.set_defaults(handler=_run_report)
    return parser


def _normalize_argv(argv: list[str], parser: argparse.ArgumentParser) -> list[str]:
    """Insert the default sub-command ``fit`` unless one (or top-level help) is given."""
    commands = set()
    for action in parser._actions:  # the sub-parsers action lists the command names
        if isinstance(action, argparse._SubParsersAction):
            commands.update(action.choices)
    if argv and (argv[0] in commands or argv[0] in ("-h", "--help", "--version")):
        return argv
    return ["fit", *argv]


# ------------------------------------------------------------------ the data
def _load_embedded(name: str) -> Table:
    from sparselearn import datasets

    loader = {"riboflavin": datasets.load_riboflavin, "prostate": datasets.load_prostate}[name]
    bunch = loader()
    return Table(
        name=f"{name} (embedded)",
        X=np.asarray(bunch.data, dtype=np.float64),
        y=np.asarray(bunch.target, dtype=np.float64),
        feature_names=[str(f) for f in bunch.feature_names],
        target_name=str(bunch.target_names[0]),
        groups={str(f): [str(f)] for f in bunch.feature_names},
        description=getattr(bunch, "DESCR", None),
    )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _short_list(names: Sequence[object], limit: int = 8) -> str:
    names = [str(n) for n in names]
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f", ... ({len(names)} in all)"


def _sniff_separator(path: str) -> str:
    """The most frequent of ``, ; TAB |`` in the header line (``,`` when none occurs)."""
    import gzip

    opener = gzip.open if path.lower().endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8", errors="replace") as fh:
            header = fh.readline()
    except OSError:
        return ","  # let pandas report the problem
    counts = {sep: header.count(sep) for sep in (",", ";", "\t", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] > 0 else ","


def _read_frame(path: str):
    import pandas as pd

    if not os.path.exists(path):
        raise CLIError(f"data file not found: {path}")
    if os.path.isdir(path):
        raise CLIError(f"data path is a directory, not a file: {path}")
    lower = path.lower()
    try:
        if lower.endswith(PARQUET_SUFFIXES):
            try:
                return pd.read_parquet(path)
            except ImportError:
                raise CLIError(
                    "reading Parquet needs pyarrow or fastparquet "
                    "(python -m pip install pyarrow), or convert the file to CSV"
                ) from None
        sep = "\t" if lower.endswith(TAB_SUFFIXES) else _sniff_separator(path)
        return pd.read_csv(path, sep=sep)
    except CLIError:
        raise
    except pd.errors.EmptyDataError:
        raise CLIError(f"data file is empty: {path}") from None
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError, OSError) as exc:
        raise CLIError(f"cannot read {path}: {_first_line(exc)}") from None


MAX_LEVELS = 200  # a text column with more levels is an identifier, not a category


def _load_file(path: str, target: str | None, *, labels: bool = False) -> Table:
    """Read DATA; one-hot encode its categorical feature columns (``labels``: y is classes)."""
    import pandas as pd

    df = _read_frame(path)
    columns = [str(c) for c in df.columns]
    df.columns = columns
    if len(columns) == 0:
        raise CLIError(f"data file has no columns: {path}")
    if len(set(columns)) != len(columns):
        dup = sorted({c for c in columns if columns.count(c) > 1})
        raise CLIError(f"duplicate column names in {path}: {_short_list(dup)}")
    notes = []
    if target is None:
        target = columns[-1]
        notes.append(f"target: last column {target!r} (choose another with --target)")
    elif target not in columns:
        raise CLIError(
            f"target column {target!r} not found in {path}; columns are: {_short_list(columns)}"
        )
    if len(df) == 0:
        raise CLIError(f"data file has a header but no rows: {path}")
    features = [c for c in columns if c != target]
    if not features:
        raise CLIError(f"no feature columns in {path} besides the target {target!r}")
    missing = [f"{c} ({n} rows)" for c, n in zip(columns, df.isna().sum().to_numpy()) if n]
    if missing:
        raise CLIError(f"missing or infinite values in {path}, column(s): {_short_list(missing)}")

    def numeric(c):
        return pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c])

    categorical = [c for c in features if not numeric(c)]
    too_many = [f"{c} ({df[c].nunique()} levels)" for c in categorical
                if df[c].nunique() > MAX_LEVELS]
    if too_many:
        raise CLIError(f"non-numeric column(s) with too many distinct values to one-hot encode "
                       f"in {path}: {_short_list(too_many)} (drop them or encode them yourself)")
    blocks, names, groups = [], [], {}
    for c in features:
        if c in categorical:
            dummies = pd.get_dummies(df[c].astype(str), prefix=c, prefix_sep="=", dtype=float)
            blocks.append(dummies.to_numpy())
            groups[c] = [str(d) for d in dummies.columns]
        else:
            blocks.append(df[[c]].to_numpy(dtype=np.float64))
            groups[c] = [c]
        names += groups[c]
    if categorical:
        notes.append(f"one-hot encoded: {_short_list(categorical)} "
                     f"({sum(len(groups[c]) for c in categorical)} columns)")
    X = np.ascontiguousarray(np.hstack(blocks))
    if not np.isfinite(X).all():
        counts = (~np.isfinite(X)).sum(axis=0)
        bad = [f"{n} ({k} rows)" for n, k in zip(names, counts) if k]
        raise CLIError(f"missing or infinite values in {path}, column(s): {_short_list(bad)}")
    if labels:
        y = df[target].to_numpy()
    else:
        if not numeric(target):
            raise CLIError(f"non-numeric column(s) in {path}: target {target!r} (a regression "
                           "target must be numeric; use --model logistic for class labels)")
        y = df[target].to_numpy(dtype=np.float64)
        if not np.isfinite(y).all():
            raise CLIError(f"missing or infinite values in {path}, column(s): {target}")
    return Table(name=os.path.basename(path), X=X, y=y, feature_names=names,
                 target_name=target, notes=notes, groups=groups)


# ------------------------------------------------------------- the numerics
def _alpha_max(X: np.ndarray, y: np.ndarray, l1_ratio: float, fit_intercept: bool) -> float:
    from sparselearn.linear_model import alpha_max

    return float(alpha_max(X, y, l1_ratio=l1_ratio, fit_intercept=fit_intercept))


def objective_value(
    X: np.ndarray,
    y: np.ndarray,
    coef: np.ndarray,
    intercept: float,
    alpha: float,
    l1_ratio: float = 1.0,
    sample_weight: np.ndarray | None = None,
    penalty_factor: np.ndarray | None = None,
) -> float:
    """Elastic-net objective minimized by sparselearn's estimators.

    .. math::

        \\frac{1}{2 \\sum_i w_i} \\sum_i w_i (y_i - x_i^\\top \\beta - b)^2
        + \\alpha \\sum_j pf_j \\left(\\rho |\\beta_j| + \\frac{1 - \\rho}{2} \\beta_j^2\\right)

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        Design matrix (as passed to ``fit``).
    y : ndarray of shape (n_samples,)
        Target.
    coef : ndarray of shape (n_features,)
        Coefficients :math:`\\beta`.
    intercept : float
        Intercept :math:`b`.
    alpha : float
        Regularization strength :math:`\\alpha`.
    l1_ratio : float, default=1.0
        Mixing parameter :math:`\\rho` (1 is the Lasso).
    sample_weight : ndarray of shape (n_samples,), default=None
        Weights :math:`w_i`; ones when None.
    penalty_factor : ndarray of shape (n_features,), default=None
        Per-feature penalty factors :math:`pf_j`; ones when None.

    Returns
    -------
    float
        The objective value.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.eye(2); y = np.array([1.0, -2.0])
    >>> objective_value(X, y, np.array([0.5, -1.5]), 0.0, alpha=0.25)
    0.625
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    coef = np.asarray(coef, dtype=np.float64).ravel()
    w = np.ones_like(y) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    pf = np.ones_like(coef) if penalty_factor is None else np.asarray(penalty_factor, np.float64)
    resid = y - X @ coef - intercept
    datafit = float(w @ resid**2) / (2.0 * float(w.sum()))
    penalty = alpha * float(pf @ (l1_ratio * np.abs(coef) + 0.5 * (1.0 - l1_ratio) * coef**2))
    return datafit + penalty


def _make_estimator(args: argparse.Namespace, alpha: float, l1_ratio: float):
    from sparselearn.linear_model import ElasticNet, Lasso

    common = dict(alpha=alpha, fit_intercept=not args.no_intercept,
                  max_iter=args.max_iter, tol=args.tol)
    if args.model == "lasso":
        return Lasso(**common)
    return ElasticNet(l1_ratio=l1_ratio, **common)


# ----------------------------------------------------------------- the job
class _CompileTimer:
    """Wall time spent compiling Numba functions inside the ``with`` block.

    Uses Numba's event API (``numba:compile`` events; loads from the on-disk
    cache emit none). ``seconds`` stays None when that API is unavailable.
    """

    def __init__(self) -> None:
        self.seconds: float | None = None
        self._recorder = None

    def __enter__(self) -> "_CompileTimer":
        try:
            from numba.core import event

            self._recorder = event.install_recorder("numba:compile")
            self._buffer = self._recorder.__enter__().buffer
        except Exception:  # pragma: no cover - depends on the Numba version
            self._recorder = None
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._recorder is None:
            return
        self._recorder.__exit__(*exc_info)
        # union of the outermost compile intervals (compilations nest)
        total, depth, begin = 0.0, 0, 0.0
        try:
            for stamp, evt in self._buffer:
                if evt.is_start:
                    if depth == 0:
                        begin = stamp
                    depth += 1
                elif evt.is_end and depth > 0:
                    depth -= 1
                    if depth == 0:
                        total += stamp - begin
        except Exception:  # pragma: no cover - depends on the Numba version
            return
        self.seconds = total


def _g(value: float) -> str:
    return f"{value:.10g}"


def _run_fit(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.data is not None and args.dataset is not None:
        raise CLIError("give either a DATA file or --dataset, not both")
    if args.model == "lasso" and args.l1_ratio is not None:
        raise CLIError("--l1-ratio is only used with --model enet")
    l1_ratio = 1.0 if args.model == "lasso" else (
        DEFAULT_L1_RATIO if args.l1_ratio is None else args.l1_ratio)

    if args.data is None:
        if args.target is not None:
            raise CLIError("--target is only used with a DATA file")
        table = _load_embedded(args.dataset or DEFAULT_DATASET)
    else:
        table = _load_file(args.data, args.target)

    X, y = table.X, table.y
    if args.standardize:
        scale = X.std(axis=0)
        scale[scale == 0.0] = 1.0
        X = (X - X.mean(axis=0)) / scale
        table.notes.append("features standardized to mean 0, std 1; coefficients on that scale")
    fit_intercept = not args.no_intercept

    try:
        amax = _alpha_max(X, y, l1_ratio, fit_intercept) if l1_ratio > 0 else math.inf
    except ValueError as exc:  # input rejected by the validation of the core
        raise CLIError(f"cannot compute alpha_max: {_first_line(exc)}") from None
    if args.alpha is not None:
        alpha = args.alpha
    else:
        if l1_ratio == 0:
            raise CLIError("--l1-ratio 0 has no alpha_max: give --alpha")
        if not amax > 0:
            raise CLIError("alpha_max is 0 (constant target or features): give --alpha")
        ratio = DEFAULT_ALPHA_RATIO if args.alpha_ratio is None else args.alpha_ratio
        alpha = ratio * amax

    model = _make_estimator(args, alpha, l1_ratio)
    with warnings.catch_warnings(record=True) as caught, _CompileTimer() as compiling:
        warnings.simplefilter("always")
        start = time.perf_counter()
        try:
            model.fit(X, y)
        except ValueError as exc:  # input rejected by the estimator's validation
            raise CLIError(f"cannot fit the model: {_first_line(exc)}") from None
        elapsed = time.perf_counter() - start

    coef = np.asarray(model.coef_, dtype=np.float64).ravel()
    intercept = float(np.asarray(model.intercept_, dtype=np.float64).ravel()[0])
    obj = objective_value(X, y, coef, intercept, alpha, l1_ratio)
    nz = np.flatnonzero(coef)
    order = nz[np.argsort(-np.abs(coef[nz]), kind="stable")]
    shown = order if args.top is None else order[: args.top]

    from sparselearn import __version__

    n, p = X.shape
    label = "Lasso" if args.model == "lasso" else f"ElasticNet (l1_ratio={_g(l1_ratio)})"
    print(f"sparselearn {__version__}: {label}", file=out)
    print(f"data:         {table.name}, {n} samples x {p} features, target {table.target_name!r}",
          file=out)
    for note in table.notes:
        print(f"              {note}", file=out)
    if math.isfinite(amax) and amax > 0:
        print(f"alpha:        {_g(alpha)}  (alpha/alpha_max = {alpha / amax:.4g}, "
              f"alpha_max = {_g(amax)})", file=out)
    else:
        print(f"alpha:        {_g(alpha)}", file=out)
    print(f"non-zeros:    {len(nz)} of {p} coefficients"
          + (f" (showing the {len(shown)} largest)" if len(shown) < len(nz) else ""), file=out)
    if len(shown):
        width = min(max(len("feature"), *(len(table.feature_names[j]) for j in shown)), 40)
        print(f"    {'rank':>4}  {'feature':<{width}}  {'coefficient':>14}", file=out)
        for rank, j in enumerate(shown, 1):
            print(f"    {rank:>4}  {table.feature_names[j]:<{width}}  {coef[j]:>14.6g}", file=out)
    print(f"intercept:    {_g(intercept)}", file=out)
    print(f"objective:    {_g(obj)}", file=out)
    print(f"duality gap:  {float(np.max(model.dual_gap_)):.3e}", file=out)
    print(f"n_iter:       {int(np.max(model.n_iter_))}", file=out)
    compile_note = ""
    if compiling.seconds is not None and compiling.seconds >= 0.001:
        compile_note = (f"  (of which {compiling.seconds:.3f} s compiling the solver on first use;"
                        " cached for later runs)")
    print(f"fit time:     {elapsed:.3f} s{compile_note}", file=out)
    _export_fit(args, table, model, out)
    for w in caught:
        message = " ".join(str(w.message).split())
        print(f"{PROG}: warning: {w.category.__name__}: {message}", file=err)
    return 0


def _pipeline_with_scaler(X_raw: np.ndarray, model):
    """The fitted model behind the StandardScaler that ``--standardize`` applied by hand."""
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler()
    scale = X_raw.std(axis=0)
    scale[scale == 0.0] = 1.0
    scaler.mean_, scaler.scale_, scaler.var_ = X_raw.mean(axis=0), scale, scale ** 2
    scaler.n_features_in_, scaler.n_samples_seen_ = X_raw.shape[1], X_raw.shape[0]
    return make_pipeline(scaler, model)


def _export_fit(args: argparse.Namespace, table: Table, model, out: TextIO) -> None:
    if args.export:
        exported = model
        if args.standardize:  # the exported model takes raw features, as the data file has
            exported = _pipeline_with_scaler(table.X, model)
        print(f"model:        written to {_export(exported, args.export)}", file=out)


def _export(model, path: str) -> str:
    from sparselearn.export import to_json

    target = os.path.abspath(os.path.expanduser(path))
    try:
        with open(target, "w", encoding="utf-8") as fh:
            fh.write(to_json(model, indent=1))
    except OSError as exc:
        raise CLIError(f"cannot write {path}: {_first_line(exc)}") from None
    return target


class _Progress:
    """One line on stderr per step of the job, with its time."""

    def __init__(self, err: TextIO, quiet: bool) -> None:
        self.err, self.quiet = err, quiet

    def __call__(self, message: str):
        return _Step(self, message)


class _Step:
    def __init__(self, progress: _Progress, message: str) -> None:
        self.progress, self.message = progress, message

    def __enter__(self):
        if not self.progress.quiet:
            print(f"{PROG}: {self.message} ...", file=self.progress.err, flush=True)
        self.start = time.perf_counter()
        return self

    def __exit__(self, exc_type, *_):
        if exc_type is None and not self.progress.quiet:
            print(f"{PROG}: {self.message}: done in {time.perf_counter() - self.start:.1f} s",
                  file=self.progress.err, flush=True)


def _report_groups(args: argparse.Namespace, table: Table) -> dict:
    if args.groups is None:
        return table.groups
    import json

    try:
        with open(args.groups, encoding="utf-8") as fh:
            spec = json.load(fh)
    except (OSError, ValueError) as exc:
        raise CLIError(f"cannot read --groups {args.groups}: {_first_line(exc)}") from None
    if not isinstance(spec, dict) or not all(
            isinstance(v, list) and all(isinstance(c, str) for c in v) for v in spec.values()):
        raise CLIError("--groups must be a JSON object {group name: [column, ...]}")
    expanded = {}
    for name, cols in spec.items():  # an original categorical column stands for its levels
        unknown = [c for c in cols if c not in table.groups and c not in table.feature_names]
        if unknown:
            raise CLIError(f"--groups: unknown column(s) {_short_list(unknown)}")
        expanded[str(name)] = [d for c in cols for d in table.groups.get(c, [c])]
    return expanded


def _report_model(args: argparse.Namespace, table: Table):
    from sparselearn import linear_model as lm

    common = dict(max_iter=args.max_iter, tol=args.tol)
    if args.l1_ratio is not None and args.model in ("lasso", "logistic"):
        raise CLIError("--l1-ratio is only used with --model enet or group")
    if args.groups is not None and args.model != "group":
        raise CLIError("--groups is only used with --model group")
    if args.model == "group":
        # column positions, not names: the StandardScaler in front passes arrays
        position = {name: j for j, name in enumerate(table.feature_names)}
        groups = {g: [position[c] for c in cols]
                  for g, cols in _report_groups(args, table).items()}
        rho = 0.0 if args.l1_ratio is None else args.l1_ratio
        common.update(groups=groups)
        if args.alpha is not None:
            return lm.SparseGroupLasso(alpha=args.alpha, l1_ratio=rho, **common)
        return lm.SparseGroupLassoCV(l1_ratio=rho, cv=args.cv, alpha_selection=args.select,
                                     **common)
    if args.model == "logistic":
        if args.alpha is not None:
            return lm.SparseLogisticRegression(alpha=args.alpha, **common)
        return lm.SparseLogisticRegressionCV(cv=args.cv, alpha_selection=args.select, **common)
    rho = 1.0 if args.model == "lasso" else (
        DEFAULT_L1_RATIO if args.l1_ratio is None else args.l1_ratio)
    if args.alpha is not None:
        return lm.ElasticNet(alpha=args.alpha, l1_ratio=rho, **common)
    cls = lm.LassoCV if args.model == "lasso" else lm.ElasticNetCV
    extra = {} if args.model == "lasso" else {"l1_ratio": rho}
    return cls(cv=args.cv, alpha_selection=args.select, **extra, **common)


def _run_report(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import pandas as pd
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from sparselearn.report._html import write_report

    step = _Progress(err, args.quiet)
    if args.data is not None and args.dataset is not None:
        raise CLIError("give either a DATA file or --dataset, not both")
    with step("reading the data"):
        if args.data is None:
            if args.target is not None:
                raise CLIError("--target is only used with a DATA file")
            table = _load_embedded(args.dataset or DEFAULT_DATASET)
        else:
            table = _load_file(args.data, args.target, labels=args.model == "logistic")
    if args.model == "logistic":
        classes = np.unique(table.y)
        if len(classes) < 2 or len(classes) > max(50, len(table.y) // 5):
            raise CLIError(f"--model logistic needs class labels in {table.target_name!r}; "
                           f"it has {len(classes)} distinct values")
    model = _report_model(args, table)
    estimator = model if args.no_standardize else make_pipeline(StandardScaler(), model)
    X = pd.DataFrame(table.X, columns=table.feature_names)
    how = (f"alpha = {_g(args.alpha)}" if args.alpha is not None
           else f"{args.cv}-fold cross-validation")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with step(f"fitting {type(model).__name__} ({how}) on {X.shape[0]} x {X.shape[1]}"):
            try:
                estimator.fit(X, table.y)
            except ValueError as exc:
                raise CLIError(f"cannot fit the model: {_first_line(exc)}") from None
        with step("writing the report (tables and plots)"):
            try:
                path = write_report(args.output, estimator, X, table.y, data_name=table.name,
                                    description=table.description,
                                    cv=args.cv if args.alpha is None else None)
            except OSError as exc:
                raise CLIError(f"cannot write {args.output}: {_first_line(exc)}") from None
    fitted = estimator if args.no_standardize else estimator[-1]
    coef = np.atleast_2d(fitted.coef_)
    used = int(np.count_nonzero(np.any(coef != 0, axis=0)))
    alpha = getattr(fitted, "alpha_", getattr(fitted, "alpha", float("nan")))
    print(f"{type(fitted).__name__} on {table.name}: {X.shape[0]} samples x {X.shape[1]} "
          f"features, target {table.target_name!r}", file=out)
    for note in table.notes:
        print(f"  {note}", file=out)
    print(f"alpha = {_g(alpha)} ({how}); {used} of {X.shape[1]} features used", file=out)
    if args.export:
        print(f"model written to {_export(estimator, args.export)}", file=out)
    print(f"report written to {path}", file=out)
    for w in caught:
        message = " ".join(str(w.message).split())
        print(f"{PROG}: warning: {w.category.__name__}: {message}", file=err)
    return 0


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    """Run the command line.

    Parameters
    ----------
    argv : sequence of str, default=None
        The arguments without the program name; ``sys.argv[1:]`` when None.
    stdout, stderr : file-like, default=None
        Where to write the report and the errors; ``sys.stdout`` and
        ``sys.stderr`` when None.

    Returns
    -------
    int
        Exit status: 0 on success, 2 on a usage or data error.

    Examples
    --------
    >>> import io
    >>> buf = io.StringIO()
    >>> main(["fit", "--dataset", "prostate", "--alpha", "0.1"], stdout=buf)  # doctest: +SKIP
    0
    """
    out = sys.stdout if stdout is None else stdout
    err = sys.stderr if stderr is None else stderr
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = parser.parse_args(_normalize_argv(argv, parser))
    except SystemExit as exc:  # argparse: --help/--version (0) or a usage error (2)
        return int(exc.code or 0) if not isinstance(exc.code, str) else 2
    handler: Callable[[argparse.Namespace, TextIO, TextIO], int] = args.handler
    try:
        return handler(args, out, err)
    except CLIError as exc:
        print(f"{PROG}: error: {exc}", file=err)
        return 2
    except BrokenPipeError:  # e.g. `sparselearn | head`
        try:
            sys.stdout = open(os.devnull, "w")  # silence the flush at exit
        except OSError:
            pass
        return 0

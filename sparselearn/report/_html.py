"""A self-contained HTML report of a fitted sparse model: summary, coefficients, plots, data."""

from __future__ import annotations

import base64
import datetime
import html
import io
from pathlib import Path

from ..inspection import coef_report
from ..utils._scaled import split_scaled

_STYLE = """
body { font-family: sans-serif; margin: 2em auto; max-width: 70em; color: #222; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 1.6em; }
table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: right; }
th { background: #f0f0f0; } td:first-child { text-align: left; }
table.summary td:first-child { font-weight: bold; }
figure { display: inline-block; margin: 0.5em 1em 0.5em 0; vertical-align: top; }
figcaption { font-size: 0.85em; color: #555; max-width: 36em; }
img { max-width: 100%; border: 1px solid #eee; }
pre.description { white-space: pre-wrap; font-size: 0.85em; background: #fafafa;
                  border: 1px solid #eee; padding: 0.8em; max-height: 30em; overflow: auto; }
.note { color: #555; font-size: 0.9em; }
"""


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _figures(model, X, y, names, stability, sample_weight) -> tuple[list, list]:
    """(list of (title, caption, base64 PNG), notes) of the plots that apply to ``model``."""
    try:
        import matplotlib
        matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt
    except ImportError:
        return [], ["matplotlib is not installed: no plots (pip install sparselearn[plot])."]
    from ..inspection._plot import CoefficientDisplay, CVDisplay, PathDisplay, StabilityDisplay

    out, notes = [], []

    def add(title, caption, draw):
        fig, ax = plt.subplots(figsize=(6.4, 4.2))
        try:
            draw(ax)
            out.append((title, caption, _png(fig)))
        except (TypeError, ValueError) as exc:
            notes.append(f"{title}: not drawn ({exc}).")
        finally:
            plt.close(fig)

    add("Regularization path",
        "Coefficients as alpha decreases; the vertical line marks the chosen alpha.",
        lambda ax: PathDisplay.from_estimator(model, X, y, feature_names=names, ax=ax,
                                              sample_weight=sample_weight))
    if hasattr(model, "cv_mean_"):
        add("Cross-validation",
            "Mean CV error with one standard error; alpha_min and alpha_1se marked.",
            lambda ax: CVDisplay.from_estimator(model, ax=ax))
    add("Coefficients", "The non-zero coefficients of the chosen model.",
        lambda ax: CoefficientDisplay.from_estimator(model, feature_names=names, n=30, ax=ax))
    if stability is not None:
        add("Stability selection",
            "Selection probability along the path; the threshold as a horizontal line.",
            lambda ax: StabilityDisplay.from_estimator(stability, feature_names=names, ax=ax))
    return out, notes


def html_report(estimator, X, y, *, title: str | None = None, description: str | None = None,
                data_name: str | None = None, feature_names=None, sample_weight=None,
                stability=None, cv=None, plots: bool = True) -> str:
    """One self-contained HTML page about a fitted sparse model.

    The page holds the model summary, the coefficient table of
    :func:`~sparselearn.inspection.coef_report`, the path, cross-validation,
    coefficient (and stability) plots as embedded PNG images, and the
    description of the data. It references nothing outside itself: no
    scripts, style sheets, fonts or images from the network.

    Parameters
    ----------
    estimator : fitted sparselearn linear model, or Pipeline(StandardScaler, model)
    X, y : the training data
    title : str, default=None
        Page title; by default names the estimator and the data.
    description : str, default=None
        Description of the data set (plain text).
    data_name : str, default=None
        Name of the data set.
    feature_names : sequence of str, default=None
    sample_weight : array-like, default=None
    stability : fitted StabilitySelection, default=None
    cv : int or CV splitter, default=None
        Adds the CV-fold selection frequency to the table.
    plots : bool, default=True
        Draw the plots (needs matplotlib).

    Returns
    -------
    page : str
        The HTML document.

    Examples
    --------
    >>> from sparselearn.datasets import load_prostate
    >>> from sparselearn.linear_model import Lasso
    >>> from sparselearn.report import html_report
    >>> X, y = load_prostate(return_X_y=True, as_frame=True)
    >>> page = html_report(Lasso(alpha=0.1).fit(X, y), X, y, plots=False)
    >>> page.startswith("<!DOCTYPE html>"), "lcavol" in page
    (True, True)
    """
    scaler, model = split_scaled(estimator, "html_report")
    report = coef_report(estimator, X, y, feature_names=feature_names,
                         sample_weight=sample_weight, stability=stability, cv=cv)
    name = type(model).__name__
    data_name = data_name or "the data"
    title = title or f"{name} on {data_name}"
    shape = getattr(X, "shape", (len(X), None))
    Xm = X if scaler is None else scaler.transform(X)
    if feature_names is None:
        source = scaler if scaler is not None and hasattr(scaler, "feature_names_in_") else model
        feature_names = getattr(source, "feature_names_in_", None)
    names = None if feature_names is None else [str(f) for f in feature_names]
    figures, notes = (_figures(model, Xm, y, names, stability, sample_weight) if plots
                      else ([], ["Plots were not requested."]))
    esc = html.escape
    parts = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        f"<title>{esc(title)}</title>", f"<style>{_STYLE}</style>", "</head>", "<body>",
        f"<h1>{esc(title)}</h1>",
        f'<p class="note">{esc(data_name)}: {shape[0]} samples &times; {shape[1]} features. '
        f"Made by sparselearn on "
        f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC.</p>",
        "<h2>Model summary</h2>",
        report.summary_frame().to_html(index=False, header=False, classes="summary",
                                       escape=True),
        f"<h2>Coefficients ({len(report.table)} non-zero)</h2>",
        '<p class="note">coef: on the original scale of the data; std_coef: per standard '
        "deviation of the feature; entry_rank: order in which the features enter the "
        "regularization path as alpha decreases (1 = first).</p>",
        report.table.to_html(index=False, classes="coefficients", escape=True, na_rep="",
                             float_format=lambda v: f"{v:.6g}"),
    ]
    if figures:
        parts.append("<h2>Plots</h2>")
        for fig_title, caption, data in figures:
            parts.append(
                f'<figure><img alt="{esc(fig_title)}" src="data:image/png;base64,{data}">'
                f"<figcaption><b>{esc(fig_title)}.</b> {esc(caption)}</figcaption></figure>")
    for note in notes:
        parts.append(f'<p class="note">{esc(note)}</p>')
    if description:
        parts += ["<h2>Data</h2>", f'<pre class="description">{esc(description)}</pre>']
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def write_report(path, estimator, X, y, **kwargs) -> Path:
    """Write :func:`html_report` to ``path`` (UTF-8) and return the absolute path.

    Parameters
    ----------
    path : str or Path
    estimator, X, y, **kwargs : as for :func:`html_report`

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, os
    >>> from sparselearn.datasets import load_prostate
    >>> from sparselearn.linear_model import Lasso
    >>> from sparselearn.report import write_report
    >>> X, y = load_prostate(return_X_y=True)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = write_report(os.path.join(tmp, "r.html"), Lasso(alpha=0.1).fit(X, y), X, y,
    ...                        plots=False)
    ...     out.stat().st_size > 1000
    True
    """
    path = Path(path).expanduser().resolve()
    path.write_text(html_report(estimator, X, y, **kwargs), encoding="utf-8")
    return path

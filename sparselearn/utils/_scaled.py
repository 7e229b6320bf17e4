"""A fitted model alone or behind a StandardScaler: the two shapes reports and exports read."""

from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler


def split_scaled(estimator, caller: str):
    """``(StandardScaler or None, final model)`` of a model or a Pipeline(scaler, model).

    ``caller`` names the function in the ``TypeError`` raised for any other pipeline.
    """
    if isinstance(estimator, Pipeline):
        steps = [s for _, s in estimator.steps if s not in (None, "passthrough")]
        if len(steps) == 2 and isinstance(steps[0], StandardScaler):
            return steps[0], steps[1]
        if len(steps) == 1:
            return None, steps[0]
        raise TypeError(f"{caller} takes a sparselearn linear model, or a Pipeline of a "
                        "StandardScaler followed by one.")
    return None, estimator

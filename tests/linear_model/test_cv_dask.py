"""CV folds on a dask.distributed cluster through joblib's dask backend."""

import joblib
import numpy as np
import pytest

from sparselearn.datasets import load_prostate
from sparselearn.linear_model import ElasticNetCV, LassoCV

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    # two worker processes: the folds are pickled, shipped and solved elsewhere
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster, \
            distributed.Client(cluster) as client:
        yield client


# prostate's lasso CV minimum is near least squares, at the grid's small end
@pytest.mark.filterwarnings("ignore:The chosen alpha:UserWarning")
@pytest.mark.parametrize("Est, params", [(LassoCV, {}),
                                         (ElasticNetCV, {"l1_ratio": [0.5, 1.0]})])
def test_folds_run_on_local_cluster(client, Est, params):
    X, y = load_prostate(return_X_y=True)
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    w = np.random.RandomState(0).uniform(0.5, 2.0, len(y))
    kwargs = dict(cv=5, alphas=40, eps=1e-4, tol=1e-8, **params)
    with distributed.get_task_stream(client) as stream, \
            joblib.parallel_config(backend="dask"):
        model = Est(n_jobs=-1, **kwargs).fit(X, y, sample_weight=w)
    # the folds ran as (batched) tasks on the cluster's worker processes
    assert len(stream.data) >= 2
    workers = {t["worker"] for t in stream.data}
    assert workers <= set(client.scheduler_info()["workers"])
    serial = Est(n_jobs=1, **kwargs).fit(X, y, sample_weight=w)
    np.testing.assert_allclose(model.mse_path_, serial.mse_path_, rtol=1e-10)
    assert model.alpha_ == serial.alpha_
    np.testing.assert_allclose(model.coef_, serial.coef_, rtol=1e-10)

"""The benchmarks' timing schedule: timed fits of all solvers taken in rounds."""

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture(scope="module")
def run():
    spec = importlib.util.spec_from_file_location("bench_run", BENCH / "run.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_fits_go_round_robin_within_each_budget(run):
    chosen = {"fast": dict(time=0.01, obj=1.0), "slow": dict(time=4.0, obj=2.0),
              "first": dict(time=0.01, obj=3.0, first=True),
              "single": dict(time=30.0, obj=4.0)}
    calls = []

    def fit(s):
        calls.append(s)
        return dict(time=len(calls), obj=chosen[s]["obj"])

    out = run.interleaved_repeats(chosen, fit, repeat=4, budget=10.0)
    # fast and first: 4 fits each; slow: 10 // 4 = 2; single: 10 // 30 -> 1, its search fit
    assert calls == ["fast", "slow", "first"] * 2 + ["fast", "first"] * 2
    assert out["fast"] == ([1, 4, 7, 9], [1.0] * 4)
    assert out["slow"] == ([2, 5], [2.0, 2.0])
    assert out["single"] == ([30.0], [4.0])


def test_a_killed_fit_stops_that_solver_only(run):
    chosen = {"a": dict(time=0.1, obj=1.0), "b": dict(time=0.1, obj=2.0)}
    calls = []

    def fit(s):
        calls.append(s)
        if s == "b" and calls.count("b") == 2:
            return {"timeout": True}
        return dict(time=0.5, obj=chosen[s]["obj"])

    out = run.interleaved_repeats(chosen, fit, repeat=3, budget=10.0)
    assert calls == ["a", "b", "a", "b", "a"]
    assert out["a"][0] == [0.5] * 3
    assert out["b"][0] == [0.5]


def test_a_first_fit_killed_falls_back_to_the_search_fit(run):
    chosen = {"a": dict(time=0.1, obj=1.0)}
    out = run.interleaved_repeats(chosen, lambda s: {"timeout": True}, repeat=3, budget=1.0)
    assert out["a"] == ([0.1], [1.0])

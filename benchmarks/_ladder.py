"""The tolerance ladder shared by the solver benchmarks (``groups.py``, ``logistic.py``).

No numpy here: the orchestrators import it before the thread counts are set.
"""


def walk_ladder(attempt, killed, ok, broke, hist, quality):
    """Walk the rungs ``1e-k`` and return the chosen ``k``.

    ``attempt(k)`` fits at rung ``1e-k`` and records it in ``hist[k]``; ``killed(k)``:
    that fit hit the timeout; ``ok(k)``: it reached the accuracy target; ``broke()``:
    the search budget is spent; ``quality(k)``: a finished fit's distance to the best
    objective.  Starts at 1e-4, goes looser while it passes (up to 1), else tighter
    (down to 1e-13) until it passes; a killed fit sends it looser (a tighter one would
    be slower still); then half a decade looser than the loosest passing rung.  The
    choice: the loosest passing rung; if none passed, the most accurate fit when none
    was killed, else the loosest killed one (the target needs more than the timeout).
    """
    k = 4
    attempt(k)
    while killed(k) and k > 0 and not broke():
        k -= 1
        attempt(k)
    if ok(k):
        while k > 0 and not broke():
            attempt(k - 1)
            if not ok(k - 1):
                break
            k -= 1
    elif not killed(k):
        while not ok(k) and k < 13 and not broke() and (k + 1) not in hist:
            k += 1
            attempt(k)
            if killed(k):
                break
    if ok(k) and (k - 1) in hist and not killed(k - 1) and not broke():
        attempt(k - 0.5)
    passing = [kk for kk in hist if ok(kk)]
    finished = [kk for kk in hist if not killed(kk)]
    if passing:
        return min(passing)
    if len(finished) == len(hist):
        return min(finished, key=quality)
    return min(kk for kk in hist if killed(kk))

"""Small real data sets shipped with sparselearn.

===========================  ==========  ==============================================
loader                       shape       task
===========================  ==========  ==============================================
:func:`load_riboflavin`      71 x 4088   regression, p >> n (log gene expression)
:func:`load_prostate`        97 x 8      regression (ESL prostate cancer, lpsa)
===========================  ==========  ==============================================

The values are stored exactly (float64 ``.npz``); ``PROVENANCE.md`` in this
folder records the source, version and licence of each file.
"""

from ._base import load_prostate, load_riboflavin

__all__ = ["load_prostate", "load_riboflavin"]

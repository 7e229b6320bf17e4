"""Utilities: group specifications and precompiling the kernels."""

from ._groups import (GroupPipeline, GroupSpec, check_groups, group_weights,
                      groups_from_transformer, make_group_pipeline)
from ._precompile import precompile

__all__ = ["GroupPipeline", "GroupSpec", "check_groups", "group_weights",
           "groups_from_transformer", "make_group_pipeline", "precompile"]

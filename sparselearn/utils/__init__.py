"""Utilities: precompiling the kernels."""

from ._precompile import precompile

__all__ = ["precompile"]

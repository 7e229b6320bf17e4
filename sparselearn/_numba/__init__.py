"""Numba kernels of the solvers (see ``design``, ``prox``, ``cd``, ``gap``)."""

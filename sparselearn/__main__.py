"""``python -m sparselearn``: the same entry point as the ``sparselearn`` command."""

from sparselearn.report._cli import main

if __name__ == "__main__":
    raise SystemExit(main())

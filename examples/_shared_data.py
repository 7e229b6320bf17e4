"""The loader of the shared real data sets, for the examples that use them.

The data live in ``../shared/data`` next to the repository, or wherever
``SPARSELEARN_DATA_DIR`` points; they ship their own ``load.py``.
"""

import os
import sys
from pathlib import Path


def shared_loader():
    """``load(name, **options)`` from the shared data directory.

    When the directory is not available the example says so and exits with
    status 0 (nothing to show, nothing failed).
    """
    data_dir = Path(os.environ.get("SPARSELEARN_DATA_DIR")
                    or Path(__file__).resolve().parents[1].parent / "shared" / "data")
    if not (data_dir / "load.py").exists():
        print(f"The shared data directory ({data_dir}) is not available: set "
              "SPARSELEARN_DATA_DIR to run this example.")
        sys.exit(0)
    sys.path.insert(0, str(data_dir))
    from load import load  # the loader shipped with the data

    return load

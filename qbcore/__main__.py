"""``python -m qbcore``: see :mod:`qbcore.cli`."""

import sys

from .cli import main

sys.exit(main())

"""``python -m noteatlas``."""

import sys

from noteatlas.cli import main

sys.exit(main())

"""`python -m gpmd`: see gpmd/cli.py."""

import sys

from gpmd.cli import main

sys.exit(main())

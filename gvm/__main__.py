"""`python -m gvm` and the `gvm` console script: see gvm/cli/."""
import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())

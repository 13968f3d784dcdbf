"""`python -m kcdesk`: the same as the `kcdesk` command."""

import sys

from kcdesk.cli import main

sys.exit(main())

"""The `ppb` program: the quick path for everyday reads, else the full command line."""

from __future__ import annotations

import sys


def main() -> None:
    from ppb import quick

    code = quick.run(sys.argv[1:])
    if code is None:
        from ppb import cli

        code = cli.run()
    sys.exit(code)


if __name__ == "__main__":
    main()

"""``python -m align`` and the ``align`` command: the command line, with Ctrl-C while it loads reported
as an interruption too (exit 130), never a traceback."""

import sys


def run() -> None:
    try:
        from .cli import main
    except KeyboardInterrupt:
        sys.stderr.write("align: interrupted\n")
        sys.exit(130)
    main()


if __name__ == "__main__":
    run()

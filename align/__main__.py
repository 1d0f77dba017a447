import sys

try:
    from .cli import main
except KeyboardInterrupt:  # Ctrl-C while the libraries load
    sys.stderr.write("align: interrupted\n")
    sys.exit(130)

main()

"""The one exception type the toolkit raises for bad input; the CLI prints it as one line."""


class AlignError(Exception):
    """A problem with the user's input or options, explained in one line."""

    exit_code = 2

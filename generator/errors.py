"""The one exception the generator raises for problems in its input."""


class GeneratorError(Exception):
    """The spec or the configuration cannot be turned into code (the message names what and where)."""

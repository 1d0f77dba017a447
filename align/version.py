"""The toolkit's version (one place; the package __init__ and the TMX header read it)."""

__version__ = "0.1.0"

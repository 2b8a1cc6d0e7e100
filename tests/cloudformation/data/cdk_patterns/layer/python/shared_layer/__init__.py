"""A Lambda layer's package (``python/`` is on the function's path, as Lambda's /opt/python)."""

GREETING = "from the layer"

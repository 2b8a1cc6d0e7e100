"""API Gateway v2 (HTTP and WebSocket APIs): one module per resource family.

Handlers speak the model's member names (``ApiId``, ``RouteKey``); the wire layer
maps them to and from the camelCase wire names. Records live under ``("v2", ...)``
REST paths and are shaped like the output structures (see ``lookups.py``).
"""

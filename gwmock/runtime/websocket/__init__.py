"""WebSocket APIs: ``connections`` ($connect with its ``authorizer`` and ``api_keys`` checks, route
selection by the API's selection expression (``selection``), $disconnect), each route running its
``integrations`` (all five types, with templates and integration responses); ``management`` is the
``@connections`` API backends post through."""

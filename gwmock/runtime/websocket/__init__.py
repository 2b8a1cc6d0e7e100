"""WebSocket APIs: ``connections`` ($connect, route selection by the API's selection expression,
$disconnect) built on the HTTP API's authorizers and Lambda calls."""

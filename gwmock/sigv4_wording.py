"""AWS's SigV4 refusal sentences, one copy for the control plane's server (``gwmock.server.sigv4``,
which checks signatures with the caller's secret) and the data plane (``gwmock.runtime.sigv4``, which
checks all it can without it). The evidence for each sentence is in those modules' docstrings."""

from __future__ import annotations

REQUIRES = (("Credential", "Authorization header requires 'Credential' parameter."),
            ("Signature", "Authorization header requires 'Signature' parameter."),
            ("SignedHeaders", "Authorization header requires 'SignedHeaders' parameter."))
NEEDS_DATE = "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
MISMATCH = ("The request signature we calculated does not match the signature you provided. Check your AWS "
            "Secret Access Key and signing method. Consult the service documentation for details.")


def not_a_pair(part: str, authorization: str) -> str:
    return f"'{part}' not a valid key=value pair (missing equal-sign) in Authorization header: '{authorization}'."


def unsupported_algorithm(algorithm: str) -> str:
    return f"Unsupported AWS 'algorithm': '{algorithm}'."


def scope_elements(credential: str) -> str:
    return ("Credential must have exactly 5 slash-delimited elements, "
            f"e.g. keyid/date/region/service/term, got '{credential}'")


def scope_terminator(terminator: str) -> str:
    return f"Credential should be scoped with a valid terminator: 'aws4_request', not '{terminator}'. "


def scope_service(service: str) -> str:
    """``service``: the one the credential should name (trailing space included, as AWS writes it)."""
    return f"Credential should be scoped to correct service: '{service}'. "


def scope_region(region: str) -> str:
    return f"Credential should be scoped to a valid region, not '{region}'. "


def scope_date(day: str, timestamp: str) -> str:
    return ("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
            f"'{day}' != '{timestamp[:8]}', from '{timestamp}'.")


def absent_signed_header(name: str) -> str:
    return f"'{name}' is named as a SignedHeader, but it does not exist in the HTTP request."


def expired(timestamp: str, earliest: str, now: str, window: str = "5 min.") -> str:
    return f"Signature expired: {timestamp} is now earlier than {earliest} ({now} - {window})"


def not_yet_current(timestamp: str, latest: str, now: str) -> str:
    return f"Signature not yet current: {timestamp} is still later than {latest} ({now} + 5 min.)"

"""gwmock: a fast, faithful, in-process fake of Amazon API Gateway for boto3 tests.

    from gwmock import mock_apigateway

    @mock_apigateway
    def test_deploy():
        client = boto3.client("apigateway", region_name="eu-west-1")
        ...
"""

from gwmock.errors import ApiError
from gwmock.mock import GatewayMock, mock_apigateway
from gwmock.records import Call, Request

__version__ = "0.1.0"
__all__ = ["ApiError", "Call", "GatewayMock", "Request", "__version__", "mock_apigateway"]

for _name in ("Call", "GatewayMock", "Request", "mock_apigateway"):
    globals()[_name].__module__ = "gwmock"  # reprs and tracebacks name the public path
del _name

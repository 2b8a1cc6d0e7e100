"""gwmock: a fast, faithful, in-process fake of Amazon API Gateway for boto3 tests.

    from gwmock import mock_apigateway

    @mock_apigateway
    def test_deploy():
        client = boto3.client("apigateway", region_name="eu-west-1")
        ...
"""

from gwmock.errors import ApiError
from gwmock.mock import GatewayMock, mock_apigateway

__version__ = "0.1.0"
__all__ = ["ApiError", "GatewayMock", "__version__", "mock_apigateway"]

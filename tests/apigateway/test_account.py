"""GetAccount, UpdateAccount."""

from helpers import assert_error, error_of, strip_metadata

ROLE = "arn:aws:iam::123456789012:role/apigw-cloudwatch"
DEFAULTS = {
    "throttleSettings": {"burstLimit": 5000, "rateLimit": 10000.0},
    "features": ["UsagePlans"],
    "apiKeyVersion": "4",
    "ResponseMetadata": {"HTTPStatusCode": 200},
}


def test_get_account_defaults(apigateway):
    assert strip_metadata(apigateway.get_account()) == DEFAULTS


def test_update_account_cloudwatch_role(apigateway):
    ops = [{"op": "replace", "path": "/cloudwatchRoleArn", "value": ROLE}]
    updated = apigateway.update_account(patchOperations=ops)
    assert updated["cloudwatchRoleArn"] == ROLE
    assert updated["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert apigateway.get_account()["cloudwatchRoleArn"] == ROLE
    ops = [{"op": "replace", "path": "/cloudwatchRoleArn", "value": ""}]
    cleared = apigateway.update_account(patchOperations=ops)
    assert "cloudwatchRoleArn" not in cleared


def test_update_account_features(apigateway):
    added = apigateway.update_account(patchOperations=[{"op": "add", "path": "/features", "value": "X"}])
    assert added["features"] == ["UsagePlans", "X"]
    removed = apigateway.update_account(patchOperations=[{"op": "remove", "path": "/features", "value": "X"}])
    assert removed["features"] == ["UsagePlans"]


def test_usage_plans_feature_cannot_be_removed(apigateway):
    resp = error_of(apigateway.update_account,
                    patchOperations=[{"op": "remove", "path": "/features", "value": "UsagePlans"}])
    assert_error(resp, "BadRequestException", "The UsagePlans feature cannot be removed", 400)
    assert apigateway.get_account()["features"] == ["UsagePlans"]


def test_update_account_invalid_role_changes_nothing(apigateway):
    resp = error_of(apigateway.update_account, patchOperations=[
        {"op": "add", "path": "/features", "value": "X"},
        {"op": "replace", "path": "/cloudwatchRoleArn", "value": "not-an-arn"}])
    # AWS's wording for a role it cannot use (tmobile/jazz-installer #597).
    assert_error(resp, "BadRequestException", "The role ARN does not have required permissions configured. "
                 "Please grant trust permission for API Gateway and add the required role policy.", 400)
    assert strip_metadata(apigateway.get_account()) == DEFAULTS


def test_update_account_unsupported_op(apigateway):
    resp = error_of(apigateway.update_account,
                    patchOperations=[{"op": "add", "path": "/cloudwatchRoleArn", "value": ROLE}])
    assert_error(resp, "BadRequestException",
                 "Invalid patch path  '/cloudwatchRoleArn' specified for op 'add'. "
                 "Must be one of: [/features]", 400)
    resp = error_of(apigateway.update_account,
                    patchOperations=[{"op": "replace", "path": "/apiKeyVersion", "value": "3"}])
    assert_error(resp, "BadRequestException",
                 "Invalid patch path  '/apiKeyVersion' specified for op 'replace'. "
                 "Must be one of: [/cloudwatchRoleArn]", 400)

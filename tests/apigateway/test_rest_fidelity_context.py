"""``$context`` in mapping templates as AWS shows it: ``identity`` and the override maps print as
empty text but are read as maps; ``isCanaryRequest`` (and ``authorizer`` when none ran) are read
without ``keySet()`` listing them; ``responseOverride`` holds ``header`` alone until a template sets
``status`` (aws-recorded: test_apigateway_sqs test_sqs_amz_json_protocol, test_apigateway_canary
test_invoking_canary_deployment)."""

from __future__ import annotations

import requests
from helpers import deployed_mock_api

REGION = "us-east-1"



def test_nested_context_maps_print_empty_and_still_read(apigateway):
    url = deployed_mock_api(apigateway, "[$context.identity][$context.identity.sourceIp][$context.requestOverride]"
                                "[$context.requestOverride.header][$context.responseOverride]")

    assert requests.post(url, headers={"X-Forwarded-For": "10.1.2.3"}).text == "[][10.1.2.3][][][]"


def test_canary_flag_and_missing_authorizer_are_read_but_not_listed(apigateway):
    url = deployed_mock_api(apigateway, "$context.isCanaryRequest|$context.keySet().contains('isCanaryRequest')|"
                                "$context.containsKey('authorizer')|$context.authorizer|"
                                "$context.get('isCanaryRequest')|$context.authorizer.principalId|")

    assert requests.post(url).text == "false|false|false|{}|false||"


def test_response_override_has_no_status_until_a_template_sets_one(apigateway):
    url = deployed_mock_api(apigateway, "$context.responseOverride.keySet()|$context.requestOverride.keySet()"
                                "#set($context.responseOverride.status = 202)")

    answer = requests.post(url)

    assert answer.text == "[header]|[header, querystring, path]"
    assert answer.status_code == 202


def test_context_keys_listed_as_aws_lists_them(apigateway):
    url = deployed_mock_api(apigateway, "#foreach($k in $context.keySet())$k,#end")

    listed = requests.post(url).text.rstrip(",").split(",")

    # the recorded listing (test_sqs_amz_json_protocol), in gwmock's order
    assert sorted(listed) == sorted([
        "resourceId", "resourcePath", "httpMethod", "extendedRequestId", "requestTime", "path", "accountId",
        "protocol", "requestOverride", "stage", "domainPrefix", "requestTimeEpoch", "requestId", "identity",
        "domainName", "deploymentId", "responseOverride", "apiId"])

"""A second Chalice app for ../test_chalice_more.py: the route, authorizer and WebSocket features
the first app (../chalice_app) leaves out. Views answer with what they saw."""

import os

import boto3
from chalice import (
    AuthResponse,
    AuthRoute,
    BadRequestError,
    Chalice,
    CognitoUserPoolAuthorizer,
    CORSConfig,
    IAMAuthorizer,
    Response,
)

app = Chalice(app_name="zoo")
app.api.binary_types.append("application/x-zoo")  # image/png is among Chalice's defaults
app.experimental_feature_flags.update(["WEBSOCKETS"])
app.websocket_api.session = boto3.session.Session()

COGNITO = CognitoUserPoolAuthorizer(
    "ZooPool", provider_arns=["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_zoo"])
IAM = IAMAuthorizer()
CREDENTIALS_CORS = CORSConfig(allow_origin="https://zoo.example.com", allow_credentials=True)

SEEN = []  # WebSocket events, in order


@app.authorizer(ttl_seconds=0)
def keeper(auth_request):
    """TOKEN authorizer: ``keeper-{name}`` may GET any animal and DELETE only ``/animals/{name}``."""
    token = auth_request.token
    if not token.startswith("keeper-"):
        raise Exception("Unauthorized")  # noqa: TRY002 - Chalice's documented way to answer 401
    name = token[len("keeper-"):]
    return AuthResponse(routes=[AuthRoute("/animals/*", ["GET"]), AuthRoute(f"/animals/{name}", ["DELETE"])],
                        principal_id=name, context={"role": "keeper"})


@app.route("/animals/{name}", methods=["GET", "DELETE"], authorizer=keeper)
def animal(name):
    request = app.current_request
    return {"name": name, "method": request.method, "authorizer": request.context["authorizer"]}


@app.route("/items/{item}", methods=["GET", "POST", "PATCH"])
def item(item):
    request = app.current_request
    return {"item": item, "method": request.method, "uri_params": request.uri_params}


@app.route("/echo", methods=["POST"], content_types=["application/json", "application/x-www-form-urlencoded"])
def echo():
    request = app.current_request
    if request.headers.get("content-type", "").startswith("application/json"):
        return {"json": request.json_body}
    return {"raw": request.raw_body.decode()}


@app.route("/multi")
def multi():
    params = app.current_request.query_params or {}
    return {"all": {k: params.getlist(k) for k in params}, "last": dict(params)}


@app.route("/image", methods=["POST"], content_types=["image/png"])
def image():
    body = app.current_request.raw_body
    return Response(body=body, headers={"Content-Type": "image/png"})


@app.route("/image.png")
def image_png():
    return Response(body=b"\x89PNG\r\n\x1a\n" + bytes(range(32)), headers={"Content-Type": "image/png"})


@app.route("/headers")
def headers():
    return Response(body="ok", headers={"X-Multi": ["a", "b"], "Content-Type": "text/plain"})


@app.route("/credentials", methods=["GET", "PUT"], cors=CREDENTIALS_CORS)
def credentials():
    return {"cors": "credentials"}


@app.route("/cognito", authorizer=COGNITO)
def cognito():
    return {"claims": app.current_request.context["authorizer"]["claims"]}


@app.route("/cognito/read", authorizer=COGNITO.with_scopes(["zoo/read"]))
def cognito_read():
    return {"scope": app.current_request.context["authorizer"]["claims"]["scope"]}


@app.route("/iam", authorizer=IAM)
def iam():
    return {"identity": app.current_request.context["identity"]}


@app.route("/lambda-context")
def lambda_context():
    ctx = app.lambda_context
    return {"function_name": ctx.function_name, "request_id": ctx.aws_request_id,
            "remaining": ctx.get_remaining_time_in_millis() > 0}


@app.route("/big")
def big():
    return {"data": "z" * 500}


@app.route("/bad")
def bad():
    raise BadRequestError("nope")


@app.on_ws_connect()
def connect(event):
    SEEN.append(("connect", event.connection_id))


@app.on_ws_disconnect()
def disconnect(event):
    SEEN.append(("disconnect", event.connection_id))


@app.on_ws_message()
def message(event):
    api = app.websocket_api
    SEEN.append(("message", event.body))
    if event.body == "info":
        info = api.info(event.connection_id)
        api.send(event.connection_id, f"ip:{info['Identity']['SourceIp']}")
    elif event.body == "bye":
        api.close(event.connection_id)
    elif event.body == "gone":
        api.close(event.connection_id)
        try:
            api.send(event.connection_id, "late")
        except Exception as error:  # noqa: BLE001 - Chalice's WebsocketDisconnectedError
            SEEN.append(("error", type(error).__name__))
    else:
        api.send(event.connection_id, f"echo:{event.body}")


@app.route("/event/{part}", methods=["GET", "POST"])
def event(part):
    ctx = app.lambda_context
    return {"event": app.current_request.to_original_event(),
            "lambda": {"function_name": ctx.function_name, "function_version": ctx.function_version,
                       "invoked_function_arn": ctx.invoked_function_arn,
                       "memory_limit_in_mb": ctx.memory_limit_in_mb, "log_group_name": ctx.log_group_name,
                       "remaining_ms": ctx.get_remaining_time_in_millis(), "zoo_env": os.environ.get("ZOO_ENV")}}

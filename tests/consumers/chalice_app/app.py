"""A Chalice app that exercises what Chalice asks of API Gateway (see ../test_chalice.py).

Every view answers with what it saw, so the tests can compare Chalice's view of the request
with what the client sent.
"""

import boto3
from chalice import (
    AuthResponse,
    BadRequestError,
    Chalice,
    CORSConfig,
    CustomAuthorizer,
    NotFoundError,
    Response,
)

app = Chalice(app_name="pets")
app.api.binary_types.append("application/x-pets")
app.experimental_feature_flags.update(["WEBSOCKETS"])
app.websocket_api.session = boto3.session.Session()  # as Chalice's WebSocket tutorial asks

# A plain Lambda authorizer that Chalice did not write: only its ARN is known to the app.
TOKEN_CHECKER = CustomAuthorizer(
    "TokenChecker", header="X-Token",
    authorizer_uri=("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                    "arn:aws:lambda:us-east-1:123456789012:function:token-checker/invocations"))

SHOP_CORS = CORSConfig(allow_origin="https://shop.example.com", allow_headers=["X-Pet"],
                       max_age=600, expose_headers=["X-Count"], allow_credentials=True)

PETS = {"1": {"name": "Rex", "kind": "dog"}, "2": {"name": "Tom", "kind": "cat"}}


@app.authorizer()
def chalice_auth(auth_request):
    """Chalice's built-in authorizer: the token names the user; ``deny`` is refused."""
    token = auth_request.token
    if token.startswith("Bearer ") and token != "Bearer deny":
        return AuthResponse(routes=["/private", "/private/*"], principal_id=token[7:],
                            context={"plan": "gold"})
    return AuthResponse(routes=[], principal_id="nobody")


@app.route("/")
def index():
    return {"hello": "world"}


@app.route("/pets/{pet_id}")
def get_pet(pet_id):
    """Fetch one pet.

    Path parameter from the URL; 404 through Chalice's NotFoundError.
    """
    if pet_id not in PETS:
        raise NotFoundError(f"no pet {pet_id}")
    return {"id": pet_id, **PETS[pet_id]}


@app.route("/owners/{owner}/pets/{pet_id}", methods=["GET", "DELETE"])
def owner_pet(owner, pet_id):
    return {"owner": owner, "pet": pet_id, "method": app.current_request.method}


@app.route("/search")
def search():
    params = app.current_request.query_params
    if params is None:
        return {"params": None}
    return {"params": dict(params), "tags": params.getlist("tag")}


@app.route("/pets", methods=["POST", "PUT"])
def save_pet():
    body = app.current_request.json_body
    if not isinstance(body, dict) or "name" not in body:
        raise BadRequestError("a pet needs a name")
    return Response(body={"saved": body, "method": app.current_request.method}, status_code=201,
                    headers={"Location": f"/pets/{body['name']}"})


@app.route("/notes", methods=["PUT"], content_types=["text/plain"])
def put_note():
    raw = app.current_request.raw_body
    return Response(body=raw.decode("utf-8").upper(), headers={"Content-Type": "text/plain"})


@app.route("/blobs", methods=["POST"], content_types=["application/octet-stream"])
def echo_blob():
    raw = app.current_request.raw_body
    return Response(body=raw[::-1], headers={"Content-Type": "application/octet-stream"})


@app.route("/pets.bin")
def pets_bin():
    return Response(body=bytes(range(256)), headers={"Content-Type": "application/x-pets"})


@app.route("/login", methods=["POST"])
def login():
    user = app.current_request.json_body["user"]
    return Response(body={"user": user}, status_code=202,
                    headers={"Set-Cookie": [f"session={user}; Path=/; Secure", "theme=dark; Path=/; Secure"],
                             "X-Pets": ["1", "2"], "X-Single": "yes"})


@app.route("/whoami")
def whoami():
    return {"cookie": app.current_request.headers.get("cookie")}


@app.route("/context")
def context():
    ctx = app.current_request.context
    return {"context": ctx, "stage_vars": app.current_request.stage_vars,
            "path": app.current_request.path,
            "headers": dict(app.current_request.headers)}


@app.route("/open", cors=True)
def open_to_all():
    return {"cors": "any"}


@app.route("/shop", methods=["GET", "POST"], cors=SHOP_CORS)
def shop():
    return Response(body={"cors": "shop"}, headers={"X-Count": "3"})


@app.route("/keyed", api_key_required=True)
def keyed():
    return {"key": app.current_request.context["identity"].get("apiKey")}


@app.route("/private", authorizer=chalice_auth)
def private():
    return {"authorizer": app.current_request.context["authorizer"]}


@app.route("/token", authorizer=TOKEN_CHECKER)
def token():
    return {"authorizer": app.current_request.context["authorizer"]}


@app.route("/boom")
def boom():
    raise RuntimeError("the view broke")


@app.on_ws_message()
def message(event):
    app.websocket_api.send(event.connection_id, f"echo:{event.body}")

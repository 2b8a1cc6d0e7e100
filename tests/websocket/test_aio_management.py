"""The management API through aiobotocore (aiohttp underneath), e.g. from an async back end."""

from __future__ import annotations

import pytest
from aiobotocore.session import get_session
from ws_helpers import REGION, deploy, echo


@pytest.mark.asyncio
async def test_aiobotocore_post_get_delete(gwmock):
    _, url, endpoint = deploy(gwmock, echo)
    conn = gwmock.websocket(url)
    async with get_session().create_client("apigatewaymanagementapi", region_name=REGION,
                                           endpoint_url=endpoint) as client:
        posted = await client.post_to_connection(ConnectionId=conn.connection_id, Data=b"async hello")
        assert posted["ResponseMetadata"]["HTTPStatusCode"] == 200
        got = await client.get_connection(ConnectionId=conn.connection_id)
        assert got["Identity"]["SourceIp"] == "127.0.0.1"
        await client.delete_connection(ConnectionId=conn.connection_id)
        with pytest.raises(client.exceptions.GoneException):
            await client.post_to_connection(ConnectionId=conn.connection_id, Data=b"late")
    assert conn.received == ["async hello"] and conn.closed

"""One way to build a bedrock-runtime client, shared by the generator and the embedder."""

from __future__ import annotations


def bedrock_runtime_client(*, region_name: str | None, endpoint_url: str | None,
                           read_timeout: int, max_attempts: int, retry_mode: str = "adaptive",
                           connect_timeout: int = 10, max_pool_connections: int = 10):
    # botocore's retry modes handle throttling (429), ModelNotReady and 5xx with backoff;
    # generation needs a read timeout far above botocore's 60 s default.
    import boto3
    from botocore.config import Config

    return boto3.client(
        "bedrock-runtime",
        region_name=region_name,
        endpoint_url=endpoint_url,
        config=Config(
            read_timeout=read_timeout,
            connect_timeout=connect_timeout,
            retries={"mode": retry_mode, "max_attempts": max_attempts},
            max_pool_connections=max_pool_connections,
        ),
    )

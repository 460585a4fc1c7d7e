"""One place that picks every external service for a deployment: `HANDMADE_ENV=local|aws`.

`local` (the default) runs offline on one machine under `HANDMADE_DATA_DIR`; `aws` talks to S3,
Bedrock and OpenSearch, configured through environment variables (credentials come from the
environment or the IAM role, never from here). Choosing happens in a function, not at import,
so tests can build either set side by side.
"""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg
from dagster_aws.s3 import S3PickleIOManager, S3Resource

from handmade_assets.engagement.sources import LandingZoneEvents, LocalTrafficSimulator
from handmade_assets.services.embedder import LocalSentenceEmbedder, TitanEmbedder
from handmade_assets.services.generator import BedrockClaudeGenerator, LocalComposerGenerator
from handmade_assets.services.object_store import LocalObjectStore, S3ObjectStore
from handmade_assets.services.opensearch_store import OpenSearchVectorStore
from handmade_assets.services.vector_store import UsearchVectorStore

ENVIRONMENTS = ("local", "aws")


def data_dir() -> Path:
    return Path(os.environ.get("HANDMADE_DATA_DIR", ".handmade_data")).resolve()


def local_resources(root: Path | None = None) -> dict[str, object]:
    root = root or data_dir()
    return {
        "landing_zone": LocalObjectStore(root=str(root / "landing")),
        "artifact_store": LocalObjectStore(root=str(root / "artifacts")),
        "embedder": LocalSentenceEmbedder(),
        "vector_store": UsearchVectorStore(path=str(root / "vector_index")),
        "generator": LocalComposerGenerator(),
        "engagement_source": LocalTrafficSimulator(),
        "io_manager": dg.FilesystemIOManager(base_dir=str(root / "io")),
    }


def aws_resources() -> dict[str, object]:
    s3 = S3Resource(region_name=dg.EnvVar("AWS_REGION"))
    return {
        "landing_zone": S3ObjectStore(s3=s3, bucket=dg.EnvVar("HANDMADE_LANDING_BUCKET")),
        "artifact_store": S3ObjectStore(s3=s3, bucket=dg.EnvVar("HANDMADE_ARTIFACT_BUCKET")),
        "embedder": TitanEmbedder(region_name=dg.EnvVar("AWS_REGION")),
        "vector_store": OpenSearchVectorStore(
            host=dg.EnvVar("HANDMADE_OPENSEARCH_HOST"), region_name=dg.EnvVar("AWS_REGION")
        ),
        "generator": BedrockClaudeGenerator(
            region_name=dg.EnvVar("AWS_REGION"), bedrock_model_id=dg.EnvVar("HANDMADE_BEDROCK_MODEL_ID")
        ),
        "engagement_source": LandingZoneEvents(),
        "io_manager": S3PickleIOManager(
            s3_resource=s3, s3_bucket=dg.EnvVar("HANDMADE_ARTIFACT_BUCKET"), s3_prefix="io"
        ),
    }


def build_resources(env: str | None = None) -> dict[str, object]:
    env = env or os.environ.get("HANDMADE_ENV", "local")
    if env == "local":
        return local_resources()
    if env == "aws":
        return aws_resources()
    raise ValueError(f"HANDMADE_ENV must be one of {ENVIRONMENTS}, got {env!r}")

"""One place that picks every external service for a deployment: `HANDMADE_ENV=local|aws`.

`local` (the default) runs offline on one machine under `HANDMADE_DATA_DIR`; `aws` talks to S3,
Bedrock and OpenSearch, configured through environment variables (credentials come from the
environment or the IAM role, never from here). One setting per service overrides the choice
(`SERVICE_SETTINGS`), e.g. `HANDMADE_ENV=local HANDMADE_GENERATOR=bedrock`. Choosing happens in a
function, not at import, so tests can build either set side by side.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import dagster as dg

from handmade_assets.engagement.sources import LandingZoneEvents
from handmade_assets.generation.embedded_generator import LocalComposerGenerator
from handmade_assets.services.embedder import LocalSentenceEmbedder, TitanEmbedder
from handmade_assets.services.generator import BedrockClaudeGenerator
from handmade_assets.services.message_queue import SqsQueue
from handmade_assets.services.object_store import LocalObjectStore
from handmade_assets.services.opensearch_store import (
    AUTH_MODES,
    AUTH_SETTING,
    OpenSearchVectorStore,
)
from handmade_assets.services.vector_store import UsearchVectorStore

ENVIRONMENTS = ("local", "aws")
# One setting per service overrides what HANDMADE_ENV picks: (local choice, aws choice).
SERVICE_SETTINGS: dict[str, tuple[str, str]] = {
    "HANDMADE_OBJECT_STORE": ("local", "s3"),  # landing zone, artifacts and the IO manager
    "HANDMADE_GENERATOR": ("local", "bedrock"),
    "HANDMADE_EMBEDDER": ("local", "titan"),
    "HANDMADE_VECTOR_STORE": ("usearch", "opensearch"),
    # How new uploads are noticed: listing uploads/ every tick, or the landing bucket's S3 event
    # notifications on an SQS queue (catalog/notifications.py).
    "HANDMADE_UPLOAD_TRIGGER": ("list", "list"),
}
# Choices no HANDMADE_ENV picks by default but either accepts.
EXTRA_CHOICES: dict[str, tuple[str, ...]] = {
    # Any OpenAI-compatible chat-completions server: llama.cpp, Ollama, vLLM, a hosted API.
    "HANDMADE_GENERATOR": ("openai",),
    "HANDMADE_UPLOAD_TRIGGER": ("sqs",),
}


def data_dir() -> Path:
    return Path(os.environ.get("HANDMADE_DATA_DIR", ".handmade_data")).resolve()


def service_choices(env: str | None = None, environ: Mapping[str, str] | None = None
                    ) -> dict[str, str]:
    """What each service runs on: HANDMADE_ENV's default unless its own setting says otherwise."""
    environ = os.environ if environ is None else environ
    env = env or environ.get("HANDMADE_ENV", "local")
    if env not in ENVIRONMENTS:
        raise ValueError(f"HANDMADE_ENV must be one of {ENVIRONMENTS}, got {env!r}")
    choices = {}
    for setting, options in SERVICE_SETTINGS.items():
        choice = environ.get(setting) or options[ENVIRONMENTS.index(env)]
        allowed = options + EXTRA_CHOICES.get(setting, ())
        if choice not in allowed:
            raise ValueError(f"{setting} must be one of {allowed}, got {choice!r}")
        choices[setting] = choice
    return choices


# Every AWS client takes its region from one variable, so the services are in one region.
AWS_REGION = dg.EnvVar("AWS_REGION")


def _s3():
    from dagster_aws.s3 import S3Resource

    # An endpoint only for S3-compatible stores (SeaweedFS, MinIO, a VPC endpoint); AWS needs none.
    return S3Resource(region_name=AWS_REGION,
                      endpoint_url=os.environ.get("HANDMADE_S3_ENDPOINT_URL") or None)


def _stores(choice: str, root: Path) -> dict[str, object]:
    """The landing zone, the artifact store and the IO manager, on one backend."""
    if choice == "s3":
        from dagster_aws.s3 import S3PickleIOManager

        from handmade_assets.services.s3_store import S3ObjectStore

        s3 = _s3()
        return {
            "landing_zone": S3ObjectStore(s3=s3, bucket=dg.EnvVar("HANDMADE_LANDING_BUCKET")),
            "artifact_store": S3ObjectStore(s3=s3, bucket=dg.EnvVar("HANDMADE_ARTIFACT_BUCKET")),
            "io_manager": S3PickleIOManager(
                s3_resource=s3, s3_bucket=dg.EnvVar("HANDMADE_ARTIFACT_BUCKET"), s3_prefix="io"),
        }
    return {
        "landing_zone": LocalObjectStore(root=str(root / "landing")),
        "artifact_store": LocalObjectStore(root=str(root / "artifacts")),
        "io_manager": dg.FilesystemIOManager(base_dir=str(root / "io")),
    }


def _embedder(choice: str) -> LocalSentenceEmbedder | TitanEmbedder:
    if choice == "titan":
        return TitanEmbedder(region_name=AWS_REGION)
    return LocalSentenceEmbedder()


def _vector_store(choice: str, root: Path, dimension: int
                  ) -> UsearchVectorStore | OpenSearchVectorStore:
    """The index, always at the embedder's dimension (Titan V2 1024, MiniLM 384)."""
    if choice == "opensearch":
        return _opensearch(dimension)
    return UsearchVectorStore(path=str(root / "vector_index"), dimension=dimension)


def _opensearch(dimension: int) -> OpenSearchVectorStore:
    """HANDMADE_OPENSEARCH_URL (or the older HANDMADE_OPENSEARCH_HOST, `host[:port]` with
    HANDMADE_OPENSEARCH_SCHEME) and HANDMADE_OPENSEARCH_AUTH=sigv4|basic|none."""
    auth = os.environ.get(AUTH_SETTING) or "sigv4"
    if auth not in AUTH_MODES:
        raise ValueError(f"{AUTH_SETTING} must be one of {AUTH_MODES}, "
                         f"got {auth!r}")
    # HANDMADE_OPENSEARCH_HOST is the older name, still read where a deployment sets it.
    url_setting = "HANDMADE_OPENSEARCH_URL"
    if not os.environ.get(url_setting) and os.environ.get("HANDMADE_OPENSEARCH_HOST"):
        url_setting = "HANDMADE_OPENSEARCH_HOST"
    extra: dict[str, object] = {}
    if auth == "sigv4":
        extra = {"region_name": AWS_REGION,
                 "sigv4_service": os.environ.get("HANDMADE_OPENSEARCH_SIGV4_SERVICE") or "es"}
    elif auth == "basic":
        # EnvVars: Dagster resolves them when the resource starts and never shows or stores them.
        extra = {"username": dg.EnvVar("HANDMADE_OPENSEARCH_USERNAME"),
                 "password": dg.EnvVar("HANDMADE_OPENSEARCH_PASSWORD")}
    return OpenSearchVectorStore(
        url=dg.EnvVar(url_setting), scheme=os.environ.get("HANDMADE_OPENSEARCH_SCHEME") or "https",
        auth=auth, dimension=dimension, **extra)


def _openai_generator():
    from handmade_assets.services.openai_generator import OpenAICompatibleGenerator

    # The key only when one is set (local servers need none); an EnvVar keeps it out of the
    # config Dagster shows and stores.
    key = dg.EnvVar("HANDMADE_OPENAI_API_KEY") if os.environ.get("HANDMADE_OPENAI_API_KEY") else None
    return OpenAICompatibleGenerator(
        base_url=dg.EnvVar("HANDMADE_OPENAI_BASE_URL"), model=dg.EnvVar("HANDMADE_OPENAI_MODEL"),
        api_key=key,
        structured_output=os.environ.get("HANDMADE_OPENAI_STRUCTURED_OUTPUT") or "json_schema")


def _generator(choice: str):
    if choice == "bedrock":
        return BedrockClaudeGenerator(region_name=AWS_REGION,
                                      bedrock_model_id=dg.EnvVar("HANDMADE_BEDROCK_MODEL_ID"))
    if choice == "openai":
        return _openai_generator()
    return LocalComposerGenerator()


def _upload_queue() -> SqsQueue:
    """The queue the landing bucket's S3 event notifications go to (deploy/README.md);
    definitions.py runs the queue's sensor instead of the listing one when this is wired."""
    return SqsQueue(queue_url=dg.EnvVar("HANDMADE_UPLOAD_QUEUE_URL"), region_name=AWS_REGION)


def build_resources(env: str | None = None, root: Path | None = None,
                    environ: Mapping[str, str] | None = None) -> dict[str, object]:
    choices = service_choices(env, environ)
    root = root or data_dir()
    # The embedder first: the index is built for the vectors it writes.
    embedder = _embedder(choices["HANDMADE_EMBEDDER"])
    sqs = choices["HANDMADE_UPLOAD_TRIGGER"] == "sqs"
    return {
        **_stores(choices["HANDMADE_OBJECT_STORE"], root),
        "embedder": embedder,
        "vector_store": _vector_store(choices["HANDMADE_VECTOR_STORE"], root, embedder.dimension),
        "generator": _generator(choices["HANDMADE_GENERATOR"]),
        # Every deployment reads the event files a storefront lands; the demo stands simulated
        # shoppers in for the storefront (handmade_assets_demo).
        "engagement_source": LandingZoneEvents(),
        **({"upload_queue": _upload_queue()} if sqs else {}),
    }


def local_resources(root: Path | None = None) -> dict[str, object]:
    return build_resources("local", root=root, environ={})


def aws_resources() -> dict[str, object]:
    return build_resources("aws", environ={})

"""HANDMADE_ENV picks every service's default; one setting per service overrides it."""

import pytest

from handmade_assets.resources import SERVICE_SETTINGS, build_resources, service_choices

AWS_ENV = {"AWS_REGION": "eu-west-1", "HANDMADE_LANDING_BUCKET": "l",
           "HANDMADE_ARTIFACT_BUCKET": "a",
           "HANDMADE_OPENSEARCH_URL": "https://search.example", "HANDMADE_BEDROCK_MODEL_ID": "eu.m"}


def _kinds(resources: dict) -> dict[str, str]:
    return {name: type(value).__name__ for name, value in resources.items()}


def test_environment_defaults():
    assert set(service_choices("local", {}).values()) == {"local", "usearch", "list"}
    assert service_choices("aws", {}) == {
        "HANDMADE_OBJECT_STORE": "s3", "HANDMADE_GENERATOR": "bedrock",
        "HANDMADE_EMBEDDER": "titan", "HANDMADE_VECTOR_STORE": "opensearch",
        # Listing stays the default: the queue needs the bucket's notification set up first.
        "HANDMADE_UPLOAD_TRIGGER": "list"}
    assert service_choices(None, {"HANDMADE_ENV": "aws"})["HANDMADE_GENERATOR"] == "bedrock"


def test_local_set_with_only_bedrock_switched_on(tmp_path):
    kinds = _kinds(build_resources(root=tmp_path, environ={"HANDMADE_GENERATOR": "bedrock"}))
    assert kinds == {
        "landing_zone": "LocalObjectStore", "artifact_store": "LocalObjectStore",
        "io_manager": "FilesystemIOManager", "embedder": "LocalSentenceEmbedder",
        "vector_store": "UsearchVectorStore", "generator": "BedrockClaudeGenerator",
        # The product reads a storefront's event files everywhere; simulated shoppers are the
        # demo's (handmade_assets_demo), never a default.
        "engagement_source": "LandingZoneEvents"}


def test_aws_set_with_the_object_store_kept_local(tmp_path, monkeypatch):
    for name, value in AWS_ENV.items():
        monkeypatch.setenv(name, value)
    resources = build_resources("aws", root=tmp_path, environ={"HANDMADE_OBJECT_STORE": "local"})
    kinds = _kinds(resources)
    assert kinds["landing_zone"] == "LocalObjectStore" and kinds["io_manager"] == "FilesystemIOManager"
    assert kinds["generator"] == "BedrockClaudeGenerator" and kinds["embedder"] == "TitanEmbedder"
    assert kinds["vector_store"] == "OpenSearchVectorStore"
    assert resources["vector_store"].dimension == 1024  # follows Titan V2


def test_opensearch_with_the_local_embedder_gets_its_dimension(tmp_path):
    resources = build_resources("local", root=tmp_path,
                                environ={"HANDMADE_VECTOR_STORE": "opensearch"})
    assert resources["vector_store"].dimension == 384


def test_s3_endpoint_override_reaches_the_s3_resource(tmp_path, monkeypatch):
    monkeypatch.setenv("HANDMADE_S3_ENDPOINT_URL", "http://127.0.0.1:8333")
    resources = build_resources("local", root=tmp_path, environ={"HANDMADE_OBJECT_STORE": "s3"})
    assert resources["landing_zone"].s3.endpoint_url == "http://127.0.0.1:8333"
    assert type(resources["io_manager"]).__name__ == "S3PickleIOManager"


@pytest.mark.parametrize("setting", sorted(SERVICE_SETTINGS))
def test_unknown_choice_is_refused_naming_the_setting(setting):
    with pytest.raises(ValueError, match=setting):
        service_choices("local", {setting: "nonsense"})


def test_unknown_environment_is_refused():
    with pytest.raises(ValueError, match="HANDMADE_ENV"):
        service_choices("staging", {})


EMBEDDER_DIMENSIONS = {"local": 384, "titan": 1024}


@pytest.mark.parametrize("index_choice", ["usearch", "opensearch"])
@pytest.mark.parametrize("embedder_choice", sorted(EMBEDDER_DIMENSIONS))
def test_every_index_is_built_for_the_embedders_vectors(tmp_path, monkeypatch, embedder_choice,
                                                        index_choice):
    import numpy as np
    import pandas as pd

    from handmade_assets.services.opensearch_store import index_body
    from handmade_assets.services.vector_store import RECORD_COLUMNS

    for name, value in AWS_ENV.items():
        monkeypatch.setenv(name, value)
    resources = build_resources("local", root=tmp_path, environ={
        "HANDMADE_EMBEDDER": embedder_choice, "HANDMADE_VECTOR_STORE": index_choice})
    # As a run sees them: EnvVars resolved. Nothing here connects (no client is made).
    embedder = resources["embedder"].process_config_and_initialize()
    store = resources["vector_store"].process_config_and_initialize()
    dimension = EMBEDDER_DIMENSIONS[embedder_choice]
    assert embedder.dimension == store.dimension == dimension
    if index_choice == "opensearch":
        mapping = index_body(store.dimension)["mappings"]["properties"]["embedding"]
        assert mapping["dimension"] == dimension
    else:
        # What `vector_index` does after `embeddings`: vectors of the embedder's length go in.
        records = pd.DataFrame([{c: "x" for c in RECORD_COLUMNS} | {
            "doc_id": f"description:{i}", "listing_id": str(i), "successful": True}
            for i in range(2)])
        vectors = np.eye(2, dimension, dtype=np.float32)
        index = store.open()
        assert index.upsert(records, vectors) == 2
        assert index.count() == 2


OPENSEARCH_SETTINGS = ("HANDMADE_OPENSEARCH_URL", "HANDMADE_OPENSEARCH_HOST",
                       "HANDMADE_OPENSEARCH_SCHEME", "HANDMADE_OPENSEARCH_AUTH",
                       "HANDMADE_OPENSEARCH_USERNAME", "HANDMADE_OPENSEARCH_PASSWORD")


def _opensearch_from(monkeypatch, tmp_path, **settings):
    """The vector store build_resources wires from these settings, EnvVars resolved as a run
    resolves them."""
    for name in OPENSEARCH_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    resources = build_resources("local", root=tmp_path,
                                environ={"HANDMADE_VECTOR_STORE": "opensearch"})
    return resources["vector_store"], resources["vector_store"].process_config_and_initialize()


def test_opensearch_without_auth_from_the_environment_reaches_osmem(tmp_path, monkeypatch,
                                                                     opensearch_url):
    _, store = _opensearch_from(monkeypatch, tmp_path, HANDMADE_OPENSEARCH_URL=opensearch_url,
                                HANDMADE_OPENSEARCH_AUTH="none")
    index = store.open()
    assert index.ensure() == f"{index.alias}-v0001"


def test_opensearch_host_and_scheme_settings_still_work(tmp_path, monkeypatch, opensearch_url):
    # The deployments that set HANDMADE_OPENSEARCH_HOST keep working, now with a port and scheme.
    _, store = _opensearch_from(monkeypatch, tmp_path,
                                HANDMADE_OPENSEARCH_HOST=opensearch_url.removeprefix("http://"),
                                HANDMADE_OPENSEARCH_SCHEME="http", HANDMADE_OPENSEARCH_AUTH="none")
    assert store.client().info()["version"]["number"]


def test_opensearch_basic_auth_from_the_environment(tmp_path, monkeypatch, recording_server):
    import base64

    wired, store = _opensearch_from(
        monkeypatch, tmp_path, HANDMADE_OPENSEARCH_URL=recording_server.url,
        HANDMADE_OPENSEARCH_AUTH="basic", HANDMADE_OPENSEARCH_USERNAME="search-user",
        HANDMADE_OPENSEARCH_PASSWORD="s3cret-value")
    # The wired resource holds only the variable's name: Dagster never shows or stores the secret.
    assert "s3cret-value" not in repr(wired)
    store.client().info()
    (headers,) = recording_server.headers
    expected = base64.b64encode(b"search-user:s3cret-value").decode()
    assert headers["Authorization"] == f"Basic {expected}"


@pytest.mark.parametrize("service", [None, "aoss"])
def test_opensearch_sigv4_from_the_environment(tmp_path, monkeypatch, recording_server, service):
    if service:  # OpenSearch Serverless signs for `aoss`
        monkeypatch.setenv("HANDMADE_OPENSEARCH_SIGV4_SERVICE", service)
    else:
        monkeypatch.delenv("HANDMADE_OPENSEARCH_SIGV4_SERVICE", raising=False)
    monkeypatch.setenv("AWS_REGION", "eu-central-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDFROMENV")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    _, store = _opensearch_from(monkeypatch, tmp_path, HANDMADE_OPENSEARCH_URL=recording_server.url)
    store.client().info()  # sigv4 is the default
    (headers,) = recording_server.headers
    assert headers["Authorization"].startswith(
        "AWS4-HMAC-SHA256 Credential=AKIDFROMENV/")
    assert f"/eu-central-1/{service or 'es'}/aws4_request" in headers["Authorization"]


def test_an_unknown_opensearch_auth_fails_when_the_resources_are_built(tmp_path, monkeypatch):
    with pytest.raises(ValueError, match="HANDMADE_OPENSEARCH_AUTH must be one of"):
        _opensearch_from(monkeypatch, tmp_path, HANDMADE_OPENSEARCH_URL="https://x",
                         HANDMADE_OPENSEARCH_AUTH="iam")


def test_a_malformed_opensearch_url_fails_naming_the_setting(tmp_path, monkeypatch):
    _, store = _opensearch_from(monkeypatch, tmp_path,
                                HANDMADE_OPENSEARCH_URL="https://search.example:443x",
                                HANDMADE_OPENSEARCH_AUTH="none")
    with pytest.raises(ValueError, match="HANDMADE_OPENSEARCH_URL .* port must be a number"):
        store.client()

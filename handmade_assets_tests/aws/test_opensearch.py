"""OpenSearch: mappings, bulk upserts by listing id, per-item errors, aliases and keyword
queries against osmem-server (an OpenSearch-API server) on 127.0.0.1; the k-NN query bodies,
which osmem does not run, pinned as contracts; the endpoint's scheme, host and port
and each auth mode (SigV4, basic, none) checked over HTTP on 127.0.0.1."""

import base64
import uuid
from urllib.parse import urlparse

import numpy as np
import pandas as pd
import pytest

from handmade_assets.services.opensearch_store import (
    BulkUpsertError,
    Endpoint,
    OpenSearchVectorStore,
    knn_query,
    parse_endpoint,
)

DIM = 8


def _store(url: str, alias: str) -> OpenSearchVectorStore:
    return OpenSearchVectorStore(url=url, auth="none", index=alias, dimension=DIM)


def _records(ids, category="ceramics", title="Blue stoneware vase"):
    return pd.DataFrame([{
        "doc_id": f"description:{i}", "listing_id": i, "kind": "description", "category": category,
        "language": "en", "title": f"{title} {i}", "text": f"Thrown by hand, {i}.",
        "successful": True} for i in ids])


def _vectors(n, seed=0):
    rows = np.random.default_rng(seed).normal(size=(n, DIM)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


@pytest.fixture
def index(opensearch_url):
    return _store(opensearch_url, f"handmade-{uuid.uuid4().hex[:8]}").open()


def test_index_is_created_behind_an_alias_with_the_knn_mapping(index):
    name = index.ensure()
    assert name == f"{index.alias}-v0001" and index.versions() == [name]
    client = index.client
    mapping = client.indices.get_mapping(index=index.alias)[name]["mappings"]["properties"]
    assert mapping["embedding"]["type"] == "knn_vector"
    assert mapping["embedding"]["dimension"] == DIM
    assert mapping["embedding"]["method"] == {
        "name": "hnsw", "engine": "faiss", "space_type": "innerproduct",
        "parameters": {"m": 16, "ef_construction": 200}}
    assert mapping["category"]["type"] == "keyword" and mapping["text"]["type"] == "text"
    settings = client.indices.get_settings(index=name)[name]["settings"]["index"]
    assert settings["knn"] == "true"


def test_upserts_by_listing_id_overwrite_instead_of_duplicating(index):
    assert index.upsert(_records(["a", "b", "c"]), _vectors(3)) == 3
    assert index.upsert(_records(["b", "c", "d"], title="Red glazed mug"), _vectors(3, 1)) == 3
    index.save()
    assert index.count() == 4
    hits = index.text_search("glazed mug", k=10)
    assert {h.listing_id for h in hits} == {"b", "c", "d"}
    assert hits[0].title.startswith("Red glazed mug")


def test_doc_ids_scroll_every_document_for_incremental_refresh(index):
    assert index.doc_ids() == set()  # no index yet: nothing held, nothing created
    ids = [f"l{i}" for i in range(12_000)]  # more than one scroll page of 5,000
    index.upsert(_records(ids), _vectors(len(ids)))
    index.delete(["description:l7"])
    index.save()
    assert index.doc_ids() == {f"description:{i}" for i in ids if i != "l7"}


def test_bulk_reports_every_failed_item_and_keeps_the_good_ones(index):
    vectors = _vectors(3)
    bad = np.zeros((3, DIM - 2), dtype=np.float32)  # wrong dimension for two documents
    mixed = [vectors[0], bad[1], bad[2]]
    with pytest.raises(BulkUpsertError) as failure:
        index.upsert(_records(["ok", "bad1", "bad2"]), mixed)
    assert failure.value.succeeded == 1
    assert [f["doc_id"] for f in failure.value.failures] == ["description:bad1", "description:bad2"]
    assert all(f["status"] == 400 and "dimension" in f["reason"].lower()
               for f in failure.value.failures)
    index.save()
    assert index.count() == 1


def test_keyword_queries_apply_the_same_filters(index):
    index.upsert(_records(["v1", "v2"], category="ceramics"), _vectors(2))
    index.upsert(_records(["g1"], category="glass", title="Blue glass vase"), _vectors(1, 2))
    index.save()
    assert {h.listing_id for h in index.text_search("vase", 10)} == {"v1", "v2", "g1"}
    assert [h.listing_id for h in index.text_search("vase", 10, {"category": "glass"})] == ["g1"]


def test_full_reindex_swaps_the_alias_atomically(index):
    index.upsert(_records(["a", "b"]), _vectors(2))
    index.save()
    new = index.rebuild(_records(["x", "y", "z"], title="Oak bowl"), _vectors(3, 3))
    assert new == f"{index.alias}-v0002" and index.versions() == [new]
    assert index.count() == 3
    assert {h.listing_id for h in index.text_search("oak bowl", 10)} == {"x", "y", "z"}
    assert not index.client.indices.exists(index=f"{index.alias}-v0001")
    # Writes through the alias land in the new version.
    index.upsert(_records(["w"]), _vectors(1))
    index.save()
    assert index.client.count(index=new)["count"] == 4


def test_a_failed_rebuild_leaves_the_alias_on_the_old_version(index):
    index.upsert(_records(["a"]), _vectors(1))
    index.save()
    with pytest.raises(BulkUpsertError):
        index.rebuild(_records(["x"]), np.zeros((1, 3), dtype=np.float32))
    assert index.versions() == [f"{index.alias}-v0001"] and index.count() == 1
    assert not index.client.indices.exists(index=f"{index.alias}-v0002")


def test_knn_query_body_contract_with_efficient_filters():
    body = knn_query(np.array([0.5, 0.5], dtype=np.float32), 5, {"category": "ceramics",
                                                                  "language": "de"})
    assert body == {
        "size": 5,
        "query": {"knn": {"embedding": {
            "vector": [0.5, 0.5], "k": 5,
            "filter": {"bool": {"filter": [{"term": {"category": "ceramics"}},
                                           {"term": {"language": "de"}}]}}}}},
        "_source": {"excludes": ["embedding"]},
    }
    assert "filter" not in knn_query(np.ones(2), 3, None)["query"]["knn"]["embedding"]


def test_search_parses_knn_hits(index, monkeypatch):
    calls = []

    def fake_search(index, body):
        calls.append((index, body))
        return {"hits": {"hits": [{"_id": "description:a", "_score": 0.93, "_source": {
            "listing_id": "a", "kind": "description", "category": "ceramics", "language": "en",
            "title": "T", "text": "X", "successful": True}}]}}

    monkeypatch.setattr(index.client, "search", fake_search)
    (hit,) = index.search(np.ones(DIM), 1, {"kind": "description"})
    assert calls[0][0] == index.alias and "knn" in calls[0][1]["query"]
    assert (hit.listing_id, hit.score, hit.successful) == ("a", 0.93, True)


def test_requests_are_signed_with_sigv4_for_service_es(recording_server):
    from botocore.credentials import Credentials

    store = OpenSearchVectorStore(url=recording_server.url, auth="sigv4", region_name="eu-west-1",
                                  dimension=DIM)
    store.client(credentials=Credentials("AKIDEXAMPLE", "secret", "session-token")).info()
    (headers,) = recording_server.headers
    authorization = headers["Authorization"]
    assert authorization.startswith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
    assert "/eu-west-1/es/aws4_request" in authorization
    assert "SignedHeaders=" in authorization and "Signature=" in authorization
    assert headers["X-Amz-Security-Token"] == "session-token" and headers["X-Amz-Date"]


def test_basic_auth_sends_the_configured_credentials(recording_server):
    store = OpenSearchVectorStore(url=recording_server.url, auth="basic", username="search-user",
                                  password="pa:ss word", dimension=DIM)
    assert store.client().info()["version"]["number"] == "2.19.0"
    (headers,) = recording_server.headers
    expected = base64.b64encode(b"search-user:pa:ss word").decode()
    assert headers["Authorization"] == f"Basic {expected}"
    assert "X-Amz-Date" not in headers


def test_no_auth_sends_no_authorization_header(recording_server):
    OpenSearchVectorStore(url=recording_server.url, auth="none", dimension=DIM).client().info()
    (headers,) = recording_server.headers
    assert "Authorization" not in headers and "X-Amz-Date" not in headers


def test_a_bare_host_and_port_with_the_http_scheme_reaches_that_port(opensearch_url):
    # The failure: HANDMADE_OPENSEARCH_HOST=127.0.0.1:9200 went to port 443 over TLS.
    host_port = urlparse(opensearch_url).netloc
    store = OpenSearchVectorStore(url=host_port, scheme="http", auth="none", dimension=DIM)
    assert store.endpoint().port == urlparse(opensearch_url).port
    assert store.client().indices.exists(index="handmade-nothing-here") is False


@pytest.mark.parametrize(("value", "scheme", "expected"), [
    ("https://search-x.eu-west-1.es.amazonaws.com", "https",
     Endpoint("https", "search-x.eu-west-1.es.amazonaws.com", 443)),
    ("http://127.0.0.1:9200", "https", Endpoint("http", "127.0.0.1", 9200)),
    ("http://127.0.0.1:9200/", "https", Endpoint("http", "127.0.0.1", 9200)),
    ("127.0.0.1:9200", "http", Endpoint("http", "127.0.0.1", 9200)),
    ("127.0.0.1:9200", "https", Endpoint("https", "127.0.0.1", 9200)),
    ("search.internal", "http", Endpoint("http", "search.internal", 80)),
    ("  search.internal:9243 ", "https", Endpoint("https", "search.internal", 9243)),
])
def test_endpoints_parse_scheme_host_and_port(value, scheme, expected):
    assert parse_endpoint(value, scheme) == expected
    assert expected.use_ssl == (expected.scheme == "https")


@pytest.mark.parametrize(("value", "scheme", "message"), [
    ("", "https", "HANDMADE_OPENSEARCH_URL is empty"),
    ("ftp://search.internal", "https", "scheme must be http or https"),
    ("search.internal:92OO", "https", "port must be a number"),
    ("search.internal:70000", "https", "port must be a number"),
    ("https://search.internal/prefix", "https", "no path or query"),
    ("https://search.internal?x=1", "https", "no path or query"),
    ("https://:9200", "https", "no host"),
    ("search.internal", "tcp", "HANDMADE_OPENSEARCH_SCHEME"),
])
def test_malformed_endpoints_fail_naming_the_setting(value, scheme, message):
    with pytest.raises(ValueError, match=message):
        parse_endpoint(value, scheme)


def test_credentials_in_the_url_are_refused_without_echoing_them():
    with pytest.raises(ValueError, match="HANDMADE_OPENSEARCH_AUTH=basic") as refused:
        parse_endpoint("https://admin:hunter2@search.internal")
    assert "hunter2" not in str(refused.value)


@pytest.mark.parametrize(("auth", "fields", "message"), [
    ("basic", {"username": "u"}, "HANDMADE_OPENSEARCH_PASSWORD"),
    ("kerberos", {}, "HANDMADE_OPENSEARCH_AUTH must be one of"),
])
def test_incomplete_or_unknown_auth_fails_naming_the_setting(auth, fields, message):
    store = OpenSearchVectorStore(url="http://127.0.0.1:9", auth=auth, dimension=DIM, **fields)
    with pytest.raises(ValueError, match=message):
        store.client()

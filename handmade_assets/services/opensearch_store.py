"""Amazon OpenSearch Service k-NN index (faiss HNSW), the production twin of the usearch index.

Same operations as `UsearchIndex`: bulk upserts by document id (the `_id`, so re-indexing a
listing overwrites it), deletes, and k-NN queries with filters on category, language and kind;
plus keyword queries, and versioned indices behind an alias so a full re-index swaps atomically.
The endpoint is a URL (scheme, host, port) and the auth one of SigV4 (service `es`, from the
ambient AWS credentials), HTTP basic (credentials from the environment) or none.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import dagster as dg
import numpy as np
import pandas as pd
from pydantic import Field

from handmade_assets.services.vector_store import RECORD_COLUMNS, SearchHit


def index_body(dimension: int, m: int = 16, ef_construction: int = 200, ef_search: int = 128) -> dict:
    """Mapping of the k-NN index; the HNSW parameters mirror the embedded usearch default."""
    return {
        "settings": {"index": {"knn": True, "knn.algo_param.ef_search": ef_search}},
        "mappings": {
            "properties": {
                "embedding": {
                    "type": "knn_vector",
                    "dimension": dimension,
                    "method": {
                        "name": "hnsw",
                        "engine": "faiss",
                        # Embeddings are L2-normalised, so inner product is cosine similarity.
                        "space_type": "innerproduct",
                        "parameters": {"m": m, "ef_construction": ef_construction},
                    },
                },
                "listing_id": {"type": "keyword"},
                "kind": {"type": "keyword"},
                "category": {"type": "keyword"},
                "language": {"type": "keyword"},
                "successful": {"type": "boolean"},
                "title": {"type": "text"},
                "text": {"type": "text"},
            }
        },
    }


def knn_query(vector: np.ndarray, k: int, filters: dict[str, object] | None) -> dict:
    knn: dict = {"vector": [float(x) for x in np.asarray(vector).reshape(-1)], "k": k}
    if filters:
        # Efficient (faiss) filtering: the filter is applied during the graph search, not after.
        knn["filter"] = {"bool": {"filter": [{"term": {f: v}} for f, v in filters.items()]}}
    return {"size": k, "query": {"knn": {"embedding": knn}}, "_source": {"excludes": ["embedding"]}}


def text_query(text: str, k: int, filters: dict[str, object] | None) -> dict:
    """Keyword search over titles and texts, with the same filters as k-NN."""
    query: dict = {"bool": {"must": [{"multi_match": {"query": text,
                                                      "fields": ["title^2", "text"]}}]}}
    if filters:
        query["bool"]["filter"] = [{"term": {f: v}} for f, v in filters.items()]
    return {"size": k, "query": query, "_source": {"excludes": ["embedding"]}}


def bulk_actions(index: str, records: pd.DataFrame, vectors: np.ndarray):
    for row, vector in zip(records[RECORD_COLUMNS].to_dict("records"), vectors):
        source = {k: v for k, v in row.items() if k != "doc_id"}
        source["embedding"] = [float(x) for x in vector]
        yield {"_op_type": "index", "_index": index, "_id": row["doc_id"], "_source": source}


def versioned_name(alias: str, version: int) -> str:
    return f"{alias}-v{version:04d}"


class BulkUpsertError(RuntimeError):
    """Some documents of a bulk request failed; the others were written."""

    def __init__(self, failures: list[dict], succeeded: int):
        self.failures, self.succeeded = failures, succeeded
        first = failures[0]
        super().__init__(f"{len(failures)} bulk items failed ({succeeded} written); first: "
                         f"{first['doc_id']}: {first['status']} {first['type']}: {first['reason']}")


def bulk_failures(errors: list[dict]) -> list[dict]:
    """helpers.bulk's per-item errors as (doc_id, status, type, reason) rows."""
    rows = []
    for item in errors:
        (op, detail), = item.items()
        error = detail.get("error", {})
        error = error if isinstance(error, dict) else {"reason": str(error)}
        cause = error.get("caused_by", {})
        rows.append({"doc_id": detail.get("_id"), "op": op, "status": detail.get("status"),
                     "type": error.get("type"), "reason": cause.get("reason") or error.get("reason")})
    return rows


class OpenSearchIndex:
    """An index reached through an alias: `alias` points at one versioned index
    (`<alias>-v0001`, ...), reads and writes go through the alias, and `rebuild` fills a new
    version and swaps the alias in one atomic `_aliases` call."""

    def __init__(self, client, index: str, dimension: int):
        self.client, self.index, self.dimension = client, index, dimension

    @property
    def alias(self) -> str:
        return self.index

    def versions(self) -> list[str]:
        if not self.client.indices.exists_alias(name=self.alias):
            return []
        return sorted(self.client.indices.get_alias(name=self.alias))

    def ensure(self) -> str:
        current = self.versions()
        if current:
            return current[-1]
        if self.client.indices.exists(index=self.alias):
            raise RuntimeError(f"{self.alias} is a concrete index, not an alias: re-index it")
        name = versioned_name(self.alias, 1)
        self.client.indices.create(index=name, body={
            **index_body(self.dimension), "aliases": {self.alias: {"is_write_index": True}}})
        return name

    def _bulk(self, actions) -> int:
        from opensearchpy import helpers

        succeeded, errors = helpers.bulk(self.client, actions, raise_on_error=False,
                                         raise_on_exception=False, max_retries=5)
        if errors:
            raise BulkUpsertError(bulk_failures(errors), succeeded)
        return succeeded

    def upsert(self, records: pd.DataFrame, vectors: np.ndarray) -> int:
        self.ensure()
        return self._bulk(bulk_actions(self.alias, records, vectors))

    def rebuild(self, records: pd.DataFrame, vectors: np.ndarray, keep_old: bool = False) -> str:
        """Write everything into a new version, then point the alias at it atomically."""
        old = self.versions()
        numbers = [int(name.rsplit("-v", 1)[1]) for name in old] or [0]
        new = versioned_name(self.alias, max(numbers) + 1)
        self.client.indices.create(index=new, body=index_body(self.dimension))
        try:
            self._bulk(bulk_actions(new, records, vectors))
        except Exception:
            self.client.indices.delete(index=new)  # readers never saw it
            raise
        self.client.indices.refresh(index=new)
        actions = [{"remove": {"index": name, "alias": self.alias}} for name in old]
        actions.append({"add": {"index": new, "alias": self.alias, "is_write_index": True}})
        self.client.indices.update_aliases(body={"actions": actions})
        if not keep_old:
            for name in old:
                self.client.indices.delete(index=name)
        return new

    def delete(self, doc_ids: list[str]) -> int:
        from opensearchpy import helpers

        actions = ({"_op_type": "delete", "_index": self.alias, "_id": d} for d in doc_ids)
        succeeded, _ = helpers.bulk(self.client, actions, raise_on_error=False)
        return succeeded

    def _hits(self, response: dict) -> list[SearchHit]:
        hits = []
        for hit in response["hits"]["hits"]:
            source = hit["_source"]
            hits.append(SearchHit(
                doc_id=hit["_id"], listing_id=source["listing_id"], kind=source["kind"],
                category=source["category"], language=source["language"],
                title=source.get("title", ""), text=source.get("text", ""),
                successful=bool(source.get("successful", False)), score=float(hit["_score"]),
            ))
        return hits

    def search(self, vector, k=10, filters=None) -> list[SearchHit]:
        return self._hits(self.client.search(index=self.alias, body=knn_query(vector, k, filters)))

    def text_search(self, text: str, k: int = 10, filters=None) -> list[SearchHit]:
        return self._hits(self.client.search(index=self.alias, body=text_query(text, k, filters)))

    def count(self) -> int:
        return int(self.client.count(index=self.alias)["count"])

    def doc_ids(self) -> set[str]:
        from opensearchpy import helpers

        if not self.versions():
            return set()
        hits = helpers.scan(self.client, index=self.alias, size=5_000,
                            query={"query": {"match_all": {}}, "_source": False})
        return {hit["_id"] for hit in hits}

    def save(self) -> None:
        self.client.indices.refresh(index=self.alias)


AUTH_MODES = ("sigv4", "basic", "none")
# Where deployments set the endpoint (resources.py); errors name it, never the credentials.
URL_SETTING = "HANDMADE_OPENSEARCH_URL"
AUTH_SETTING = "HANDMADE_OPENSEARCH_AUTH"


@dataclass(frozen=True)
class Endpoint:
    scheme: str
    host: str
    port: int

    @property
    def use_ssl(self) -> bool:
        return self.scheme == "https"


def parse_endpoint(value: str, default_scheme: str = "https") -> Endpoint:
    """`https://host[:port]`, `http://host[:port]` or a bare `host[:port]` (then
    `default_scheme`); the port defaults to the scheme's (443 or 80), as in any URL.

    Malformed values fail here, naming the setting, before any request is made."""
    if default_scheme not in ("http", "https"):
        raise ValueError("HANDMADE_OPENSEARCH_SCHEME must be http or https, "
                         f"got {default_scheme!r}")
    raw = (value or "").strip()
    if not raw:
        raise ValueError(f"{URL_SETTING} is empty: set it to e.g. https://search-x.eu-west-1.es."
                         "amazonaws.com or http://127.0.0.1:9200")
    parsed = urlsplit(raw if "://" in raw else f"{default_scheme}://{raw}")
    if parsed.username is not None or parsed.password is not None:
        # Not echoed: the value holds a password.
        raise ValueError(f"{URL_SETTING} must not carry credentials: set {AUTH_SETTING}=basic "
                         "and HANDMADE_OPENSEARCH_USERNAME / HANDMADE_OPENSEARCH_PASSWORD")
    if parsed.scheme not in ("http", "https"):
        raise ValueError(f"{URL_SETTING} {raw!r}: the scheme must be http or https")
    if parsed.path not in ("", "/") or parsed.query or parsed.fragment:
        raise ValueError(f"{URL_SETTING} {raw!r}: give scheme, host and port only, "
                         "no path or query")
    try:
        port = parsed.port
    except ValueError:
        raise ValueError(f"{URL_SETTING} {raw!r}: the port must be a number from 1 to "
                         "65535") from None
    if not parsed.hostname or port == 0:
        raise ValueError(f"{URL_SETTING} {raw!r}: no host, or port 0")
    default_port = 443 if parsed.scheme == "https" else 80
    return Endpoint(parsed.scheme, parsed.hostname, port or default_port)


class OpenSearchVectorStore(dg.ConfigurableResource):
    """Any OpenSearch-API endpoint: Amazon OpenSearch Service with SigV4 (the default), a
    self-hosted cluster with HTTP basic auth, or one with no auth (a private network, tests).

    TLS follows the scheme, and certificates are verified whenever it is on."""

    url: str = Field(description="`https://host[:port]`, `http://host[:port]`, or `host[:port]` "
                     "with `scheme`.")
    scheme: str = Field(default="https", description="For a `url` given without one.")
    auth: str = Field(default="sigv4", description="sigv4 | basic | none")
    region_name: str | None = Field(default=None, description="SigV4 only; else boto3's.")
    sigv4_service: str = Field(default="es", description="`es` for domains, `aoss` for Serverless.")
    username: str | None = Field(default=None, description="Basic auth only.")
    password: str | None = Field(default=None, description="Basic auth only; pass an EnvVar.")
    index: str = Field(default="handmade-descriptions", description="The alias readers use.")
    dimension: int = Field(description="The embedder's `dimension`; resources.py passes it.")
    timeout_seconds: int = 30

    def endpoint(self) -> Endpoint:
        return parse_endpoint(self.url, self.scheme)

    def http_auth(self, credentials=None):
        """What signs or authenticates each request, for `auth`."""
        if self.auth == "none":
            return None
        if self.auth == "basic":
            if not self.username or not self.password:
                raise ValueError(f"{AUTH_SETTING}=basic needs HANDMADE_OPENSEARCH_USERNAME and "
                                 "HANDMADE_OPENSEARCH_PASSWORD")
            return (self.username, self.password)
        if self.auth == "sigv4":
            import boto3
            from opensearchpy import AWSV4SignerAuth

            session = boto3.Session()
            credentials = credentials or session.get_credentials()
            if credentials is None:
                raise ValueError(f"{AUTH_SETTING}=sigv4 found no AWS credentials (environment, "
                                 "profile or IAM role)")
            region = self.region_name or session.region_name
            if not region:
                raise ValueError(f"{AUTH_SETTING}=sigv4 needs a region: set AWS_REGION")
            return AWSV4SignerAuth(credentials, region, self.sigv4_service)
        raise ValueError(f"{AUTH_SETTING} must be one of {AUTH_MODES}, got {self.auth!r}")

    def client(self, credentials=None):
        from opensearchpy import OpenSearch, RequestsHttpConnection

        endpoint = self.endpoint()
        return OpenSearch(
            hosts=[{"host": endpoint.host, "port": endpoint.port}],
            http_auth=self.http_auth(credentials), use_ssl=endpoint.use_ssl,
            verify_certs=endpoint.use_ssl, connection_class=RequestsHttpConnection,
            timeout=self.timeout_seconds, max_retries=3, retry_on_timeout=True,
        )

    def open(self, read_only: bool = False) -> OpenSearchIndex:
        # Opening costs nothing here; who may write is the endpoint's access policy's business.
        return OpenSearchIndex(self.client(), self.index, self.dimension)

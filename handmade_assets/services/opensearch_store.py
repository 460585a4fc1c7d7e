"""Amazon OpenSearch Service k-NN index (faiss HNSW), the production twin of the usearch index.

Same operations as `UsearchIndex`: bulk upserts by document id (the `_id`, so re-indexing a
listing overwrites it), deletes, and k-NN queries with filters on category, language and kind.
Requests are signed with SigV4 from the ambient AWS credentials.
"""

from __future__ import annotations

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


def bulk_actions(index: str, records: pd.DataFrame, vectors: np.ndarray):
    for row, vector in zip(records[RECORD_COLUMNS].to_dict("records"), vectors):
        source = {k: v for k, v in row.items() if k != "doc_id"}
        source["embedding"] = [float(x) for x in vector]
        yield {"_op_type": "index", "_index": index, "_id": row["doc_id"], "_source": source}


class OpenSearchIndex:
    def __init__(self, client, index: str, dimension: int):
        self.client, self.index, self.dimension = client, index, dimension

    def ensure(self) -> None:
        if not self.client.indices.exists(index=self.index):
            self.client.indices.create(index=self.index, body=index_body(self.dimension))

    def upsert(self, records: pd.DataFrame, vectors: np.ndarray) -> int:
        from opensearchpy import helpers

        self.ensure()
        succeeded, errors = helpers.bulk(
            self.client, bulk_actions(self.index, records, vectors), raise_on_error=False,
            max_retries=5,
        )
        if errors:
            raise RuntimeError(f"{len(errors)} bulk items failed, first: {errors[0]}")
        return succeeded

    def delete(self, doc_ids: list[str]) -> int:
        from opensearchpy import helpers

        actions = ({"_op_type": "delete", "_index": self.index, "_id": d} for d in doc_ids)
        succeeded, _ = helpers.bulk(self.client, actions, raise_on_error=False)
        return succeeded

    def search(self, vector, k=10, filters=None) -> list[SearchHit]:
        response = self.client.search(index=self.index, body=knn_query(vector, k, filters))
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

    def count(self) -> int:
        return int(self.client.count(index=self.index)["count"])

    def save(self) -> None:
        self.client.indices.refresh(index=self.index)


class OpenSearchVectorStore(dg.ConfigurableResource):
    host: str = Field(description="Domain endpoint host, without scheme.")
    region_name: str | None = None
    port: int = 443
    index: str = "handmade-descriptions"
    dimension: int = 1024
    use_sigv4: bool = True

    def client(self):
        import boto3
        from opensearchpy import AWSV4SignerAuth, OpenSearch, RequestsHttpConnection

        auth = None
        if self.use_sigv4:
            auth = AWSV4SignerAuth(boto3.Session().get_credentials(), self.region_name, "es")
        return OpenSearch(
            hosts=[{"host": self.host, "port": self.port}], http_auth=auth,
            use_ssl=self.port == 443, verify_certs=self.port == 443,
            connection_class=RequestsHttpConnection, timeout=30,
        )

    def open(self) -> OpenSearchIndex:
        return OpenSearchIndex(self.client(), self.index, self.dimension)

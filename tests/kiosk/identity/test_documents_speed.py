"""How ``read_document`` spends its work: what runs once, what runs at all, on which threads."""

from __future__ import annotations

from threadpoolctl import threadpool_info

from kiosk.identity import documents
from kiosk.identity.synthetic import mrz_documents


def _blas_threads() -> set[int]:
    return {i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"}


def test_a_read_caps_numpys_blas_threads_to_one(monkeypatch):
    seen: list[set[int]] = []
    probe = documents.probe_mrz

    def watching_probe(image):  # noqa: ANN001, ANN202
        seen.append(_blas_threads())
        return probe(image)

    monkeypatch.setattr(documents, "probe_mrz", watching_probe)
    result = documents.read_document(mrz_documents.generate(503).image)  # a tuning seed
    assert result.kind == "mrz"
    assert seen == [{documents._BLAS_THREADS}]

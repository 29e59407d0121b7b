"""Reading corpora: JSONL, txt, html, folders, gzip -> Document or ReadError."""
from csrledger.corpus.errors import ReadError
from csrledger.corpus.readers import MAX_DOCUMENT_BYTES, read_corpus

__all__ = ["MAX_DOCUMENT_BYTES", "ReadError", "read_corpus"]

"""Reading corpora: JSONL, txt, html, folders, gzip -> Document."""

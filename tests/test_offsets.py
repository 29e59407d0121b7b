"""The offsets contract: every mention's text[start:end] is its text, on real and sample documents."""
import datetime as dt

import pytest

from csrledger.model import Document
from csrledger.pipeline import analyse
from tests.conftest import DEV_CORPUS, SAMPLE_CORPUS, read_jsonl


def corpus_documents():
    for path in (DEV_CORPUS, SAMPLE_CORPUS):
        if path.exists():
            for row in read_jsonl(path):
                published = dt.date.fromisoformat(row["published"]) if row.get("published") else None
                yield pytest.param(Document(id=row["id"], text=row["text"], title=row.get("title"),
                                            url=row.get("url"), published=published, lang=row.get("lang")),
                                   id=f"{path.parent.name}/{row['id']}")


DOCUMENTS = list(corpus_documents())


@pytest.mark.skipif(not DOCUMENTS, reason="neither the dev corpus nor the sample corpus is present")
@pytest.mark.parametrize("doc", DOCUMENTS)
def test_mentions_and_evidence_point_into_the_text(doc):
    analysis = analyse(doc)
    for mention in analysis.mentions():
        assert 0 <= mention.start < mention.end <= len(doc.text)
        assert doc.text[mention.start:mention.end] == mention.text, mention
    for record in analysis.records:
        for span in record.evidence:
            assert 0 <= span.start < span.end <= len(doc.text)

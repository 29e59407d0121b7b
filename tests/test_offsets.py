"""The offsets contract: every mention's text[start:end] is its text, on real and sample documents."""

import pytest

from csrledger.pipeline import analyse
from tests.conftest import DEV_CORPUS, SAMPLE_CORPUS, corpus_documents


DOCUMENTS = [pytest.param(doc, id=f"{path.parent.name}/{doc.id}")
             for path in (DEV_CORPUS, SAMPLE_CORPUS) if path.exists() for doc in corpus_documents(path)]


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

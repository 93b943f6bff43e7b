"""French grammar for the legal rules: spaCy's small French pipeline (fr_core_news_sm), loaded once.

What the rules ask of it, and nothing more:
- the gender of a noun or adjective (« une secrétaire », « vous êtes souriante ») from its morphology;
- its lemma, to recognise a job noun in its feminine form (« vendeuse » → « vendeur »,
  « assistante » → « assistant »).

The pipeline keeps only `tok2vec`, `morphologizer` and `lemmatizer`: the parser, the named
entities and the sentence splitter are not loaded (the parser costs a quarter of the time, and
the small model's trees are unreliable on offers' telegraphic style: « EHPAD recrute une
aide-soignante » parses « recrute » as a noun). Negation and exclusion are read by the rules
(`data/legal.py`: « pas de … », « sans … », « … s'abstenir », « … ne seront pas retenus »).

Loading takes seconds, so it happens on first use (never at import: Django's start and the URLconf
do not pay it), once per process, under a lock; the offer editor's page starts it in the background
(`preload`), so the author's first live analysis rarely waits. The work per analysis is bounded: at most
`MAX_SENTENCES` sentences of at most `MAX_SENTENCE_CHARS` characters are parsed, chosen by a
regular expression (a recruiting verb or « vous êtes »), so the public analyse endpoint's cost per
character (issue 20) does not depend on spaCy.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL = "fr_core_news_sm"
KEEP = ("tok2vec", "morphologizer", "lemmatizer")
MAX_SENTENCES = 24
MAX_SENTENCE_CHARS = 300

_lock = threading.Lock()
_pipeline: Language | None = None


def pipeline() -> Language:
    """The French pipeline, loaded on first call (thread-safe), with only the components in KEEP."""
    global _pipeline
    if _pipeline is None:
        with _lock:
            if _pipeline is None:
                import spacy

                nlp = spacy.load(MODEL, exclude=["parser", "ner", "senter", "attribute_ruler"])
                assert tuple(nlp.pipe_names) == KEEP, nlp.pipe_names
                _pipeline = nlp
    return _pipeline


def is_loaded() -> bool:
    return _pipeline is not None


_preloading: threading.Thread | None = None


def preload() -> None:
    """Start loading the pipeline in the background (the editor page calls it: by the time the author
    has typed a sentence, the live analysis no longer waits seconds for it). Idempotent."""
    global _preloading
    if _pipeline is None and _preloading is None:
        _preloading = threading.Thread(target=pipeline, name="assistant-french-preload", daemon=True)
        _preloading.start()


def parse(texts: list[str]) -> list[Doc]:
    return list(pipeline().pipe(texts)) if texts else []


@dataclass(frozen=True)
class Sentence:
    start: int  # offset of the sentence in its field
    text: str


_SENTENCE_END = re.compile(r"[.!?;…]+(?=\s|$)|\n+")


def sentences(text: str) -> Iterator[Sentence]:
    """Sentences (and list items) of a field, with their offsets; long ones cut at MAX_SENTENCE_CHARS."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if text[start : m.end()].strip():
            yield Sentence(start, text[start : min(m.end(), start + MAX_SENTENCE_CHARS)])
        start = m.end()
    if text[start:].strip():
        yield Sentence(start, text[start : start + MAX_SENTENCE_CHARS])

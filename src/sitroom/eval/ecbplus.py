"""Story grouping and event matching scored on ECB+ (Cybulska & Vossen, LREC 2014).

ECB+ is not ours to redistribute (CC BY 3.0, but a copy is not ours to ship): it is read
from ``../shared/data/xdoc/ecbplus`` (or $SITROOM_SHARED_DATA/xdoc/ecbplus) and nothing of
it is copied into the repository or the tests.

The data
  ``ECB+/<topic>/<topic>_<n>ecb.xml`` and ``<topic>_<n>ecbplus.xml``, CAT/CROMER XML:
  * ``<token t_id sentence number>word</token>``: the tokenised text. In an ``ecbplus``
    file sentence 0 is the URL the text was found at (the corpus README says so).
  * ``<Markables>``: a *mention* is an element with ``<token_anchor t_id>`` children;
    an element without anchors but with ``TAG_DESCRIPTOR`` is an *instance* (an entity or
    event that mentions point to). Event mentions are the ``ACTION_*`` and
    ``NEG_ACTION_*`` tags; times, places and participants are not scored here.
  * ``<Relations>``: ``CROSS_DOC_COREF note=<instance id>`` links source mentions to an
    instance, and the note is the cross-document chain id. ``INTRA_DOC_COREF`` (no note)
    links mentions within one document: its chain is ``<doc>/intra<r_id>``. A mention in
    no relation is a singleton (chain ``<mention id>``).
  * ``ECBplus_coreference_sentences.csv`` (Topic, File, Sentence Number): the sentences
    whose annotation was validated. The standard evaluation (Cybulska & Vossen 2015,
    Barhom et al. 2019, Cattan et al. 2021) scores only mentions in these sentences:
    1,245 event mentions on dev, 3,808 on train, as published.
  Topics 1-35 are here (15 and 17 do not exist); test topics 36-45 are held out.
  The standard split: dev = topics 2, 5, 12, 18, 21, 23, 34, 35; train = the rest.
  Sub-topics: each topic's ``ecb`` half and ``ecbplus`` half describe two different but
  similar seminal events (two celebrities entering rehab), so "same sub-topic" is the
  closer analogue of a sitroom story, and "same topic" a coarser theme.

Text
  ``EcbDocument.text`` is rebuilt from the tokens: one line per sentence, tokens joined
  by a space except before closing punctuation and clitics ("Jackman's", "ceremony.")
  and after opening brackets, so that a pipeline sees ordinary prose. Token strings are
  kept as they are (PTB opening quotes, two backticks, stay). The ``ecbplus`` URL sentence is left
  out of the text and kept as ``url``: its slug ("ellen-degeneres-to-host-oscars") would
  otherwise hand a grouping system the sub-topic. Mention offsets point into ``text``.

Blind runs
  A system is handed *blinded* copies: opaque ids ("doc017", "doc017/m3"), no topic,
  sub-topic or chain, documents in a seeded shuffled order, so that it cannot group by
  an id prefix or by the order of the files. Results are mapped back before scoring.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache, partial
from pathlib import Path
from typing import Any

import numpy as np

from sitroom.eval.coref_scoring import adjusted_rand_index, score_coreference, v_measure

DEV_TOPICS = frozenset({2, 5, 12, 18, 21, 23, 34, 35})
HELD_OUT_TOPICS = frozenset(range(36, 46))  # the test split, not in ../shared
EVENT_TAGS = ("ACTION_", "NEG_ACTION_")
SENTENCES_CSV = "ECBplus_coreference_sentences.csv"
BLIND_SEED = 20140526  # any fixed number: the same shuffled order on every machine

DocumentClusterer = Callable[[list["EcbDocument"]], list[int]]
MentionClusterer = Callable[[list["EcbDocument"]], dict[str, str]]
Lemmatizer = Callable[[list["EcbDocument"]], dict[str, str]]


# ---------------------------------------------------------------- the documents


@dataclass(frozen=True)
class EventMention:
    """One gold event mention. Offsets are into ``EcbDocument.text``."""

    id: str  # "<doc id>/<m_id>": "2_1ecb/12"
    start: int  # first character of the first anchored token
    end: int  # end of the last anchored token
    text: str  # the anchored tokens joined by a space (a gapped mention shows no gap)
    spans: tuple[tuple[int, int], ...]  # one (start, end) per anchored token
    tag: str  # ACTION_OCCURRENCE, NEG_ACTION_STATE, ...
    sentence: int  # the corpus's sentence number
    validated: bool  # in a sentence of ECBplus_coreference_sentences.csv
    chain: str  # gold chain id; "" in a blinded copy


@dataclass(frozen=True)
class EcbDocument:
    """One ECB+ text with its gold event mentions."""

    id: str  # file stem: "2_1ecbplus"
    topic: str  # "2"; "" in a blinded copy
    subtopic: str  # "2_ecb" or "2_ecbplus"; "" in a blinded copy
    title: str  # the first sentence of the text
    text: str
    url: str | None  # the ecbplus source URL (sentence 0); None for ecb texts
    mentions: tuple[EventMention, ...]


@dataclass(frozen=True)
class _Token:
    id: str
    sentence: int
    text: str


# Tokens written without a space before them (closing punctuation, clitics) or after them
# (opening brackets, currency): PTB tokenisation undone just enough to read as prose.
_NO_SPACE_BEFORE = frozenset([",", ".", ";", ":", "!", "?", "%", ")", "]", "}", "''", "...",
                              "'s", "'re", "'ve", "'ll", "'d", "'m", "n't", "’s"])  # fmt: skip
_NO_SPACE_AFTER = frozenset(["(", "[", "{", "``", "$", "#"])


def detokenize(tokens: Sequence[_Token]) -> tuple[str, dict[str, tuple[int, int]], list[str]]:
    """Text of the tokens (one line per sentence), each token's offsets, and the sentences.

    A token of only white space (a stray tab in 2_5ecbplus) gets an empty span.
    """
    parts: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    pos, sentence, previous = 0, None, ""
    for tok in tokens:
        word = tok.text.strip()
        if tok.sentence != sentence:
            if sentence is not None:
                parts.append("\n")
                pos += 1
            sentence, previous = tok.sentence, ""
        elif (
            previous
            and word
            and word.lower() not in _NO_SPACE_BEFORE
            and previous not in _NO_SPACE_AFTER
        ):
            parts.append(" ")
            pos += 1
        spans[tok.id] = (pos, pos + len(word))
        parts.append(word)
        pos += len(word)
        previous = word or previous
    text = "".join(parts)
    return text, spans, text.split("\n") if tokens else []


def _chains(relations: ET.Element | None, doc_id: str) -> dict[str, str]:
    """Chain id of every mention that is in a coreference relation."""
    chain: dict[str, str] = {}
    for rel in relations if relations is not None else ():
        if rel.tag == "CROSS_DOC_COREF":
            chain_id = rel.get("note") or f"{doc_id}/cross{rel.get('r_id')}"
        elif rel.tag == "INTRA_DOC_COREF":
            chain_id = f"{doc_id}/intra{rel.get('r_id')}"
        else:
            continue
        for source in rel.findall("source"):
            chain[source.get("m_id", "")] = chain_id
    return chain


def parse_document(xml_text: str, doc_id: str, validated: frozenset[int]) -> EcbDocument:
    """One ECB+ XML file; ``validated`` holds its sentence numbers listed in the CSV."""
    root = ET.fromstring(xml_text)
    tokens = [
        _Token(t.get("t_id", ""), int(t.get("sentence", "0")), t.text or "")
        for t in root.iter("token")
    ]
    url = None
    if doc_id.endswith("ecbplus") and tokens and tokens[0].sentence == 0:
        url = "".join(t.text.strip() for t in tokens if t.sentence == 0)
        tokens = [t for t in tokens if t.sentence != 0]
    text, spans, lines = detokenize(tokens)
    sentence_of = {t.id: t.sentence for t in tokens}
    chain = _chains(root.find("Relations"), doc_id)
    mentions = []
    markables = root.find("Markables")
    for markable in markables if markables is not None else ():
        anchors = [a.get("t_id", "") for a in markable.findall("token_anchor")]
        anchors = [a for a in anchors if a in spans]  # none lie in the URL, but be safe
        if not anchors or not markable.tag.startswith(EVENT_TAGS):
            continue
        anchors.sort(key=int)
        m_id = markable.get("m_id", "")
        mention_id = f"{doc_id}/{m_id}"
        token_spans = tuple(spans[a] for a in anchors)
        mentions.append(EventMention(
            id=mention_id, start=token_spans[0][0], end=token_spans[-1][1],
            text=" ".join(text[s:e] for s, e in token_spans), spans=token_spans, tag=markable.tag,
            sentence=sentence_of[anchors[0]], validated=sentence_of[anchors[0]] in validated,
            chain=chain.get(m_id, mention_id),
        ))  # fmt: skip
    mentions.sort(key=lambda m: (m.start, m.end, m.id))
    topic = doc_id.split("_", 1)[0]
    half = "ecbplus" if doc_id.endswith("ecbplus") else "ecb"
    return EcbDocument(id=doc_id, topic=topic, subtopic=f"{topic}_{half}", title=lines[0] if lines else "",
                       text=text, url=url, mentions=tuple(mentions))  # fmt: skip


def ecbplus_dir() -> Path:
    """``.../shared/data/xdoc/ecbplus``, or a FileNotFoundError that says where to put it."""
    from sitroom.eval.runner import shared_data_dir

    base = shared_data_dir()
    path = base / "xdoc" / "ecbplus" if base else None
    if path is None or not (path / "ECB+").is_dir():
        raise FileNotFoundError("ECB+ not found: put it in ../shared/data/xdoc/ecbplus (with ECB+/<topic>/*.xml) "
                                "or set SITROOM_SHARED_DATA to the folder holding xdoc/ecbplus")  # fmt: skip
    return path


def read_validated_sentences(path: Path) -> dict[str, frozenset[int]]:
    """``ECBplus_coreference_sentences.csv`` as doc id -> validated sentence numbers."""
    found: dict[str, set[int]] = defaultdict(set)
    with path.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            found[f"{row['Topic'].strip()}_{row['File'].strip()}"].add(int(row["Sentence Number"]))
    return {doc: frozenset(s) for doc, s in found.items()}


def split_topics(split: str) -> frozenset[int] | None:
    """The topic numbers of a split; None for train (every topic that is not dev)."""
    if split == "dev":
        return DEV_TOPICS
    if split == "train":
        return None
    raise ValueError(
        f"unknown ECB+ split {split!r}: use 'dev' or 'train' (test topics 36-45 are held out)"
    )


def load_ecbplus(split: str = "dev", root: Path | None = None) -> list[EcbDocument]:
    """The documents of one split, sorted by topic, half and number (``root``: the ecbplus folder)."""
    return list(_load(split, root or ecbplus_dir()))


@cache
def _load(split: str, root: Path) -> tuple[EcbDocument, ...]:
    wanted = split_topics(split)
    validated = (
        read_validated_sentences(root / SENTENCES_CSV) if (root / SENTENCES_CSV).is_file() else {}
    )
    docs = []
    for path in (root / "ECB+").glob("*/*.xml"):
        topic = int(path.stem.split("_", 1)[0])
        if (
            topic in HELD_OUT_TOPICS
            or (wanted is not None and topic not in wanted)
            or (wanted is None and topic in DEV_TOPICS)
        ):
            continue
        docs.append(
            parse_document(
                path.read_text(encoding="utf-8"), path.stem, validated.get(path.stem, frozenset())
            )
        )
    return tuple(sorted(docs, key=_doc_order))


def _doc_order(doc: EcbDocument) -> tuple[int, bool, int]:
    topic, rest = doc.id.split("_", 1)
    return int(topic), rest.endswith("ecbplus"), int(re.sub(r"\D", "", rest) or 0)


# ---------------------------------------------------------------- blind runs


def scored_mentions(doc: EcbDocument, validated_only: bool) -> tuple[EventMention, ...]:
    return tuple(m for m in doc.mentions if m.validated or not validated_only)


@dataclass(frozen=True)
class Blinded:
    """Blinded copies of documents, and the way back to the real ids."""

    docs: list[EcbDocument]
    order: list[int]  # docs[i] is a copy of the original document order[i]
    mention_ids: dict[str, str]  # blinded mention id -> real mention id


def blind(docs: Sequence[EcbDocument], validated_only: bool = True) -> Blinded:
    """Copies without anything a system could cheat with: ids, topics, chains, file order."""
    order = list(range(len(docs)))
    random.Random(BLIND_SEED).shuffle(order)
    copies, back = [], {}
    for k, i in enumerate(order):
        doc_id = f"doc{k:03d}"
        mentions = []
        for j, m in enumerate(scored_mentions(docs[i], validated_only)):
            back[f"{doc_id}/m{j}"] = m.id
            mentions.append(replace(m, id=f"{doc_id}/m{j}", chain=""))
        copies.append(replace(docs[i], id=doc_id, topic="", subtopic="", mentions=tuple(mentions)))
    return Blinded(copies, order, back)


# ---------------------------------------------------------------- scoring


def check_labels(labels: Sequence[Any], n_docs: int) -> None:
    """A document clusterer must give one label per document: say so when it did not."""
    if len(labels) != n_docs:
        raise ValueError(f"the document clusterer returned {len(labels)} labels for {n_docs} documents: "
                         "return one cluster label per input document, in input order")  # fmt: skip


def score_document_clusters(docs: Sequence[EcbDocument], labels: Sequence[Any]) -> dict[str, Any]:
    """ARI and V-measure of one label per document against gold topics and sub-topics."""
    check_labels(labels, len(docs))
    system = {d.id: label for d, label in zip(docs, labels, strict=True)}
    report: dict[str, Any] = {"documents": len(docs), "system_clusters": len(set(labels))}
    for level in ("topic", "subtopic"):
        gold = {d.id: getattr(d, level) for d in docs}
        report[level] = {"gold_clusters": len(set(gold.values())),
                         "ari": round(adjusted_rand_index(gold, system), 3),
                         **v_measure(gold, system).rounded()}  # fmt: skip
    return report


def evaluate_document_clustering(
    cluster_docs: DocumentClusterer, docs: Sequence[EcbDocument] | None = None
) -> dict[str, Any]:
    """Run ``cluster_docs`` on blinded dev documents; score its labels against topics and sub-topics.

    ``cluster_docs`` gets every document of the split (text, title, url; no gold) and
    returns one cluster label per document, in the order given.
    """
    docs = list(docs) if docs is not None else load_ecbplus("dev")
    blinded = blind(docs)
    started = time.perf_counter()
    labels = list(cluster_docs(blinded.docs))
    seconds = time.perf_counter() - started
    check_labels(labels, len(docs))
    unshuffled: list[Any] = [None] * len(docs)
    for k, i in enumerate(blinded.order):
        unshuffled[i] = labels[k]
    return {**score_document_clusters(docs, unshuffled), "seconds": round(seconds, 2)}


def gold_chains(docs: Iterable[EcbDocument], validated_only: bool = True) -> dict[str, str]:
    """Mention id -> gold chain id over the scored mentions of all documents."""
    return {m.id: m.chain for d in docs for m in scored_mentions(d, validated_only)}


def score_event_clusters(
    docs: Sequence[EcbDocument], system: dict[str, str], validated_only: bool = True
) -> dict[str, Any]:
    """MUC, B-cubed, CEAF-e and CoNLL F1 of a mention clustering, over the whole split at once.

    As in the standard cross-document setting, all mentions of the split are one pool
    (a system may link across topics, and is penalised if it does). Mentions the system
    leaves out count as singletons (``coref_scoring``).
    """
    gold = gold_chains(docs, validated_only)
    scores = score_coreference(gold, system)  # raises on ids not among the gold mentions
    chain_sizes = Counter(gold.values())
    return {"mentions": len(gold), "gold_chains": len(chain_sizes),
            "gold_singletons": sum(1 for n in chain_sizes.values() if n == 1),
            "system_clusters": len({system.get(m, ("alone", m)) for m in gold}),
            "mentions_not_clustered": sum(1 for m in gold if m not in system),
            **scores.to_dict()}  # fmt: skip


def evaluate_event_coref(cluster_mentions: MentionClusterer, docs: Sequence[EcbDocument] | None = None,
                         validated_only: bool = True) -> dict[str, Any]:  # fmt: skip
    """Run ``cluster_mentions`` on blinded dev documents and score its event clusters.

    Gold mentions are given: each blinded document carries exactly the event mentions
    to cluster (ids, offsets, text; no chains), and the system only says which go
    together, returning mention id -> cluster id. Mentions it leaves out count as
    singletons; an id it invents is an error. ``validated_only`` (the standard setting)
    hands over only the mentions of the validated sentences.
    """
    docs = list(docs) if docs is not None else load_ecbplus("dev")
    blinded = blind(docs, validated_only)
    started = time.perf_counter()
    found = cluster_mentions(blinded.docs)
    seconds = time.perf_counter() - started
    unknown = [m for m in found if m not in blinded.mention_ids]
    if unknown:
        raise ValueError(f"the mention clusterer returned {len(unknown)} unknown mention id(s), e.g. {unknown[:3]}: "
                         "return only ids of the EventMention objects it was given")  # fmt: skip
    system = {blinded.mention_ids[m]: str(c) for m, c in found.items()}
    return {**score_event_clusters(docs, system, validated_only),
            "setting": "gold mentions given; the system only clusters them",
            "validated_sentences_only": validated_only, "seconds": round(seconds, 2)}  # fmt: skip


# ---------------------------------------------------------------- baseline: documents by TF-IDF


# Cosine of average linkage at which two groups of documents stop merging. Picked on the
# train topics (never on dev) for the best sub-topic ARI, in steps of 0.025; see ``sweep``.
TFIDF_THRESHOLD = 0.175
_WORD = re.compile(r"[^\W\d_]{2,}")
# Words in more than this share of the documents say nothing about which story a text
# tells; dropping them (rather than keeping a stop list) adapts to each collection.
MAX_DOCUMENT_SHARE = 0.5


def tfidf_matrix(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised TF-IDF rows: sublinear tf (1 + log tf), smoothed idf.

    Words found in one document only are dropped: they can make no two documents alike,
    and they would only shrink every other weight by the normalisation.
    """
    counts = [Counter(_WORD.findall(t.lower())) for t in texts]
    df = Counter(w for c in counts for w in c)
    n = len(texts)
    vocab = {
        w: i
        for i, w in enumerate(sorted(w for w, k in df.items() if 2 <= k <= MAX_DOCUMENT_SHARE * n))
    }
    matrix = np.zeros((n, len(vocab)))
    for row, c in enumerate(counts):
        for w, tf in c.items():
            if w in vocab:
                matrix[row, vocab[w]] = (1 + math.log(tf)) * (math.log((1 + n) / (1 + df[w])) + 1)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)


def agglomerate(similarity: np.ndarray, threshold: float) -> list[int]:
    """Average-linkage agglomerative clustering: merge the most similar pair of groups
    while their mean pairwise similarity is at least ``threshold``. Labels 0..k-1.

    The Lance-Williams update keeps row i the size-weighted mean of the rows merged
    into it, which is exactly the average linkage; O(n^3) is fine for a few hundred texts.
    """
    n = similarity.shape[0]
    sim = similarity.astype(float).copy()
    np.fill_diagonal(sim, -np.inf)
    size = np.ones(n)
    members = {i: [i] for i in range(n)}
    while len(members) > 1:
        flat = int(np.argmax(sim))
        i, j = divmod(flat, n)
        if sim[i, j] < threshold:
            break
        i, j = min(i, j), max(i, j)
        merged = (size[i] * sim[i] + size[j] * sim[j]) / (size[i] + size[j])
        sim[i, :], sim[:, i] = merged, merged
        sim[j, :], sim[:, j] = -np.inf, -np.inf
        sim[i, i] = -np.inf
        size[i] += size[j]
        members[i] += members.pop(j)
    labels = [0] * n
    for label, group in enumerate(sorted(members.values())):
        for doc in group:
            labels[doc] = label
    return labels


def tfidf_document_clusters(
    docs: list[EcbDocument], threshold: float = TFIDF_THRESHOLD
) -> list[int]:
    """Baseline: documents by TF-IDF cosine of their text (title line included, URL not),
    grouped by average linkage down to ``threshold``."""
    if not docs:
        return []
    matrix = tfidf_matrix([d.text for d in docs])
    return agglomerate(matrix @ matrix.T, threshold)


# ---------------------------------------------------------------- baseline: events by lemma


@cache
def _lemmatizer_model() -> Any:
    """sitroom's English model with only what lemmas need (the parser and NER would
    triple the time); loaded once per process."""
    import spacy

    from sitroom.nlp.model import resolve_model_name

    return spacy.load(resolve_model_name("auto"), exclude=["parser", "ner"])


def spacy_lemmas(docs: list[EcbDocument]) -> dict[str, str]:
    """Mention id -> the lowercased lemmas of its tokens, from sitroom's spaCy model."""
    nlp = _lemmatizer_model()
    lemmas: dict[str, str] = {}
    for doc, parsed in zip(docs, nlp.pipe(d.text for d in docs), strict=True):
        for m in doc.mentions:
            words: list[str] = []
            for start, end in m.spans:
                span = parsed.char_span(start, end, alignment_mode="expand")
                words.extend(t.lemma_.lower() for t in span or ())
            lemmas[m.id] = " ".join(words) or m.text.lower()
    return lemmas


def lemma_event_clusters(
    docs: list[EcbDocument], groups: Sequence[str], lemmatize: Lemmatizer = spacy_lemmas
) -> dict[str, str]:
    """Baseline: event mentions with the same lemma in the same group of documents corefer.

    The classic strong baseline of ECB+ (Upadhyay et al. 2016; Barhom et al. 2019): event
    chains rarely cross sub-topics, and within one, the same predicate ("arrested",
    "arrest") mostly names the same event. ``groups`` is one group label per document:
    the gold sub-topics (the usual, optimistic form) or a document clusterer's labels.
    """
    lemmas = lemmatize(docs)
    return {
        m.id: f"{group}|{lemmas[m.id]}"
        for doc, group in zip(docs, groups, strict=True)
        for m in doc.mentions
    }


def lemma_within_predicted_documents(
    docs: list[EcbDocument], lemmatize: Lemmatizer = spacy_lemmas
) -> dict[str, str]:
    """End-to-end baseline: the lemma rule inside the TF-IDF baseline's document clusters."""
    return lemma_event_clusters(docs, [str(g) for g in tfidf_document_clusters(docs)], lemmatize)


def singleton_events(docs: list[EcbDocument]) -> dict[str, str]:
    """Floor: every mention alone (B-cubed and CEAF-e reward the many gold singletons)."""
    return {m.id: m.id for d in docs for m in d.mentions}


# ---------------------------------------------------------------- report


def sweep(docs: Sequence[EcbDocument], thresholds: Iterable[float]) -> list[dict[str, Any]]:
    """The TF-IDF baseline at several thresholds: how ``TFIDF_THRESHOLD`` was chosen (on train)."""
    matrix = tfidf_matrix([d.text for d in docs])
    similarity = matrix @ matrix.T
    return [
        {"threshold": t, **score_document_clusters(docs, agglomerate(similarity, t))}
        for t in thresholds
    ]


def sitroom_story_clusters(docs: list[EcbDocument], lead_embedding: str | None = None) -> list[int]:
    """sitroom's own story grouping run on the documents, in input order, with ``lead_embedding``
    (resolve.lead_embedding; None: the default).

    Each document goes through the entity stages and into a throwaway store, exactly as
    `sitroom ingest` does, so the blocking, embeddings and thresholds are the shipped ones.
    ECB+ texts carry no dates, so the time window does not block here.
    """
    import tempfile

    from sitroom.config import Config as _Config
    from sitroom.ingest.fingerprint import band_keys, fingerprint_article, minhash, shingles
    from sitroom.model import Article
    from sitroom.nlp.pipeline import Pipeline
    from sitroom.resolve.stories import StoryGrouper
    from sitroom.store import Store

    config = _Config.load(assignments=("nlp.stages=['sentences.v1', 'entities.v1']",))
    articles = []
    for d in docs:
        a = Article(title=d.title, text=d.text, url=d.url, source=d.id)
        a.id = fingerprint_article(a)
        articles.append(a)
    labels: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/ecb.db")
        grouper = StoryGrouper(store, lead_embedding)
        for out in Pipeline(config).run(articles):
            if isinstance(out, Exception):
                continue
            article, ann = out
            sig = minhash(shingles(article.text))
            store.add_article(article, ann, sig, band_keys(sig))
            labels[article.source] = grouper.add(article, ann)[0]
    return [labels.get(d.id, -i - 1) for i, d in enumerate(docs)]


def baseline_report(split: str = "dev", lemmatize: Lemmatizer = spacy_lemmas,
                    lead_embedding: str | None = None) -> dict[str, Any]:
    """The baselines on one split, as the JSON ``main`` prints."""
    from sitroom.resolve.stories import DEFAULT_EMBEDDING

    docs = load_ecbplus(split)
    stories = partial(sitroom_story_clusters, lead_embedding=lead_embedding)
    all_mentions = sum(len(d.mentions) for d in docs)
    # The oracle run sees the gold sub-topics, so it is scored directly, not blind.
    scored = [replace(d, mentions=scored_mentions(d, True)) for d in docs]
    lemma_gold = score_event_clusters(
        docs, lemma_event_clusters(scored, [d.subtopic for d in docs], lemmatize)
    )
    return {
        "corpus": "ECB+ (Cybulska & Vossen 2014)", "split": split,
        "topics": sorted({int(d.topic) for d in docs}), "documents": len(docs),
        "event_mentions": all_mentions, "event_mentions_validated": sum(len(scored_mentions(d, True)) for d in docs),
        "document_clustering": {
            "tfidf_agglomerative": {"threshold": TFIDF_THRESHOLD, **evaluate_document_clustering(tfidf_document_clusters, docs)},
            "sitroom_stories": {"lead_embedding": lead_embedding or DEFAULT_EMBEDDING,
                                **evaluate_document_clustering(stories, docs)},
            "one_cluster": evaluate_document_clustering(lambda ds: [0] * len(ds), docs),
        },
        "event_coref": {
            "singletons": evaluate_event_coref(singleton_events, docs),
            "lemma_within_gold_subtopic": {**lemma_gold, "note": "oracle document grouping: gold sub-topics"},
            "lemma_within_tfidf_clusters": evaluate_event_coref(
                lambda ds: lemma_within_predicted_documents(ds, lemmatize), docs),
            "lemma_within_sitroom_stories": evaluate_event_coref(
                lambda ds: lemma_event_clusters(ds, [str(x) for x in stories(ds)], lemmatize), docs),
        },
    }  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m sitroom.eval.ecbplus``: the baselines' scores as JSON on stdout."""
    parser = argparse.ArgumentParser(prog="python -m sitroom.eval.ecbplus",
                                     description="Score the document-clustering and event-coreference baselines on ECB+; print JSON.")  # fmt: skip
    parser.add_argument(
        "--split",
        default="dev",
        choices=["dev", "train"],
        help="ECB+ split (test topics 36-45 are held out)",
    )
    parser.add_argument(
        "--sweep",
        action="store_true",
        help="only sweep the TF-IDF threshold (use --split train to choose it)",
    )
    parser.add_argument("--lead-embedding", choices=["static", "minilm"],
                        help="story grouping's lead embedding (default: resolve.lead_embedding's default)")
    args = parser.parse_args(argv)
    if args.sweep:
        result: Any = sweep(load_ecbplus(args.split), [round(0.025 * k, 3) for k in range(1, 17)])
    else:
        result = baseline_report(args.split, lead_embedding=args.lead_embedding)
    json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

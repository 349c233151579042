"""Scores for grouping things: documents into stories, mentions into events.

Written here from the published definitions (no scorer's code was consulted), so that
every corpus and every system is judged by one small, readable implementation.

Input
  ``gold`` and ``system`` are mappings *item id -> cluster id*; a cluster id is any
  hashable label and only says which items go together, so relabelling changes nothing.
  Singletons are allowed (an id used once).
  * **The items are the gold's keys.** An item the system leaves out counts as a *system
    singleton*: it is linked to nothing, which is exactly what a system that never
    mentions it has claimed. (The CoNLL reference scorer would instead drop it from the
    response; with gold mentions given, as here, the two agree once the system outputs
    every mention, and "absent = alone" is the reading a caller can never get wrong.)
  * An item the system has but the gold lacks is an error (``ValueError``): these scores
    are for gold mentions, where such an id can only be a bug in the caller.
  * A score whose denominator is zero is 0.0 (as ``runner.prf``), except where a
    definition says otherwise (ARI of identical trivial partitions, V-measure's h and c).

Clustering metrics (documents into stories or topics)
  * ``adjusted_rand_index``: Hubert & Arabie (1985). Pairs of items put together or apart
    alike by both partitions, corrected for chance: 1.0 for the same partition, about 0
    for independent random labels, negative when worse than chance.
  * ``v_measure``: Rosenberg & Hirschberg (2007). Homogeneity (each system cluster holds
    one gold class), completeness (each gold class sits in one system cluster), and their
    harmonic mean.

Coreference metrics (mentions into entities or events); each returns ``PRF``
  * ``muc``: Vilain et al. (1995), link-based. Recall = sum over gold entities K of
    (|K| - number of system clusters K is split across) / sum of (|K| - 1); precision
    swaps the roles. Singletons carry no links, so MUC ignores them entirely.
  * ``b_cubed``: Bagga & Baldwin (1998), mention-based with equal weight per mention.
    Per mention m: precision |K(m) & R(m)| / |R(m)|, recall |K(m) & R(m)| / |K(m)|,
    K(m) and R(m) being m's gold and system clusters; averaged over all mentions.
  * ``ceaf_e``: Luo (2005), entity-based. phi4(K, R) = 2|K & R| / (|K| + |R|); the
    one-to-one alignment of gold to system entities maximising the summed phi4 is found
    with the Kuhn-Munkres (Hungarian) algorithm; recall = that sum / number of gold
    entities, precision = that sum / number of system entities.
  * ``conll_f1``: the mean of MUC, B-cubed and CEAF-e F1 (Pradhan et al. 2011/2014).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

import numpy as np
from scipy.optimize import linear_sum_assignment

K = TypeVar("K", bound=Hashable)


class PRF(NamedTuple):
    """Precision, recall and F1, each in [0, 1]."""

    precision: float
    recall: float
    f1: float

    def rounded(self, digits: int = 3) -> dict[str, float]:
        return {k: round(v, digits) for k, v in self._asdict().items()}


class VMeasure(NamedTuple):
    """Homogeneity, completeness and their harmonic mean, the V-measure (beta = 1)."""

    homogeneity: float
    completeness: float
    v_measure: float

    def rounded(self, digits: int = 3) -> dict[str, float]:
        return {k: round(v, digits) for k, v in self._asdict().items()}


@dataclass(frozen=True)
class _Alone:
    """The system cluster of an item the system left out: equal to nothing else."""

    item: Hashable


# ---------------------------------------------------------------- shared pieces


def align(gold: Mapping[K, Hashable], system: Mapping[K, Hashable]) -> dict[K, Hashable]:
    """The system's cluster for every gold item: left-out items alone, unknown items refused."""
    unknown = [item for item in system if item not in gold]
    if unknown:
        shown = ", ".join(repr(i) for i in unknown[:5])
        raise ValueError(f"{len(unknown)} system item(s) not in the gold, e.g. {shown}: "
                         "score gold mentions only (drop these ids from the system output)")  # fmt: skip
    return {item: system[item] if item in system else _Alone(item) for item in gold}


def contingency(
    gold: Mapping[K, Hashable], system: Mapping[K, Hashable]
) -> Counter[tuple[Hashable, Hashable]]:
    """How many items each (gold cluster, system cluster) pair shares; zero pairs absent."""
    response = align(gold, system)
    return Counter((gold[item], response[item]) for item in gold)


def _sizes(table: Counter[tuple[Hashable, Hashable]], side: int) -> Counter[Hashable]:
    sizes: Counter[Hashable] = Counter()
    for pair, n in table.items():
        sizes[pair[side]] += n
    return sizes


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _prf(p: float, r: float) -> PRF:
    return PRF(p, r, _f1(p, r))


# ---------------------------------------------------------------- clustering metrics


def _pairs(n: int) -> float:
    return n * (n - 1) / 2


def adjusted_rand_index(gold: Mapping[K, Hashable], system: Mapping[K, Hashable]) -> float:
    """Hubert & Arabie's ARI: (index - expected) / (max - expected), over pairs of items.

    The denominator is zero only when both partitions are the same trivial one (all
    items together, or all apart, or fewer than two items): that scores 1.0.
    """
    table = contingency(gold, system)
    index = sum(_pairs(n) for n in table.values())
    gold_pairs = sum(_pairs(n) for n in _sizes(table, 0).values())
    system_pairs = sum(_pairs(n) for n in _sizes(table, 1).values())
    all_pairs = _pairs(len(gold))
    expected = gold_pairs * system_pairs / all_pairs if all_pairs else 0.0
    best = (gold_pairs + system_pairs) / 2
    if math.isclose(best, expected, abs_tol=1e-12):
        return 1.0
    return (index - expected) / (best - expected)


def _entropy(sizes: Counter[Hashable], n: int) -> float:
    return -sum(c / n * math.log(c / n) for c in sizes.values() if c)


def _conditional_entropy(table: Counter[tuple[Hashable, Hashable]], given: int, n: int) -> float:
    """H(other side | side ``given``) from the contingency table (natural log)."""
    given_sizes = _sizes(table, given)
    return -sum(c / n * math.log(c / given_sizes[pair[given]]) for pair, c in table.items())


def v_measure(gold: Mapping[K, Hashable], system: Mapping[K, Hashable]) -> VMeasure:
    """Rosenberg & Hirschberg's homogeneity h, completeness c and V = 2hc / (h + c).

    h = 1 - H(gold | system) / H(gold), and 1 when H(gold) = 0 (one gold class: every
    cluster is pure); c likewise with the roles swapped. Empty input scores 1, 1, 1.
    """
    table = contingency(gold, system)
    n = len(gold)
    if n == 0:
        return VMeasure(1.0, 1.0, 1.0)
    h_gold, h_system = _entropy(_sizes(table, 0), n), _entropy(_sizes(table, 1), n)
    homogeneity = 1.0 - _conditional_entropy(table, 1, n) / h_gold if h_gold else 1.0
    completeness = 1.0 - _conditional_entropy(table, 0, n) / h_system if h_system else 1.0
    # Clamp float noise (1 - 1.0000000002) so that scores stay inside [0, 1].
    homogeneity, completeness = min(max(homogeneity, 0.0), 1.0), min(max(completeness, 0.0), 1.0)
    return VMeasure(homogeneity, completeness, _f1(homogeneity, completeness))


# ---------------------------------------------------------------- coreference metrics


def _muc_recall(table: Counter[tuple[Hashable, Hashable]], key: int) -> float:
    """MUC recall with side ``key`` as the key (0: gold, so recall; 1: system, so precision)."""
    sizes = _sizes(table, key)
    parts = Counter(pair[key] for pair in table)  # clusters of the other side each is split over
    links = sum(size - 1 for size in sizes.values())
    kept = sum(sizes[c] - parts[c] for c in sizes)
    return kept / links if links else 0.0


def muc(gold: Mapping[K, Hashable], system: Mapping[K, Hashable]) -> PRF:
    """Vilain et al.'s link-based MUC score. 0.0 where a side has no links (all singletons)."""
    table = contingency(gold, system)
    return _prf(_muc_recall(table, 1), _muc_recall(table, 0))


def b_cubed(gold: Mapping[K, Hashable], system: Mapping[K, Hashable]) -> PRF:
    """Bagga & Baldwin's B-cubed, every mention weighted equally.

    Summing per (gold, system) cell: the n mentions in a cell each have overlap n, so
    the cell adds n * n / |R| to the precision sum and n * n / |K| to the recall sum.
    """
    table = contingency(gold, system)
    if not table:
        return PRF(0.0, 0.0, 0.0)
    gold_sizes, system_sizes = _sizes(table, 0), _sizes(table, 1)
    p = sum(n * n / system_sizes[s] for (_, s), n in table.items()) / len(gold)
    r = sum(n * n / gold_sizes[g] for (g, _), n in table.items()) / len(gold)
    return _prf(p, r)


def ceaf_e(gold: Mapping[K, Hashable], system: Mapping[K, Hashable]) -> PRF:
    """Luo's entity-based CEAF with phi4, optimal alignment by Kuhn-Munkres.

    Only entity pairs that share a mention have phi4 > 0, so the matrix is built from the
    contingency table; pairs left at 0 may be aligned but add nothing.
    """
    table = contingency(gold, system)
    if not table:
        return PRF(0.0, 0.0, 0.0)
    gold_sizes, system_sizes = _sizes(table, 0), _sizes(table, 1)
    rows = {g: i for i, g in enumerate(gold_sizes)}
    cols = {s: j for j, s in enumerate(system_sizes)}
    phi = np.zeros((len(rows), len(cols)))
    for (g, s), n in table.items():
        phi[rows[g], cols[s]] = 2 * n / (gold_sizes[g] + system_sizes[s])
    matched_rows, matched_cols = linear_sum_assignment(phi, maximize=True)
    total = float(phi[matched_rows, matched_cols].sum())
    return _prf(total / len(cols), total / len(rows))


@dataclass(frozen=True)
class CorefScores:
    """MUC, B-cubed and CEAF-e for one gold/system pair, and their CoNLL mean."""

    muc: PRF
    b_cubed: PRF
    ceaf_e: PRF

    @property
    def conll_f1(self) -> float:
        return (self.muc.f1 + self.b_cubed.f1 + self.ceaf_e.f1) / 3

    def to_dict(self, digits: int = 3) -> dict[str, Any]:
        return {"muc": self.muc.rounded(digits), "b_cubed": self.b_cubed.rounded(digits),
                "ceaf_e": self.ceaf_e.rounded(digits), "conll_f1": round(self.conll_f1, digits)}  # fmt: skip


def score_coreference(gold: Mapping[K, Hashable], system: Mapping[K, Hashable]) -> CorefScores:
    """All three coreference metrics at once."""
    return CorefScores(muc(gold, system), b_cubed(gold, system), ceaf_e(gold, system))


def conll_f1(gold: Mapping[K, Hashable], system: Mapping[K, Hashable]) -> float:
    """The CoNLL F1: the mean of MUC, B-cubed and CEAF-e F1."""
    return score_coreference(gold, system).conll_f1

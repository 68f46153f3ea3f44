"""Refit the decline decision of rag/answerable.py on labelled question sets.

Run: .venv/bin/python scripts/calibrate_decline.py DATA_DIR QUESTIONS.yaml [...] [DUMP.jsonl]
         [-- DATA_DIR2 QUESTIONS2.yaml ...]
DATA_DIR holds an index of the documents the questions are about (`robot --data-dir
DATA_DIR index sync DOCS`); each commune after `--` brings its own. With two communes or
more, each is also predicted by a fit on the others: what the decision is worth on a
town's documents it was not fitted on. Questions the robot should answer are positives, out-of-
scope ones negatives (emergencies and guard refusals are decided before). A `robot eval
--spoken --dump` file adds what the recogniser heard of the standalone fact, version and
out-of-scope questions it heard right (a misheard one is « pas compris »'s business):
spoken questions run on, and the decision must hold for them too. Prints the
weights to copy into rag/answerable.py, and precision / recall of "should decline" and
the share of answerable questions answered, in-sample and left one out. Tune on the
tuning sets only: a held-out set fitted on is no longer held out.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
from rag.answerable import BIAS, THRESHOLD, WEIGHTS, clauses
from rag.eval import load_questions
from rag.guard import classify, clean_passages
from rag.memory import Turn, rewrite
from rag.retrieval import HybridRetriever
from rag.words import digits
from robot import compose
from robot.config import Settings
from robot.context import Context

FEATURES = ("dense", "bm25")


SPOKEN_KINDS = {"fact": 1.0, "version": 1.0, "out_of_scope": 0.0}


def features(retriever: HybridRetriever, query: str) -> list[float]:
    """The decision's two signals for what retrieval finds (rag/answerable.py): the best
    cosine of the question or any of its clauses, and the best BM25 score."""
    passages = [p for p in clean_passages(retriever.search(query, 4)) if not p.superseded]
    return [retriever.cosine([query, *clauses(query)], passages),
            max((p.lexical or 0.0 for p in passages), default=0.0)]


def signals(data_dir: Path, sets: Sequence[Path], dumps: Sequence[Path] = ()
            ) -> tuple[np.ndarray, np.ndarray]:
    retriever = compose.retriever(Context.build(Settings(), None, data_dir))
    if not isinstance(retriever, HybridRetriever):
        raise SystemExit("calibrate on a local index (retrieval.backend: local)")
    rows, labels = [], []
    for path in sets:
        history: dict[str, list[Turn]] = {}
        for item in load_questions(path):
            if item.wants == "emergency" or classify(item.question) is not None:
                continue
            turns = history.setdefault(item.session, []) if item.session else []
            rw = rewrite(digits(item.question), turns)
            rows.append(features(retriever, rw.query))
            labels.append(1.0 if item.wants == "answer" else 0.0)
            if item.session:
                turns.append(Turn(item.question, rw.topic, "", False))
    for path in dumps:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row["misheard"] or row["kind"] not in SPOKEN_KINDS or not row["heard"]:
                continue
            rows.append(features(retriever, digits(row["heard"])))
            labels.append(SPOKEN_KINDS[row["kind"]])
    return np.array(rows), np.array(labels)


def fit(x: np.ndarray, y: np.ndarray, iters: int = 3000) -> tuple[np.ndarray, float]:
    """Class-balanced logistic regression by gradient descent; raw-feature weights."""
    mu, sd = x.mean(0), x.std(0) + 1e-9
    z = (x - mu) / sd
    w, b = np.zeros(x.shape[1]), 0.0
    weight = np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))
    for _ in range(iters):
        g = (1 / (1 + np.exp(-(z @ w + b))) - y) * weight
        w -= 0.5 * (z.T @ g / len(y) + 0.1 * w / len(y))
        b -= 0.5 * g.mean()
    return w / sd, b - float((w * mu / sd).sum())


def figures(p: np.ndarray, y: np.ndarray, threshold: float) -> str:
    declined, should = p < threshold, y == 0
    both = (declined & should).sum()
    return (f"decline precision {both / max(declined.sum(), 1):.2f}, "
            f"recall {both / max(should.sum(), 1):.2f}, "
            f"answered {(~declined & ~should).sum() / max((~should).sum(), 1):.2f}")


def _groups(args: list[str]) -> list[list[str]]:
    groups: list[list[str]] = [[]]
    for arg in args:
        if arg == "--":
            groups.append([])
        else:
            groups[-1].append(arg)
    return [g for g in groups if g]


def main() -> int:
    groups = _groups(sys.argv[1:])
    if not groups or any(len(g) < 2 for g in groups):
        print(__doc__, file=sys.stderr)
        return 2
    communes = []
    for data_dir, *rest in groups:
        paths = [Path(a) for a in rest]
        communes.append(signals(Path(data_dir), [p for p in paths if p.suffix != ".jsonl"],
                                [p for p in paths if p.suffix == ".jsonl"]))
    x = np.vstack([c[0] for c in communes])
    y = np.concatenate([c[1] for c in communes])
    w, b = fit(x, y)
    print(f"{int(y.sum())} to answer, {int((1 - y).sum())} to decline")
    print("WEIGHTS =", dict(zip(FEATURES, np.round(w, 3).tolist(), strict=True)),
          " BIAS =", round(b, 3))
    loo = []
    for i in range(len(y)):
        wi, bi = fit(np.delete(x, i, 0), np.delete(y, i), iters=600)
        loo.append(1 / (1 + np.exp(-(x[i] @ wi + bi))))
    for threshold in (0.3, 0.35, 0.4, 0.5):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        print(f"threshold {threshold}: in-sample {figures(p, y, threshold)}; "
              f"left one out {figures(np.array(loo), y, threshold)}")
    # What the weights in use give on the same questions, for comparison.
    now = np.array([WEIGHTS[f] for f in FEATURES])

    def in_use(xs: np.ndarray, ys: np.ndarray) -> str:
        return figures(1 / (1 + np.exp(-(xs @ now + BIAS))), ys, THRESHOLD)

    print(f"weights in use, threshold {THRESHOLD}: pooled {in_use(x, y)}; "
          + "; ".join(f"{g[0]} {in_use(*c)}" for g, c in zip(groups, communes, strict=True)))
    for k, (xk, yk) in enumerate(communes if len(communes) > 1 else []):
        others = [c for j, c in enumerate(communes) if j != k]
        wo, bo = fit(np.vstack([c[0] for c in others]), np.concatenate([c[1] for c in others]))
        p = 1 / (1 + np.exp(-(xk @ wo + bo)))
        print(f"commune {groups[k][0]} fitted on the others: "
              + "; ".join(f"{t}: {figures(p, yk, t)}" for t in (0.3, 0.35, 0.4)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

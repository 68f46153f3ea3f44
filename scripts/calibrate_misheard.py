"""Refit rag/understood.py's p_misheard(confidence, known) on spoken evaluation dumps.

Run: .venv/bin/python scripts/calibrate_misheard.py DUMP.jsonl [...] [--wer CUT] [--max F]
A dump is written by `robot eval --spoken QUESTIONS.yaml --dump DUMP.jsonl`: one line per
spoken item with the recogniser's confidence, the share of the heard words the documents
use (`known`) and the label `misheard` (an in-scope item whose expected source the heard
text did not retrieve, or more than half its words wrong). The logistic is fitted on every
row heard at all; at run time it only matters for a question declined for a gap in the
documents, so the figures are given for those rows too. The threshold is the one that
leaves fewest in-scope questions heard right answered « je n'ai pas trouvé » while at most
5 % of the questions heard right get « pardon, je n'ai pas bien compris ». Figures are
in-sample and with each question's rows left out of the fit. `--wer CUT` relabels with
another word error rate cut (the dump's is 0.5), `--max F` changes the 5 %. Tune on the
tuning commune only: a held-out set fitted on is no longer held out.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rag import understood
from rag.unanswered import DOCUMENT_GAPS

FEATURES = ("confidence", "known")
MAX_NOT_UNDERSTOOD_WRONGLY = 0.05
NOT_UNDERSTOOD = understood.NOT_UNDERSTOOD


@dataclass(frozen=True)
class Rows:
    x: np.ndarray  # confidence, known
    misheard: np.ndarray  # bool
    in_scope: np.ndarray  # bool
    gap: np.ndarray  # bool: declined for a gap in the documents (« pas trouvé » or « pas compris »)
    group: np.ndarray  # the question each row says (left out together)


def load(paths: list[Path], wer_cut: float | None = None) -> tuple[Rows, int]:
    """The rows heard at all, and how many were not (nothing to decide about); with
    ``wer_cut``, misheard is relabelled as rag/eval_spoken.is_misheard with that cut."""
    x, mis, scope, gap, group = [], [], [], [], []
    silent = 0
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            if not r.get("heard"):
                silent += 1
                continue
            x.append([float(r["confidence"]), float(r["known"])])
            mis.append(bool(r["misheard"]) if wer_cut is None else (
                (r["in_scope"] and r["topic_retrieved"] is False) or r["wer"] > wer_cut))
            scope.append(bool(r["in_scope"]))
            gap.append(r.get("reason") in DOCUMENT_GAPS or r.get("reason") == NOT_UNDERSTOOD)
            group.append(f"{path.name}:{r['id']}")
    return Rows(np.array(x).reshape(-1, 2), np.array(mis), np.array(scope), np.array(gap),
                np.array(group)), silent


def fit(x: np.ndarray, y: np.ndarray, ridge: float = 1e-2, iters: int = 50
        ) -> tuple[np.ndarray, float]:
    """Logistic regression of y (misheard) by Newton's method, a little ridge on the weights."""
    a = np.hstack([x, np.ones((len(x), 1))])
    beta = np.zeros(a.shape[1])
    penalty = np.diag([ridge] * x.shape[1] + [0.0])
    for _ in range(iters):
        p = 1 / (1 + np.exp(-(a @ beta)))
        grad = a.T @ (p - y) + penalty @ beta
        hess = (a * (p * (1 - p))[:, None]).T @ a + penalty + 1e-9 * np.eye(a.shape[1])
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return beta[:-1], float(beta[-1])


def prob(x: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    return 1 / (1 + np.exp(-(x @ w + b)))


@dataclass(frozen=True)
class Figures:
    nu_wrongly: float  # heard right, told « pas compris »
    nf_wrongly: float  # in scope, heard right, told « pas trouvé »
    nu_when_misheard: float
    nf_when_misheard: float
    precision: float  # of « pas compris » among gap declines, against `misheard`
    recall: float

    def line(self) -> str:
        return (f"« pas compris » wrongly {self.nu_wrongly * 100:5.1f} %, « pas trouvé » "
                f"wrongly {self.nf_wrongly * 100:5.1f} %, when misheard « pas compris » "
                f"{self.nu_when_misheard * 100:5.1f} % / « pas trouvé » "
                f"{self.nf_when_misheard * 100:5.1f} %; declines: precision "
                f"{self.precision:.2f}, recall {self.recall:.2f}")


def _share(hits: np.ndarray, of: np.ndarray) -> float:
    return float((hits & of).sum() / of.sum()) if of.sum() else 0.0


def figures(rows: Rows, p: np.ndarray, threshold: float) -> Figures:
    """What the robot would say with these probabilities: a gap decline becomes « pas
    compris » at p >= threshold; any other answer is unchanged."""
    nu = rows.gap & (p >= threshold)
    nf = rows.gap & ~nu
    right = ~rows.misheard
    said = rows.gap & nu
    return Figures(
        nu_wrongly=_share(nu, right), nf_wrongly=_share(nf, right & rows.in_scope),
        nu_when_misheard=_share(nu, rows.misheard), nf_when_misheard=_share(nf, rows.misheard),
        precision=_share(rows.misheard, said),
        recall=_share(said, rows.gap & rows.misheard))


def choose(rows: Rows, p: np.ndarray, most: float = MAX_NOT_UNDERSTOOD_WRONGLY
           ) -> float | None:
    """Fewest « pas trouvé » said wrongly with « pas compris » wrongly <= 5 %; on a tie,
    the most misheard questions told « pas compris », then the fewest told it wrongly.
    None: no threshold keeps it under 5 % but never saying « pas compris »."""
    candidates = sorted({math.floor(float(v) * 1000) / 1000 for v in p[rows.gap]})
    best: tuple[float, float, float, float] | None = None
    for t in candidates:
        f = figures(rows, p, t)
        if f.nu_wrongly > most:
            continue
        key = (f.nf_wrongly, -f.nu_when_misheard, f.nu_wrongly, -t)
        if best is None or key < best:
            best = key
    return -best[3] if best is not None else None


def left_out(rows: Rows, columns: list[int] | None = None) -> np.ndarray:
    """Each row's probability from a fit without any row of the same question."""
    x = rows.x if columns is None else rows.x[:, columns]
    p = np.zeros(len(rows.group))
    for g in np.unique(rows.group):
        out = rows.group == g
        w, b = fit(x[~out], rows.misheard[~out].astype(float))
        p[out] = prob(x[out], w, b)
    return p


def log_loss(p: np.ndarray, y: np.ndarray) -> float:
    q = np.clip(p, 1e-6, 1 - 1e-6)
    return float(-(y * np.log(q) + (1 - y) * np.log(1 - q)).mean())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dumps", nargs="+", type=Path, metavar="DUMP.jsonl")
    ap.add_argument("--wer", type=float, help="relabel: misheard above this word error rate")
    ap.add_argument("--max", type=float, default=MAX_NOT_UNDERSTOOD_WRONGLY,
                    help="the most « pas compris » said wrongly (share of items heard right)")
    args = ap.parse_args()
    rows, silent = load(args.dumps, args.wer)
    if not len(rows.group) or rows.misheard.all() or not rows.misheard.any():
        print("need rows both heard right and misheard", file=sys.stderr)
        return 1
    y = rows.misheard.astype(float)
    w, b = fit(rows.x, y)
    p, loo = prob(rows.x, w, b), left_out(rows)
    print(f"{len(y)} spoken items ({int(y.sum())} misheard, {len(np.unique(rows.group))} "
          f"questions), {silent} heard as nothing left out; declined for a gap: "
          f"{int(rows.gap.sum())} ({int((rows.gap & rows.misheard).sum())} misheard); heard "
          f"right {int((~rows.misheard).sum())} ({int((rows.gap & ~rows.misheard).sum())} "
          f"declined for a gap)" + (f"; misheard above WER {args.wer}" if args.wer else ""))
    # rag/understood.py writes p_misheard = 1 / (1 + exp(BIAS + W·x)): the fit's signs flip.
    weights = tuple(round(-float(v), 3) for v in w)
    print(f"WEIGHTS = {weights}  # {', '.join(FEATURES)}")
    print(f"BIAS = {round(-b, 3)}")
    chosen = choose(rows, p, args.max)
    threshold = 1.0 if chosen is None else chosen
    print(f"THRESHOLD = {threshold}" + (f"  # none keeps « pas compris » wrongly <= "
                                        f"{args.max:.0%}: never" if chosen is None else ""))
    if chosen is not None and w[0] < 0:  # as a rule a technician can read
        z = math.log(threshold / (1 - threshold)) if threshold < 1 else math.inf
        print(f"  i.e. « pas compris » when confidence <= {(z - b) / w[0]:.3f} "
              f"{-w[1] / w[0]:+.3f} x known")
    gw, gb = fit(rows.x[rows.gap], y[rows.gap])
    print(f"  fitted on the gap declines alone: WEIGHTS = "
          f"{tuple(round(-float(v), 3) for v in gw)}, BIAS = {round(-gb, 3)}")
    print(f"  in-sample:       {figures(rows, p, threshold).line()}")
    print(f"  question out:    {figures(rows, loo, threshold).line()}")
    now = np.array([understood.p_misheard(c, k) for c, k in rows.x])
    print(f"  as in rag/understood.py now (threshold {understood.THRESHOLD}): "
          f"{figures(rows, now, understood.THRESHOLD).line()}")
    print("  never « pas compris »: "
          f"{figures(rows, np.zeros(len(y)), 0.5).line()}")
    losses = [log_loss(left_out(rows, c), y) for c in ([0, 1], [0], [1])]
    print("  log-loss, question out: both {:.3f}, confidence alone {:.3f}, known alone {:.3f} "
          "(always the base rate {:.3f})".format(*losses, log_loss(np.full(len(y), y.mean()), y)))
    print("threshold   « pas compris » wrongly   « pas trouvé » wrongly   "
          "misheard told « pas compris »   (question out)")
    for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, threshold):
        f, g = figures(rows, p, t), figures(rows, loo, t)
        print(f"  {t:5.3f}   {f.nu_wrongly * 100:5.1f} % ({g.nu_wrongly * 100:5.1f} %)"
              f"        {f.nf_wrongly * 100:5.1f} % ({g.nf_wrongly * 100:5.1f} %)"
              f"       {f.nu_when_misheard * 100:5.1f} % ({g.nu_when_misheard * 100:5.1f} %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How well emergencies are told from ordinary questions, on a battery of sentences.

Run: .venv/bin/python scripts/measure_danger.py DATA_DIR rag/emergency/set_a.yaml [--show]
DATA_DIR holds an index (`robot --data-dir DATA_DIR index sync DOCS`): the sense of danger
(rag/danger.py) speaks only for questions its documents do not answer. Prints, for the
guard's words alone and with the sense, the emergencies caught and the ordinary questions
sent to the numbers. `--show` lists the errors: for the tuning battery (set_a) only; set_b
is held out, its figures alone are read.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import yaml

os.environ.setdefault("HF_HUB_OFFLINE", "1")
from rag.answerable import THRESHOLD, passages_probability
from rag.danger import DangerSense
from rag.guard import Refusal, classify, clean_passages
from rag.retrieval import HybridRetriever
from rag.words import digits
from robot import compose
from robot.config import Settings
from robot.context import Context


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    retriever = compose.retriever(Context.build(Settings(), None, Path(sys.argv[1])))
    if not isinstance(retriever, HybridRetriever):
        raise SystemExit("measure on a local index (retrieval.backend: local)")
    sense = DangerSense(retriever.embedder)
    items = yaml.safe_load(Path(sys.argv[2]).read_text(encoding="utf-8"))
    words = both = false_words = false_both = 0
    for item in items:
        text, wanted = item["text"], item["kind"] == "emergency"
        listed = classify(text) is Refusal.EMERGENCY
        query = digits(text)
        declined = passages_probability(clean_passages(retriever.search(query, 4)), query,
                                        retriever.cosine) < THRESHOLD
        said = listed or (declined and sense(text))
        words += wanted and listed
        both += wanted and said
        false_words += not wanted and listed
        false_both += not wanted and said
        if "--show" in sys.argv and said != wanted:
            print(f"{'MISSED' if wanted else 'FALSE '} {sense.margin(text):+.3f} {text}")
    n = sum(item["kind"] == "emergency" for item in items)
    print(f"words alone: {words}/{n} emergencies, {false_words}/{len(items) - n} false alarms")
    print(f"with the sense of danger: {both}/{n} emergencies, "
          f"{false_both}/{len(items) - n} false alarms")
    return 0


if __name__ == "__main__":
    sys.exit(main())

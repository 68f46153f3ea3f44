"""Was the question heard right? "I did not understand" is not "I don't know".

When the documents hold nothing for a question, two different things may have happened:
the visitor asked about something the town hall does not document, or the recogniser
turned the question into other words (« la méchette à y » for « la déchetterie »). The
first deserves « je n'ai pas trouvé »; the second « pardon, je n'ai pas bien compris »,
and telling a visitor the town hall has no information when it has is the worse error.

Two measured signs, both general: the recogniser's own confidence (Whisper: the
probability of its tokens times the probability that there was speech at all; Vosk: its
words' mean confidence), and how many of the transcript's words the town's documents
use at all (a misheard transcript is full of words no document contains). The weights
are fitted by `scripts/calibrate_misheard.py` on spoken runs of the tuning commune.
"""

from __future__ import annotations

import math

NOT_UNDERSTOOD = "not_understood"  # the decline reason, beside not_found

# Logistic weights over (recogniser confidence, share of known words); see the module doc.
WEIGHTS = (6.0, 6.0)
BIAS = -7.5
THRESHOLD = 0.5


def p_misheard(confidence: float, known: float) -> float:
    """The probability that a transcript is not what the visitor said."""
    z = BIAS + WEIGHTS[0] * confidence + WEIGHTS[1] * known
    return 1.0 / (1.0 + math.exp(z))  # high confidence and known words: heard right


def misheard(confidence: float | None, known: float) -> bool:
    """Only for a spoken question (a typed one has no recogniser to doubt)."""
    return confidence is not None and p_misheard(confidence, known) >= THRESHOLD

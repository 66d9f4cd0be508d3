"""Tables of benchmarks/bench_search.py: printed, written into benchmarks/RESULTS.md (its own
sections) and, for the speed table, into README.md between `<!-- bench:speed -->` and
`<!-- /bench:speed -->`."""
from __future__ import annotations

from pathlib import Path

from kehoach_bench_results import replace_section

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
README = ROOT / "README.md"
README_START, README_END = "<!-- bench:speed -->", "<!-- /bench:speed -->"


def _ratio(a, b) -> str:
    return f"{a / b:.1f}×" if a and b else "—"


def quality_section(r: dict) -> str:
    q = r["quality"]
    lines = ["MRR@10 / recall@5, every question with gold rows fed to `Index.hits` "
             f"({q['dev']['queries']} dev questions, tests/data/dev_queries.jsonl; {q['own']['queries']} of our own, "
             "benchmarks/search_queries.jsonl)", "",
             "| channel | dev set | own questions |", "|---|---|---|"]
    for name, label in (("lexical", "lexical only (folded BM25)"), ("dense", "dense only (e5-small)"),
                        ("hybrid", f"**hybrid** (dense weight {q['dev']['hybrid']['weight_dense']})")):
        d, o = q["dev"][name], q["own"][name]
        lines.append(f"| {label} | {d['mrr@10']:.3f} / {d['recall@5']:.3f} | {o['mrr@10']:.3f} / {o['recall@5']:.3f} |")
    sweep = r.get("sweep")
    if sweep:
        lines += ["", "Dense weight (index/fusion.py DENSE_WEIGHT), MRR@10:", "",
                  "| dense weight | " + " | ".join(f"{w}" for w in sweep["weights"]) + " |",
                  "|---|" + "---|" * len(sweep["weights"])]
        for name in ("dev", "own"):
            lines.append(f"| {name} | " + " | ".join(f"{x:.3f}" for x in sweep[name]) + " |")
    a = r["answers"]
    lines += ["", f"Answer accuracy@1 on the dev set (kehoach.qa.evaluate): {a['accuracy']:.3f} ({a['right']}/{a['asked']})."]
    return "\n".join(lines)


def int8_section(bundled: dict, tenk: dict | None) -> str:
    f = bundled["fp32"]
    q8, q32 = bundled["quality"], f["quality"]
    lines = [f"Passages embedded in int8 (kehoach/embed/quantize.py) against fp32, same rows, same process; "
             f"queries fp32 in both. Mean cosine int8 vs fp32 {f['cosine_mean']:.4f} (min {f['cosine_min']:.4f}) "
             f"over {bundled['rows']} bundled rows.", "",
             "| | fp32 passages | int8 passages | difference |", "|---|---|---|---|"]
    for s, label in (("dev", "dev MRR@10 (hybrid)"), ("own", "own MRR@10 (hybrid)")):
        a, b = q32[s]["hybrid"]["mrr@10"], q8[s]["hybrid"]["mrr@10"]
        lines.append(f"| {label} | {a:.3f} | {b:.3f} | {b - a:+.3f} |")
    for s, label in (("dev", "dev MRR@10 (dense only)"), ("own", "own MRR@10 (dense only)")):
        a, b = q32[s]["dense"]["mrr@10"], q8[s]["dense"]["mrr@10"]
        lines.append(f"| {label} | {a:.3f} | {b:.3f} | {b - a:+.3f} |")
    a, b = f["answers"]["accuracy"], bundled["answers"]["accuracy"]
    lines.append(f"| dev answer accuracy@1 | {a:.3f} | {b:.3f} | {b - a:+.3f} |")
    if tenk:
        e = tenk["embed_rows_per_s"]
        lines.append(f"| passages/s, embedding alone (600 of the 10k rows) | {e['fp32']} | {e['int8']} | "
                     f"{tenk['embed_speedup']}× |")
    return "\n".join(lines)


def speed_rows(results: dict) -> list[str]:
    rows = ["| rows | build rows/s | query median / p95 | plain BM25 median / p95 (same process) | "
            "serving peak RSS | index load | cold `kehoach search` (`--help` alone) | FAISS |",
            "|---|---|---|---|---|---|---|---|"]
    for scale in ("bundled", "10k", "100k", "500k"):
        serve = results.get(f"serve-{scale}")
        if not serve:
            continue
        made = results.get(scale) or {}
        build = f"{made['build_rows_per_s']}" if "build_rows_per_s" in made else "— (derived)"
        lat, base = serve["latency"], serve["bm25_baseline"]
        cli = results.get(f"cli-{scale}") or {}
        cold = f"{cli['search_s']} s ({cli['help_s']} s)" if cli else "—"
        label = f"{serve['rows']:,}" + (" (bundled)" if scale == "bundled" else "")
        rows.append(f"| {label} | {build} | {lat['median_ms']} / {lat['p95_ms']} ms | "
                    f"{base['median_ms']} / {base['p95_ms']} ms | {serve['peak_rss_mb'] / 1024:.2f} GB | "
                    f"{serve['load_s']} s | {cold} | "
                    f"{serve['dense_index']} |")
    return rows


def faiss_section(results: dict) -> str:
    lines = ["Dense search alone (one query vector, k=10), recall@10 against exact float32 search over the "
             "same vectors; the kind used at each size is marked.", "",
             "| rows | kind | median / p95 ms | recall@10 | made in |", "|---|---|---|---|---|"]
    for scale in ("100k", "500k"):
        g = results.get(f"grow-{scale}")
        if not g:
            continue
        for kind, d in g["dense_kinds"].items():
            mark = " (chosen)" if kind == g["dense_index"] else ""
            extra = f", {d['nlist']} lists, {d['nprobe']} probed" if kind == "ivf" else ""
            lines.append(f"| {g['rows']:,} | {kind}{extra}{mark} | {d['median_ms']} / {d['p95_ms']} | "
                         f"{d['recall@10']:.4f} | {d['build_s']} s |")
    return "\n".join(lines)


def report(results: dict, write: bool = True) -> None:
    sections = {}
    if "bundled" in results:
        sections["Search quality"] = "## Search quality (benchmarks/bench_search.py)\n\n" + quality_section(results["bundled"])
        sections["int8 passages"] = ("## int8 passages against fp32 (benchmarks/bench_search.py)\n\n"
                                     + int8_section(results["bundled"], results.get("10k")))
    speed = speed_rows(results)
    notes = ("Rows beyond 10k are synthetic, each two real rows joined (vectors and term counts "
             "derived, nothing embedded); build rows/s includes parsing, segmentation, embedding and "
             "writing. Serving RSS: a fresh process loading the index and answering queries.")
    sections["Search speed and memory"] = ("## Search speed and memory (benchmarks/bench_search.py)\n\n"
                                           + "\n".join(speed) + "\n\n" + notes)
    if any(k.startswith("grow-") for k in results):
        sections["FAISS index per size"] = "## FAISS index per size (benchmarks/bench_search.py)\n\n" + faiss_section(results)
    for name, text in sections.items():
        print("\n" + text)
        if write:
            replace_section(RESULTS, name, text)
    if write and README.exists():
        text = README.read_text(encoding="utf-8")
        if README_START in text and README_END in text:
            before, rest = text.split(README_START, 1)
            after = rest.split(README_END, 1)[1]
            block = "\n".join(speed) + "\n\n" + notes + " All measured tables: benchmarks/RESULTS.md."
            README.write_text(before + README_START + "\n" + block + "\n" + README_END + after, encoding="utf-8")

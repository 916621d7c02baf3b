"""The benchmark's tables: ratios to /healthz side by side (databases, page cache hit and miss), latency,
memory, and the growth with size."""

import math

from workload import HIT_TARGETS, MISS_TARGETS

CELL = 8 + 6 + 4  # req/s, ratio, verdict


def ratio_cell(row, target):
    if row is None:
        return " " * CELL
    if "missing" in row:
        return f"{'(' + str(row['missing'])[: CELL - 3] + ')':>{CELL}}"
    ratio = row["rps"] / row["floor"] if row.get("floor") else math.nan
    verdict = "" if target is None else (" ok" if ratio >= target else " LOW")
    return f"{row['rps']:>8.0f}{ratio:>6.2f}{verdict:<4}"


def print_ratios(names, results, labels):
    """results[label][page] -> wrk result; labels: "<database> hit" and "<database> miss" for each database."""
    databases = list(dict.fromkeys(label.rsplit(" ", 1)[0] for label in labels))
    print("\nThroughput (req/s) and its ratio to /healthz, measured on the same server just before each page")
    print(
        "hit: page cache on, every URL asked for before; miss: a second server with PAGE_CACHE_SECONDS=0 "
        "(each page rendered, from the pieces of pages its worker keeps for the generation)"
    )
    width = 2 * CELL + 3
    print(f"{'':<28}{'target':>10} " + "".join(f"| {database:<{width - 2}}" for database in databases))
    heading = f"{'hit r/s':>8}{'ratio':>6}{'':4} {'miss r/s':>8}{'ratio':>6}{'':4} "
    print(f"{'page':<28}{'hit/miss':>10} " + f"| {heading}" * len(databases))
    for name in names:
        hit, miss = HIT_TARGETS.get(name), MISS_TARGETS.get(name)
        target = (f"{hit:.2f}" if hit else "-") + "/" + (f"{miss:.2f}" if miss else "-") if (hit or miss) else ""
        cells = ""
        for database in databases:
            hit_row, miss_row = results[f"{database} hit"].get(name), results[f"{database} miss"].get(name)
            cells += "| " + ratio_cell(hit_row, hit) + " " + ratio_cell(miss_row, miss) + " "
        print(f"{name:<28}{target:>10} {cells}")


def print_latency(names, results, labels):
    print("\nLatency under that load (ms, p50/p99; mostly time queueing for 2 cores)")
    print(f"{'page':<28}" + "".join(f"{label:>22}" for label in labels))
    for name in names:
        cells = ""
        for label in labels:
            row = results.get(label, {}).get(name)
            if row is None or "missing" in row:
                cells += f"{'':>22}"
            else:
                cells += f"{row['p50']:>14.1f}/{row['p99']:<7.1f}"
        print(f"{name:<28}{cells}")


def print_problems(results):
    for label, rows in results.items():
        for name, row in rows.items():
            if "missing" in row:
                print(f"  {label}: {name} answered {row['missing']} before the run: not measured")
            elif row["non_2xx"] or row["socket_errors"]:
                print(f"  {label}: {name}: {row['non_2xx']} answers >= 400, socket errors: {row['socket_errors'] or 0}")


def print_memory(memory):
    print("\nWorker resident memory (MB, each gunicorn worker)")
    for label, snapshots in memory.items():
        cells = "; ".join(f"{when}: " + ", ".join(f"{mb:.0f}" for mb in sizes) for when, sizes in snapshots)
        print(f"  {label:<30}{cells}")


def print_growth(scale, pages, connections, kept=False):
    """p50 at each size, and each size's p50 as a multiple of the real size's (goal: under 2x)."""
    grown = [size for size in scale if size != "real"]
    how = (
        "page cache off, pieces of pages kept (as visitors meet a page between edits)"
        if kept
        else "page cache and pieces of pages off (a first render after an edit)"
    )
    print(f"\nMedian latency (p50, ms), PostgreSQL, {how}, {connections} connection(s), as the directory grows")
    header = "".join(f"{size:>9} " for size in scale) + "".join(f"{size + '/real':>12}" for size in grown)
    print(f"{'page':<28}{header}")
    for page in pages:
        rows = {size: scale[size].get(page, {}) for size in scale}
        values = {size: row.get("p50", math.nan) for size, row in rows.items()}
        growth = [values[size] / values["real"] if values["real"] else math.nan for size in grown]
        cells = "".join(latency_cell(row) for row in rows.values())
        flags = "".join(f"{ratio:>11.2f}x" + ("!" if ratio >= 2 else " ") for ratio in growth)
        print(f"{page:<28}{cells}{flags}")
    if grown:
        print(
            "(! marks a p50 that grew 2x or more: the goal is under 2x; * one request only, it took longer than"
            " half a run; > abandoned after that many seconds)"
        )


def latency_cell(row):
    if "missing" in row:
        return f"{'(' + str(row['missing']) + ')':>10}"
    if row.get("note", "").startswith("over"):
        return f"{'>' + row['note'].split()[1]:>10}"
    return f"{row.get('p50', math.nan):>9.2f}" + ("*" if row.get("note") else " ")

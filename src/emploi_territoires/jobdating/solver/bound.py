"""Network flows: the upper bound of any schedule, and the most candidates that can be seen at all.

Upper bound (`upper_bound`): a max-weight b-matching between candidates and recruiters that
ignores slot conflicts, solved as a min-cost flow::

    source ──cap_c, 0──▶ candidate c ──1, −weight──▶ recruiter r ──T_r, 0──▶ sink
    source ─────────────────────── S, 0 ─────────────────────────────────────▶ sink

- cap_c = min(the candidate's remaining cap, how many interviews fit in their free slots with the
  minimum gap, how many schedulable wishes they have);
- one arc per schedulable wish, capacity 1 (each pair at most once), cost −weight;
- T_r = free table-slots of the recruiter (tables × available slots, minus fixed interviews);
- the source → sink arc lets the flow leave candidates idle, so the min cost is −(max weight).

Every schedule is such a b-matching (its interviews respect all three capacities), so the optimum
of the flow bounds every schedule's weight from above. What the flow forgets is *when*: two
interviews of a candidate may want the same slot, or a recruiter may be wanted by everybody in the
morning. When there is no such conflict the bound is reached (tests check both facts). It takes a
few milliseconds for 600 candidates.

Coverage (`max_coverage`): with one interview per candidate the gap and per-candidate constraints
vanish, so "as many candidates as possible get at least one interview" is an exact max flow
candidate → (recruiter, slot) → sink with capacity = free tables; among maximum flows we take one of
maximum weight. This gives both the exact number of candidates who can be seen (used as a
constraint by CP-SAT for the "at least one interview each" option) and a starting point for the
greedy.
"""

from __future__ import annotations

from .problem import Assignment, Problem

# numpy and ortools' min-cost flow (which loads the ortools library, about 0.1 s) are imported by the
# two functions that build a flow, not with the solver package that the web app imports at start.


def upper_bound(problem: Problem) -> int:
    """Best total weight ignoring slot conflicts, fixed interviews included."""
    return best_matching(problem)[0]


def best_matching(problem: Problem, coverage_first: bool = False) -> tuple[int, list[int]]:
    """The flow optimum: (its weight, fixed interviews included; the indices of the chosen pairs).

    With `coverage_first`, each not-yet-covered candidate's first unit of flow earns a bonus larger
    than all weights together, so the flow first sees as many candidates as the relaxation allows,
    then maximises weight: the matching the "at least one interview" schedule should aim for.
    """
    import numpy as np
    from ortools.graph.python import min_cost_flow

    n_cand, n_rec = len(problem.cand_ids), len(problem.rec_ids)
    source, sink = 0, n_cand + n_rec + 1
    bonus = sum(pair.weight for pair in problem.pairs) + 1
    tails, heads, caps, costs, arc_pair = [], [], [], [], []

    def arc(tail: int, head: int, cap: int, cost: int, pair: int = -1) -> None:
        tails.append(tail)
        heads.append(head)
        caps.append(cap)
        costs.append(cost)
        arc_pair.append(pair)

    total = 0
    for c in range(n_cand):
        own = problem.pairs_of_cand[c]
        cap_c = min(problem.cap[c], problem.max_packable(c), len(own)) if own else 0
        if cap_c <= 0:
            continue
        total += cap_c
        if coverage_first and not problem.covered[c]:
            arc(source, 1 + c, 1, -bonus)
            if cap_c > 1:
                arc(source, 1 + c, cap_c - 1, 0)
        else:
            arc(source, 1 + c, cap_c, 0)
        for p in own:
            arc(1 + c, 1 + n_cand + problem.pairs[p].r, 1, -problem.pairs[p].weight, p)
    if total == 0:
        return problem.fixed_weight, []
    useful: list[set[int]] = [set() for _ in range(n_rec)]
    for pair in problem.pairs:
        useful[pair.r].update(pair.slots)
    for r in range(n_rec):
        t_r = sum(problem.capacity[r][s] for s in useful[r])
        if t_r:
            arc(1 + n_cand + r, sink, t_r, 0)
    arc(source, sink, total, 0)

    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.array(tails, dtype=np.int32),
        np.array(heads, dtype=np.int32),
        np.array(caps, dtype=np.int64),
        np.array(costs, dtype=np.int64),
    )
    flow.set_nodes_supplies(np.array([source, sink], dtype=np.int32), np.array([total, -total], dtype=np.int64))
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    flows = flow.flows(np.arange(len(tails), dtype=np.int32))
    chosen = [arc_pair[a] for a in np.nonzero(flows)[0] if arc_pair[a] >= 0]
    return problem.fixed_weight + sum(problem.pairs[p].weight for p in chosen), chosen


def max_coverage(problem: Problem) -> Assignment:
    """One interview for as many not-yet-covered candidates as possible, of maximum total weight."""
    import numpy as np
    from ortools.graph.python import min_cost_flow

    n_cand = len(problem.cand_ids)
    cells: dict[tuple[int, int], int] = {}
    tails: list[int] = []
    heads: list[int] = []
    caps: list[int] = []
    costs: list[int] = []
    arc_cell: list[tuple[int, int] | None] = []  # (pair, slot) of a candidate → cell arc
    source = 0
    for c in range(n_cand):
        if problem.covered[c] or problem.cap[c] < 1 or not problem.pairs_of_cand[c]:
            continue
        tails.append(source)
        heads.append(1 + c)
        caps.append(1)
        costs.append(0)
        arc_cell.append(None)
        for p in problem.pairs_of_cand[c]:
            pair = problem.pairs[p]
            for s in pair.slots:
                node = cells.setdefault((pair.r, s), 1 + n_cand + len(cells))
                tails.append(1 + c)
                heads.append(node)
                caps.append(1)
                costs.append(-pair.weight)
                arc_cell.append((p, s))
    if not cells:
        return []
    sink = 1 + n_cand + len(cells)
    for (r, s), node in cells.items():
        tails.append(node)
        heads.append(sink)
        caps.append(problem.capacity[r][s])
        costs.append(0)
        arc_cell.append(None)

    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.array(tails, dtype=np.int32),
        np.array(heads, dtype=np.int32),
        np.array(caps, dtype=np.int64),
        np.array(costs, dtype=np.int64),
    )
    # Supplies as large as the number of candidates; the solver ships as much of it as it can.
    flow.set_node_supply(source, n_cand)
    flow.set_node_supply(sink, -n_cand)
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost max-flow failed with status {status}")
    flows = flow.flows(np.arange(len(tails), dtype=np.int32))
    return [cell for a in np.nonzero(flows)[0] if (cell := arc_cell[a]) is not None]

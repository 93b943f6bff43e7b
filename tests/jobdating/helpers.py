"""Small instances written by hand, as an advisor's spreadsheet would give them."""

from emploi_territoires.jobdating.solver.instance import Candidate, Instance, Recruiter, SolveOptions, Wish

FAST = SolveOptions(time_limit=5.0, num_workers=1, seed=7)


def instance(slots, recruiters, candidates, wishes, min_gap=0):
    """recruiters: {id: (tables, ranges)}; candidates: {id: ranges or (ranges, cap)}; wishes: [(c, r, w)]."""
    return Instance(
        slots=slots,
        min_gap=min_gap,
        recruiters=tuple(Recruiter(rid, tables, tuple(ranges)) for rid, (tables, ranges) in recruiters.items()),
        candidates=tuple(
            Candidate(cid, tuple(v[0]), v[1]) if isinstance(v, tuple) else Candidate(cid, tuple(v), None)
            for cid, v in candidates.items()
        ),
        wishes=tuple(Wish(c, r, w) for c, r, w in wishes),
    )

"""No test that cannot fail: a loop of assertions over an empty collection checks nothing.

`for row in rows: assert ...` passes when `rows` is empty, and so does `assert all(... for x in
rows)` (`all([])` is True) or `assert not any(...)`. This scanner walks every test module and
flags such a loop or `all`/`not any` in a test function whose iterable is not a literal (a list,
tuple, set, dict or string display, `range` with constant bounds, a comprehension over one, a
name or a parametrized argument bound to one) unless an earlier assertion of the same function
mentions it (`assert rows`, `assert len(rows) == 3`, `assert [r.code for r in rows] == [...]`,
an unpacking `a, b = rows`...). The fix is to assert the collection's exact content or size before
the loop; a loop that truly cannot be empty goes in ALLOWED, with a reason.
"""

import ast
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (path relative to the repository, test function, source of the iterable): why it cannot be empty.
ALLOWED: dict[tuple[str, str, str], str] = {
    (
        "tests/applications/test_profile.py",
        "test_renamed_executable_refused_through_the_form",
        "private.rglob('*')",
    ): "an absence check: the private storage's folder (tests/conftest.py) must hold no file",
    (
        "tests/applications/test_profile.py",
        "test_a_failed_transaction_leaves_no_new_file",
        "(tmp_path / 'private').rglob('*')",
    ): "an absence check: the private storage's folder (tests/conftest.py) must hold no file",
}

# Calls that keep the emptiness of their (first) argument: `for i, x in enumerate(rows)`.
_TRANSPARENT_CALLS = {"enumerate", "sorted", "reversed", "list", "tuple", "set", "iter", "dict", "pairwise"}
# Methods that keep the emptiness of their object: `for key, value in rows.items()`.
_TRANSPARENT_METHODS = {"items", "keys", "values", "all", "copy"}


def _test_files():
    yield from sorted((ROOT / "tests").rglob("*.py"))
    yield from sorted((ROOT / "e2e").glob("*.py"))


def _non_empty(node, known):
    """True when `node` is evidently non-empty: a literal display, `range(<constants>)`, a name bound
    to one (`known`), or a comprehension without condition over such things."""
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return any(not isinstance(element, ast.Starred) for element in node.elts)
    if isinstance(node, ast.Dict):
        return any(key is not None for key in node.keys)
    if isinstance(node, ast.Constant):
        return isinstance(node.value, (str, bytes)) and len(node.value) > 0
    if isinstance(node, ast.Name):
        return node.id in known
    if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
        return all(not g.ifs and not _unchecked(g.iter, [], known) for g in node.generators)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "range"
        and node.args
        and all(isinstance(arg, ast.Constant) for arg in node.args)
        and not node.keywords
    ):
        try:
            return len(range(*(arg.value for arg in node.args))) > 0
        except TypeError:
            return False
    return False


def _unchecked(iterable, checks_before, known):
    """The expressions whose emptiness decides whether iterating over `iterable` may do nothing,
    and that are neither literals nor checked by an earlier assertion."""
    if isinstance(iterable, ast.Call):
        func = iterable.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name in _TRANSPARENT_CALLS and iterable.args and (isinstance(func, ast.Name) or name == "pairwise"):
            return _unchecked(iterable.args[0], checks_before, known)
        if isinstance(func, ast.Attribute) and name in _TRANSPARENT_METHODS and not iterable.args:
            return _unchecked(func.value, checks_before, known)
        if name in ("zip", "product") and iterable.args:
            # zip stops at the shortest argument, itertools.product is empty if one argument is: every
            # argument must be non-empty, unless zip(strict=True) (equal lengths) and one of them is known to be.
            unchecked = [_unchecked(arg, checks_before, known) for arg in iterable.args]
            strict = any(
                k.arg == "strict" and isinstance(k.value, ast.Constant) and k.value.value for k in iterable.keywords
            )
            if strict and not all(unchecked):
                return []
            return [source for sources in unchecked for source in sources]
    return [] if _is_checked(iterable, checks_before, known) else [iterable]


def _is_checked(source, checks_before, known):
    """`source` is a literal, or an earlier assertion (or unpacking `a, b = source`) mentions it."""
    if _non_empty(source, known):
        return True
    wanted = ast.unparse(source)
    return any(ast.unparse(part) == wanted for check in checks_before for part in _checking_parts(check))


def _checking_parts(check):
    """The sub-expressions of an assert's test, except those inside an `all(...)` or `not any(...)`,
    which do not prove anything about the size of what they iterate over; for an unpacking
    assignment, the unpacked value."""
    if isinstance(check, ast.Assign):
        yield check.value
        return
    vacuous = {id(call) for call, _argument in _all_or_not_any(check.test)}
    pending = [check.test]
    while pending:
        node = pending.pop()
        if id(node) in vacuous:
            continue
        if isinstance(node, ast.expr):
            yield node
        pending.extend(ast.iter_child_nodes(node))


def _parametrized_literals(function, known):
    """The arguments that every `@pytest.mark.parametrize` case binds to a non-empty literal."""
    names = set()
    for decorator in function.decorator_list:
        if not (
            isinstance(decorator, ast.Call)
            and ast.unparse(decorator.func).endswith("parametrize")
            and len(decorator.args) >= 2
            and isinstance(decorator.args[1], (ast.List, ast.Tuple))
        ):
            continue
        argnames, argvalues = decorator.args[0], decorator.args[1].elts
        if isinstance(argnames, ast.Constant) and isinstance(argnames.value, str):
            argnames = [name.strip() for name in argnames.value.split(",") if name.strip()]
        elif isinstance(argnames, (ast.List, ast.Tuple)):
            argnames = [n.value for n in argnames.elts if isinstance(n, ast.Constant)]
        else:
            continue
        cases = []
        for value in argvalues:
            if isinstance(value, ast.Call) and ast.unparse(value.func).endswith("param"):
                cases.append(value.args)
            elif len(argnames) == 1:
                cases.append([value])
            elif isinstance(value, (ast.List, ast.Tuple)):
                cases.append(value.elts)
            else:
                cases.append([])
        for position, name in enumerate(argnames):
            if all(len(case) > position and _non_empty(case[position], known) for case in cases):
                names.add(name)
    return names


def _constants(statements, known):
    """The names bound to a non-empty literal by these assignments (in order), added to `known`."""
    known = set(known)
    for node in statements:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if _non_empty(node.value, known):
                known.update(t.id for t in targets if isinstance(t, ast.Name))
    return known


def _asserts_inside(nodes):
    for node in nodes:
        for sub in ast.walk(node):
            if isinstance(sub, ast.Assert):
                return True
            if isinstance(sub, ast.Call):
                func = sub.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                if name.lstrip("_").startswith("assert") or name == "expect":  # helpers, Playwright's expect
                    return True
    return False


def _all_or_not_any(test):
    """The `all(...)` and `not any(...)` calls in an assert's test, with their argument."""
    for sub in ast.walk(test):
        call = None
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id == "all":
            call = sub
        elif (
            isinstance(sub, ast.UnaryOp)
            and isinstance(sub.op, ast.Not)
            and isinstance(sub.operand, ast.Call)
            and isinstance(sub.operand.func, ast.Name)
            and sub.operand.func.id == "any"
        ):
            call = sub.operand
        if call is not None and len(call.args) == 1:
            yield call, call.args[0]


def _findings_in_function(path, function, module_constants):
    """(path, function, line, iterable) for each loop of assertions that may run zero times."""
    in_order = sorted(
        (node for node in ast.walk(function) if isinstance(node, ast.stmt)), key=lambda n: (n.lineno, n.col_offset)
    )
    known = _constants(in_order, module_constants | _parametrized_literals(function, module_constants))
    checks = [
        node
        for node in in_order
        if isinstance(node, ast.Assert)
        or (
            isinstance(node, ast.Assign)
            and isinstance(node.targets[0], (ast.Tuple, ast.List))
            and not any(isinstance(element, ast.Starred) for element in node.targets[0].elts)
        )
    ]
    findings = []
    for node in in_order:
        iterables = []
        if isinstance(node, (ast.For, ast.AsyncFor)) and _asserts_inside(node.body):
            before = [check for check in checks if check.lineno < node.lineno]
            iterables = [node.iter]
        elif isinstance(node, ast.Assert):
            # The same assert may check the size besides the all(): `assert rows and all(...)`.
            before = [check for check in checks if check.lineno <= node.lineno]
            for _call, argument in _all_or_not_any(node.test):
                is_comprehension = isinstance(argument, (ast.GeneratorExp, ast.ListComp, ast.SetComp))
                iterables.append(argument.generators[0].iter if is_comprehension else argument)
        for iterable in iterables:
            for source in _unchecked(iterable, before, known):
                findings.append((path, function.name, node.lineno, ast.unparse(source)))
    return findings


def _findings_in_module(path, tree):
    constants = _constants(tree.body, set())
    return [
        finding
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test")
        for finding in _findings_in_function(path, node, constants)
    ]


def find_vacuous_loops():
    findings = []
    for path in _test_files():
        tree = ast.parse(path.read_text(), filename=str(path))
        findings.extend(_findings_in_module(str(path.relative_to(ROOT)), tree))
    return findings


def test_no_assertion_loop_over_a_collection_that_may_be_empty():
    findings = find_vacuous_loops()
    unexplained = [
        f"{path}:{line} {function}: iterates over `{source}` without first asserting its content or size"
        for path, function, line, source in findings
        if (path, function, source) not in ALLOWED
    ]
    assert not unexplained, "\n".join(unexplained)


def test_every_allowed_loop_still_exists():
    found = {(path, function, source) for path, function, _line, source in find_vacuous_loops()}
    assert [key for key in ALLOWED if key not in found] == []  # a stale entry would hide a new loop


def _scan(source):
    return [finding[1:] for finding in _findings_in_module("m.py", ast.parse(textwrap.dedent(source)))]


def test_the_scanner_flags_loops_and_all_over_what_may_be_empty():
    assert _scan("""
        def test_vacuous(never, rows):
            for row in never.estimates["group"]["by_group"]:  # the defect issue 14 found
                assert row["att"] == 1
            assert all(r for r in rows.values())
            assert not any(r for r in rows)
            assert all(r for r in rows)  # an all() proves nothing about the size of rows
            for e, a in zip(rows, other):
                assert_same(e, a)
        def helper(rows):  # not a test
            for row in rows:
                assert row
    """) == [
        ("test_vacuous", 3, "never.estimates['group']['by_group']"),
        ("test_vacuous", 5, "rows"),
        ("test_vacuous", 6, "rows"),
        ("test_vacuous", 7, "rows"),
        ("test_vacuous", 8, "rows"),
        ("test_vacuous", 8, "other"),
    ]


def test_the_scanner_accepts_literals_and_checked_collections():
    assert _scan("""
        CASES = [1, 2]
        PAIRS = [(a, b) for a in CASES for b in "xy"]

        @pytest.mark.parametrize(("url", "fragments"), [("/a", ["x"]), pytest.param("/b", ("y", "z"))])
        def test_checked(rows, others, url, fragments, pairs):
            assert len(rows) == 2
            for i, row in enumerate(sorted(rows)):
                assert row
            for case in CASES + []:  # an expression is not evaluated: flagged
                assert case
            for n, pair in zip(range(3), PAIRS, strict=True):
                assert n >= 0
            assert others and all(o for o in others)
            for x, y in itertools.product(CASES, {"a": 1}.items()):
                assert x
            for fragment in fragments:
                assert fragment in url
            first, second = pairs
            for a, b in itertools.pairwise(pairs):
                expect(a).to_be_visible()
    """) == [("test_checked", 10, "CASES + []")]

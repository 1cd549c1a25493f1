"""checks.py: what the Python test scripts of tests/ share, as lib.sh does for the shell
ones. Import it from a script one folder down:

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    from checks import check, finish

then `check(ok, "what is checked (details)")` for each check, and `finish()` last: it
prints the counts and exits 1 when a check failed or none ran."""
import sys

passed = failed = 0


def check(ok, what):
    """Count one check; print it, "ok" or "FAIL". Returns ok."""
    global passed, failed
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if ok:
        passed += 1
    else:
        failed += 1
    return ok


def finish():
    """The counts, and the script's exit status."""
    print(f"{passed} passed, {failed} failed", flush=True)
    sys.exit(0 if failed == 0 and passed > 0 else 1)

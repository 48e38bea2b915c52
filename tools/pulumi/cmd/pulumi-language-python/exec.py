# Entry script of ecs-ops's pulumi-language-python (embedded in the host, written to a temporary file for
# each run). The host runs it with the project's Python:
#
#   python exec.py --monitor ADDR --engine ADDR --project P --stack S [--organization O]
#                  [--root-directory DIR] [--parallel N] [--dry-run] [--pwd DIR] PROGRAM [ARGS...]
#
# with PULUMI_CONFIG (JSON object) and PULUMI_CONFIG_SECRET_KEYS (JSON list) in the environment. It sets up
# the `pulumi` SDK's runtime settings and runs PROGRAM (a folder with __main__.py, or a .py file) as
# `__main__` inside the stack. A failing program is reported once, as an error diagnostic with the traceback
# cut to the user's frames, and the script exits 32, which tells the host the error has been shown.
import argparse
import asyncio
import logging
import os
import runpy
import sys
import traceback
from concurrent.futures import ThreadPoolExecutor

REPORTED = 32  # exit code: the error has been shown to the user already

try:
    import pulumi
    import pulumi.runtime
except ImportError:
    print(traceback.format_exc(), file=sys.stderr)
    print(
        "The `pulumi` Python package is not installed for %s.\n"
        "Run `pulumi install` (or pip install -r requirements.txt in the project's virtualenv)." % sys.executable,
        file=sys.stderr,
    )
    sys.exit(1)


def parse_args(argv):
    ap = argparse.ArgumentParser(prog="pulumi-language-python", description="Runs a Pulumi Python program.")
    ap.add_argument("--monitor", required=True)
    ap.add_argument("--engine")
    ap.add_argument("--project")
    ap.add_argument("--stack")
    ap.add_argument("--organization")
    ap.add_argument("--root-directory")
    ap.add_argument("--parallel", type=int)
    ap.add_argument("--dry-run", action="store_true")
    ap.add_argument("--pwd")
    ap.add_argument("--tracing")
    ap.add_argument("program")
    ap.add_argument("args", nargs=argparse.REMAINDER)
    return ap.parse_args(argv)


def user_traceback(program_file):
    """The current exception's traceback from the first frame in the user's entry file on (all of it if none)."""
    frames = traceback.extract_tb(sys.exc_info()[2])
    for i, frame in enumerate(frames):
        if os.path.abspath(frame.filename) == program_file:
            return traceback.format_exc(limit=-(len(frames) - i))
    return traceback.format_exc()


def main(argv):
    args = parse_args(argv)
    pulumi.runtime.set_all_config(pulumi.runtime.get_config_env(), pulumi.runtime.get_config_secret_keys_env())
    settings = pulumi.runtime.Settings(
        monitor=args.monitor,
        engine=args.engine,
        project=args.project,
        stack=args.stack,
        parallel=args.parallel,
        dry_run=args.dry_run,
        organization=args.organization,
        root_directory=args.root_directory,
    )
    pulumi.runtime.configure(settings)

    program = os.path.abspath(args.program)
    program_file = os.path.join(program, "__main__.py") if os.path.isdir(program) else program
    if not os.path.isfile(program_file):
        pulumi.log.error("no Python program at %s (expected a __main__.py, or `main` naming a .py file)" % program_file)
        return REPORTED

    sys.argv = [program] + list(args.args)
    if args.pwd:
        os.chdir(args.pwd)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    if args.parallel:
        loop.set_default_executor(ThreadPoolExecutor(max_workers=max(args.parallel, 1)))
    # A failed deployment leaves futures unobserved on purpose; asyncio's complaints about them are noise.
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)

    code = 1
    try:
        loop.run_until_complete(pulumi.runtime.run_in_stack(lambda: runpy.run_path(program, run_name="__main__")))
        code = 0
    except pulumi.RunError as e:
        pulumi.log.error(str(e))
        code = REPORTED
    except Exception:  # noqa: BLE001 - every failure of the user's program is reported the same way
        pulumi.log.error("Program failed with an unhandled exception:\n" + user_traceback(program_file))
        code = REPORTED
    finally:
        loop.close()
        sys.stdout.flush()
        sys.stderr.flush()
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

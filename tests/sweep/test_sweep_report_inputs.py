#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""scripts/sweep_report.py on inputs a sweep folder can hold: no results.json or a broken one is
exit 2 with one line naming the file; a sweep whose points all failed gets a page without plots;
plots of an earlier report that the new one does not make are removed, other files are not.

    test_sweep_report_inputs.py SOURCE_DIR"""

import json
import os
import shutil
import subprocess
import sys
import tempfile


def report(script, folder):
    return subprocess.run(["/usr/bin/python3", script, folder], capture_output=True, text=True, timeout=300)


def expect(cond, msg):
    if not cond:
        print(f"FAIL: {msg}", file=sys.stderr)
        sys.exit(1)


def main(source_dir):
    script = os.path.join(source_dir, "scripts", "sweep_report.py")
    work = tempfile.mkdtemp(prefix="aimcsim_sweep_report_")
    try:
        r = report(script, work)
        expect(r.returncode == 2, f"missing results.json: exit {r.returncode}")
        expect(r.stderr.strip() == f"sweep_report: {work}/results.json: missing; expected the results.json of an "
               "aimcsim sweep folder", r.stderr)
        with open(os.path.join(work, "results.json"), "w") as f:
            f.write('{"sweep": {}, "points": []}')
        r = report(script, work)
        expect(r.returncode == 2 and "sweep.name missing" in r.stderr and r.stderr.count("\n") == 1, r.stderr)

        sweep = {"name": "allfail", "swept_keys": ["chip.analog_tile.adc.bits"], "swept_units": [""],
                 "metrics": ["run.ttft_s"], "objectives": [{"metric": "run.ttft_s", "goal": "min"}]}
        points = [{"index": i, "id": f"000{i}", "status": "failed", "exit_code": 2, "error": "error: <b>x</b>",
                   "settings": {"chip.analog_tile.adc.bits": str(4 + i)}, "metrics": {"run.ttft_s": None}}
                  for i in range(2)]
        with open(os.path.join(work, "results.json"), "w") as f:
            json.dump({"sweep": sweep, "points": points}, f)
        os.makedirs(os.path.join(work, "plots"))
        for stale in ("old.png", "old.svg"):
            open(os.path.join(work, "plots", stale), "w").close()
        open(os.path.join(work, "plots", "notes.txt"), "w").close()  # not ours: stays
        r = report(script, work)
        expect(r.returncode == 0, r.stderr)
        page = open(os.path.join(work, "index.html"), encoding="utf-8").read()
        expect("No plots: no point finished with metrics." in page, "page without plots")
        expect(page.count('<tr class="failed">') == 2, "both failed points in the table")
        expect("error: &lt;b&gt;x&lt;/b&gt;" in page, "error text escaped")
        expect(sorted(os.listdir(os.path.join(work, "plots"))) == ["notes.txt"], os.listdir(os.path.join(work, "plots")))
        print("PASS")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""A real sweep's report in a real browser: runs `aimcsim sweep` (with its report) on a small
sweep, checks that every PNG and SVG is a non-empty image, then loads index.html in headless
Chromium (Debian chromium + chromium-driver, driven by python3-selenium) and asserts that every
plot file is on the page as an image the browser decoded (naturalWidth > 0), that the results
table has one row per point and the front table one per row of pareto.csv.

    test_sweep_page.py AIMCSIM_BINARY

Exit 0 pass, 1 fail, 77 skip (only when chromium, chromedriver or selenium is not installed)."""

import csv
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SKIP = 77

SWEEP = """version: 1
name: page
base:
  arch: hermes
  params:
    workload.prompt_tokens: 8
    workload.decode_tokens: 4
commands:
  run: [--model, config.json]
axes:
  chip.analog_tile.adc.bits: [4, 6, 8]
  chip.analog_tile.input_phases: [1, 4]
  chip.max_area: [858mm2, 100mm2]
metrics: [run.ttft_s, run.tpot_s, run.energy_per_token_j, run.area_mm2]
pareto:
  - {metric: run.energy_per_token_j, goal: min}
  - {metric: run.tpot_s, goal: min}
"""

# A small Llama (2 blocks of 256): each point runs in well under a second.
MODEL = ('{"model_type":"llama","hidden_size":256,"intermediate_size":768,"num_hidden_layers":2,'
         '"num_attention_heads":4,"num_key_value_heads":2,"vocab_size":2048,'
         '"tie_word_embeddings":true,"max_position_embeddings":2048}')


def fail(msg):
    print(f"FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def check_files(plots):
    names = sorted(os.listdir(plots))
    if not names:
        fail("no plots")
    for n in names:
        path = os.path.join(plots, n)
        data = open(path, "rb").read()
        if n.endswith(".png"):
            if len(data) < 1000 or not data.startswith(b"\x89PNG\r\n\x1a\n"):
                fail(f"{n}: not a PNG of some size ({len(data)} bytes)")
        elif n.endswith(".svg"):
            root = ET.fromstring(data)
            if not root.tag.endswith("svg") or len(list(root.iter())) < 20:
                fail(f"{n}: not an SVG with content")
        else:
            fail(f"unexpected file {n} in plots/")
        stem = n.rsplit(".", 1)[0]
        if stem + ".png" not in names or stem + ".svg" not in names:
            fail(f"{stem}: PNG and SVG do not come in pairs")
    return sorted(n for n in names if n.endswith(".svg"))


def browser():
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        print("SKIP: python3-selenium is not installed (scripts/install-deps.sh installs it)")
        sys.exit(SKIP)
    for tool in ("/usr/bin/chromium", "/usr/bin/chromedriver"):
        if not os.path.exists(tool):
            print(f"SKIP: {tool} is not installed (Debian chromium and chromium-driver)")
            sys.exit(SKIP)
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--allow-file-access-from-files"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def main(binary):
    work = tempfile.mkdtemp(prefix="aimcsim_sweep_page_")
    try:
        with open(os.path.join(work, "sweep.yaml"), "w") as f:
            f.write(SWEEP)
        with open(os.path.join(work, "config.json"), "w") as f:
            f.write(MODEL)
        env = dict(os.environ, AIMCSIM_PYTHON="/usr/bin/python3")
        r = subprocess.run([binary, "sweep", "sweep.yaml", "-j", "2", "-o", "out"], cwd=work, env=env,
                           capture_output=True, text=True, timeout=600)
        # 6 of 12 points exceed chip.max_area = 100 mm2 and fail: exit 3, the report is still made.
        if r.returncode != 3:
            fail(f"sweep exit code {r.returncode}, expected 3 (some points fail):\n{r.stdout}\n{r.stderr}")
        out = os.path.join(work, "out")
        svgs = check_files(os.path.join(out, "plots"))
        with open(os.path.join(out, "pareto.csv"), newline="") as f:
            front_rows = len(list(csv.reader(f))) - 1
        with open(os.path.join(out, "results.csv"), newline="") as f:
            points = len(list(csv.reader(f))) - 1
        if points != 12 or front_rows < 1:
            fail(f"{points} points, {front_rows} front rows; expected 12 and at least 1")

        driver = browser()
        try:
            driver.get("file://" + os.path.join(out, "index.html"))
            driver.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "if (document.readyState === 'complete') done(); else window.addEventListener('load', () => done());")
            images = driver.execute_script(
                "return Array.from(document.images).map(i => [i.getAttribute('src'), i.complete, i.naturalWidth]);")
            shown = {src: (complete, width) for src, complete, width in images}
            for svg in svgs:
                src = "plots/" + svg
                if src not in shown:
                    fail(f"{src} is not on the page")
                complete, width = shown[src]
                if not complete or width <= 0:
                    fail(f"{src}: the browser did not decode it (complete={complete}, naturalWidth={width})")
            rows = driver.execute_script("return document.querySelectorAll('#results tbody tr').length;")
            front = driver.execute_script("return document.querySelectorAll('#front tbody tr').length;")
            failed = driver.execute_script("return document.querySelectorAll('#results tbody tr.failed').length;")
            if rows != points or front != front_rows or failed != 6:
                fail(f"page tables: {rows} rows ({failed} failed), front {front}; expected {points} (6 failed), {front_rows}")
        finally:
            driver.quit()
        print(f"PASS: {len(svgs)} plots decoded by Chromium, {rows} points, {front} on the front")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: test_sweep_page.py AIMCSIM_BINARY", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))

// bench/report-bench.mjs: how heavy report.html is in a browser, against
// the graph's graph.svg alone, measured in the same run.  Not part of the
// test suite.
//
//   bench/report-bench.sh [BUILD_DIR] [RUNS] [SIZES]
//   node bench/report-bench.mjs [BUILD_DIR] [RUNS] [SIZES]
//     BUILD_DIR  where kgraph is (default build)
//     RUNS       loads per file (default 5)
//     SIZES      graph sizes, comma-separated: N (N nodes, 3N edges) or NxE
//                (default 300,3000; 10000 is slow to build and lay out)
//
// For each size, bench/gen_graph.py writes a seeded corpus (seed 1) of N
// nodes and E edges and `kgraph build --edges` makes the graph folder.  Then headless
// Chromium (Debian's /usr/bin/chromium, driven by the playwright-core of
// tests/report: run `npm ci` there first, or scripts/dev test) loads each
// file RUNS times, alternating, from file://:
//   ready        report.html: from navigation start to html[data-kg-ready="1"]
//                (noted by an init script when the attribute appears);
//                graph.svg: to the end of its load event
//   painted      from navigation start to the first frame drawn after that
//                (a task queued from the next animation frame), which
//                includes laying out and painting the drawing and tables
// and prints the sizes, the medians and their ratios.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const source = path.dirname(here);
const build = path.resolve(process.argv[2] || 'build');
const runs = Number(process.argv[3] || 5);
const sizes = (process.argv[4] || '300,3000').split(',').map((x) => {
    const [n, e] = x.split('x').map(Number);
    if (!(n > 0) || (e !== undefined && !(e > 0))) {
        console.error(`report-bench: bad size '${x}' (N or NxE)`);
        process.exit(2);
    }
    return { n, e: e || 3 * n };
});
const kgraph = path.join(build, 'kgraph');
if (!fs.existsSync(kgraph)) {
    console.error(`report-bench: ${kgraph} not found (usage: bench/report-bench.sh [BUILD_DIR] [RUNS] [SIZES])`);
    process.exit(2);
}
let pw;
try {
    pw = createRequire(path.join(source, 'tests', 'report', 'package.json')).resolve('playwright-core');
} catch (e) {
    console.error('report-bench: playwright-core is not installed: run npm ci --no-audit --no-fund in tests/report');
    process.exit(2);
}
const { chromium } = (await import(pathToFileURL(pw).href)).default;

const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-report-bench.'));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const rows = [];
const version = browser.version();
try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(120000);
    await page.addInitScript(() => {
        // painted: a task queued from the next animation frame runs once
        // that frame has been laid out and painted
        const painted = () => requestAnimationFrame(() => setTimeout(() => { window.__kgPaintedAt = performance.now(); }, 0));
        new MutationObserver(() => {
            if (window.__kgReadyAt === undefined && document.documentElement &&
                document.documentElement.getAttribute('data-kg-ready') === '1') {
                window.__kgReadyAt = performance.now();
                painted();
            }
        }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-kg-ready'] });
        window.addEventListener('load', () => {
            if (document.documentElement && document.documentElement.localName === 'svg') painted();
        });
    });
    const times = () => page.waitForFunction(() => window.__kgPaintedAt !== undefined).then(() => page.evaluate(() => ({
        ready: window.__kgReadyAt !== undefined ? window.__kgReadyAt : performance.getEntriesByType('navigation')[0].loadEventEnd,
        painted: window.__kgPaintedAt,
    })));
    const loadReport = async (file) => {
        await page.goto('about:blank');
        await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
        await page.waitForSelector('html[data-kg-ready="1"]', { state: 'attached' });
        return times();
    };
    const loadSvg = async (file) => {
        await page.goto('about:blank');
        await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
        return times();
    };
    for (const { n, e } of sizes) {
        const edges = path.join(work, `g${n}x${e}.jsonl`), out = path.join(work, `g${n}x${e}`);
        execFileSync('/usr/bin/python3', [path.join(here, 'gen_graph.py'), '--nodes', String(n), '--edges', String(e),
                                          '--seed', '1', '--jsonl', edges]);
        const t0 = Date.now();
        execFileSync(kgraph, ['build', '-q', '--edges', edges, '-o', out], { stdio: ['ignore', 'ignore', 'ignore'] });
        const buildMs = Date.now() - t0;
        const report = path.join(out, 'report.html'), svg = path.join(out, 'graph.svg');
        const r = [], s = [];
        for (let k = 0; k < runs; k++) {
            r.push(await loadReport(report));
            s.push(await loadSvg(svg));
            console.log(`${n} nodes, run ${k + 1}: report.html ready ${r[k].ready.toFixed(0)} ms, painted ${r[k].painted.toFixed(0)} ms; ` +
                        `graph.svg loaded ${s[k].ready.toFixed(0)} ms, painted ${s[k].painted.toFixed(0)} ms`);
        }
        rows.push({ n, e, buildMs, html: fs.statSync(report).size, svg: fs.statSync(svg).size,
                    rm: median(r.map((x) => x.ready)), sm: median(s.map((x) => x.ready)),
                    rp: median(r.map((x) => x.painted)), sp: median(s.map((x) => x.painted)) });
    }
} finally {
    await browser.close();
    fs.rmSync(work, { recursive: true, force: true });
}

const kb = (b) => `${(b / 1024).toFixed(0)} KiB`;
console.log(`\nChromium ${version}, ${runs} loads each, medians (ms from navigation start)`);
console.log('| nodes | edges | build | report.html | graph.svg | report ready | svg loaded | ratio | report painted | svg painted | ratio |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const x of rows)
    console.log(`| ${x.n} | ${x.e} | ${(x.buildMs / 1000).toFixed(1)} s | ${kb(x.html)} | ${kb(x.svg)} | ` +
                `${x.rm.toFixed(0)} ms | ${x.sm.toFixed(0)} ms | ${(x.rm / x.sm).toFixed(2)} | ` +
                `${x.rp.toFixed(0)} ms | ${x.sp.toFixed(0)} ms | ${(x.rp / x.sp).toFixed(2)} |`);

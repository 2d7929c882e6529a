// tests/report/harness.mjs: what the report.html browser tests share.
//
// The tests (tests/report/*.test.mjs, run by `node --test`, ctest's
// report_browser) drive Debian's /usr/bin/chromium through playwright-core,
// pinned in package-lock.json and installed by `npm ci` (scripts/dev test
// does it); Playwright's own browser download is never used.  Only Node 18
// features: Debian 12's nodejs is 18.20.
//
// Environment (set by tests/CMakeLists.txt):
//   KGRAPH      the kgraph binary under test
//   KG_SOURCE   the source tree (examples/, bench/gen_graph.py)
//   KG_WORKDIR  a scratch folder; every test file writes under its own
//               subfolder, so the files may run in parallel
//
// Every page is opened through openPage(), which records as a problem any
// console message of type error or warning, any uncaught exception, any
// dialog (alert, confirm, prompt: the hostile-name payloads call alert), any
// request other than the page itself and data: URLs (report.html is one
// self-contained file), and any failed request.  expectClean() fails the
// test with the whole list.  The page's readiness is the contract's
// html[data-kg-ready="1"]; an init script (run by Chromium outside the page,
// so the page's Content-Security-Policy does not apply) notes when it
// appeared, for the informative load times, and defines window.__kgShown(el)
// for the visibility checks.
//
// The expected values are computed here from kgraph's own outputs, never
// from the page's embedded data: graph.json gives the node and edge order
// (node i is the graph's node i, edge j its edge j) and edges.jsonl the
// evidence, reduced as graph/build.c does (see loadGraph).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import zlib from 'node:zlib';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const CHROMIUM = '/usr/bin/chromium';
export const VIEWPORT = { width: 1280, height: 900 };
const READY = 'html[data-kg-ready="1"]';

function need(name) {
    const v = process.env[name];
    if (!v) throw new Error(`tests/report: ${name} is not set (ctest's report_browser sets KGRAPH, KG_SOURCE and KG_WORKDIR)`);
    return v;
}

export const KGRAPH = need('KGRAPH');
export const SOURCE = need('KG_SOURCE');
export const WORKDIR = need('KG_WORKDIR');

// playwright-core from tests/report/node_modules, with the fix in the message
// when it is missing: the test fails, it is never skipped.
async function loadPlaywright() {
    const req = createRequire(path.join(HERE, 'package.json'));
    let entry;
    try {
        entry = req.resolve('playwright-core');
    } catch (e) {
        throw new Error('tests/report: playwright-core is not installed: run `scripts/dev test` ' +
                        '(or `npm ci --no-audit --no-fund` in tests/report)');
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(path.dirname(entry), 'package.json'), 'utf8'));
    const lock = JSON.parse(fs.readFileSync(path.join(HERE, 'package-lock.json'), 'utf8'));
    const want = lock.packages['node_modules/playwright-core'].version;
    if (pkg.version !== want)
        throw new Error(`tests/report: playwright-core ${pkg.version} is installed, package-lock.json ` +
                        `pins ${want}: run \`npm ci --no-audit --no-fund\` in tests/report`);
    return (await import(pathToFileURL(entry).href)).default;
}

export async function launch() {
    if (!fs.existsSync(CHROMIUM))
        throw new Error(`tests/report: ${CHROMIUM} is missing: run \`scripts/dev test\` (or apt-get install chromium)`);
    const { chromium } = await loadPlaywright();
    return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

// A fresh folder for one test file.
export function workdir(name) {
    const dir = path.join(WORKDIR, name);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    return dir;
}

// Run kgraph (in the source tree, so documents are named as in the README)
// and resolve to its stdout; a failure shows kgraph's stderr.  Asynchronous,
// so that Chromium starts while kgraph works.
export function kgraph(args) {
    return run(KGRAPH, args);
}

export function run(cmd, args) {
    return new Promise((resolve, reject) => {
        execFile(cmd, args, { cwd: SOURCE, encoding: 'utf8', maxBuffer: 256 << 20 }, (err, stdout, stderr) => {
            if (err) reject(new Error(`${path.basename(cmd)} ${args.join(' ')} failed (${err.code}):\n${stderr}`));
            else resolve(stdout);
        });
    });
}

export function readJsonl(file) {
    return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
}

export function writeJsonl(file, records) {
    fs.writeFileSync(file, records.map((r) => JSON.stringify(r) + '\n').join(''));
}

// kgraph sorts strings bytewise (UTF-8), not by UTF-16 code units.
export function byteCmp(a, b) {
    return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

// The graph as graph.json has it plus, per edge, the evidence the page must
// show.  graph/build.c keeps, per merged edge, the `keep` smallest distinct
// sentences by (doc bytewise, start); a sentence matched by several rules
// names the smallest rule; its line and text are those of the records.
export function loadGraph(graphJson, records, keep = 5) {
    const g = JSON.parse(fs.readFileSync(graphJson, 'utf8'));
    const nodes = g.nodes.map((n, i) => {
        assert.equal(n.id, `n${i}`, 'graph.json nodes in index order');
        return { index: i, name: n.label, type: n.type, forms: n.forms || [], mentions: n.mentions,
                 documents: n.documents, pagerank: n.pagerank };
    });
    const nodeIndex = new Map(nodes.map((n) => [`${n.name}\0${n.type}`, n.index]));
    const edges = g.links.map((l, j) => {
        assert.equal(l.id, `e${j}`, 'graph.json links in index order');
        return { index: j, s: Number(l.source.slice(1)), t: Number(l.target.slice(1)), rel: l.relation,
                 sym: l.symmetric, weight: l.weight, sentences: new Map() };
    });
    const edgeIndex = new Map(edges.map((e) => [`${e.s}\0${e.rel}\0${e.t}`, e.index]));
    for (const r of records) {
        let s = nodeIndex.get(`${r.source}\0${r.source_type}`);
        let t = nodeIndex.get(`${r.target}\0${r.target_type}`);
        assert.ok(s !== undefined && t !== undefined, `record's entities are in graph.json: ${r.source}, ${r.target}`);
        if (r.symmetric && s > t) [s, t] = [t, s];
        const j = edgeIndex.get(`${s}\0${r.relation}\0${t}`);
        assert.ok(j !== undefined, `record's edge is in graph.json: ${r.source} ${r.relation} ${r.target}`);
        const key = `${r.doc}\0${r.start}`;
        const rule = r.rule || '';
        const old = edges[j].sentences.get(key);
        if (!old) edges[j].sentences.set(key, { doc: r.doc, start: r.start, line: r.line, rule, text: r.evidence || '' });
        else if (byteCmp(rule, old.rule) < 0) old.rule = rule;
    }
    for (const e of edges) {
        const all = [...e.sentences.values()].sort((a, b) => byteCmp(a.doc, b.doc) || a.start - b.start);
        assert.equal(all.length, e.weight, `edge e${e.index}: graph.json's weight is its distinct sentences`);
        e.evidence = all.slice(0, keep).map((x) => ({ doc: x.doc, line: String(x.line), rule: x.rule, sentence: x.text }));
        delete e.sentences;
    }
    return { nodes, edges, records };
}

export function edgesOf(graph, i) {
    return graph.edges.filter((e) => e.s === i || e.t === i);
}

// The entity with the most records (the first in node order on a tie).
export function busiestEntity(graph) {
    const count = new Map();
    const idx = new Map(graph.nodes.map((n) => [`${n.name}\0${n.type}`, n.index]));
    for (const r of graph.records)
        for (const k of [`${r.source}\0${r.source_type}`, `${r.target}\0${r.target_type}`])
            count.set(idx.get(k), (count.get(idx.get(k)) || 0) + 1);
    let best = 0;
    for (const [i, c] of count) if (c > (count.get(best) || 0) || (c === count.get(best) && i < best)) best = i;
    return graph.nodes[best];
}

function sameOrigin(u, page) {
    return u.split('#')[0] === page.split('#')[0];
}

// Open `file` (with an optional URL fragment, without '#') in a new context
// and wait for the page to be ready.  Returns { page, problems, url, file,
// context, wallMs }.
export async function openPage(browser, file, { fragment = '', wait = true } = {}) {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    page.setDefaultTimeout(10000);
    const url = pathToFileURL(file).href + (fragment ? '#' + fragment : '');
    const problems = [];
    page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.stack || e.message}`));
    page.on('dialog', (d) => {
        problems.push(`dialog ${d.type()}: ${d.message()}`);
        d.dismiss().catch(() => {});
    });
    page.on('request', (r) => {
        const u = r.url();
        if (u.startsWith('data:') || u === 'about:blank') return;
        if (!(u.startsWith('file:') && sameOrigin(u, pathToFileURL(file).href))) problems.push(`request to ${u}`);
    });
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure() && r.failure().errorText}`));
    await page.addInitScript(() => {
        // Shown: neither it nor an ancestor is display:none, and it is not
        // visibility:hidden.  (Element.checkVisibility() says true for an
        // SVG <g> with display:none.)
        window.__kgShown = (el) => {
            for (let e = el; e && e.nodeType === 1; e = e.parentElement)
                if (getComputedStyle(e).display === 'none') return false;
            return getComputedStyle(el).visibility === 'visible';
        };
        new MutationObserver(() => {
            if (window.__kgReadyAt === undefined && document.documentElement &&
                document.documentElement.getAttribute('data-kg-ready') === '1')
                window.__kgReadyAt = performance.now();
        }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-kg-ready'] });
    });
    const t0 = Date.now();
    await page.goto(url, { waitUntil: 'load' });
    if (wait) await waitReady(page, problems);
    return { page, problems, url, file, context, wallMs: Date.now() - t0 };
}

// Load the page of `o` (from openPage) afresh in the same tab, with another
// fragment: cheaper than a new tab, which starts a renderer.
export async function reload(o, fragment = '') {
    await o.page.goto('about:blank');
    o.url = pathToFileURL(o.file).href + (fragment ? '#' + fragment : '');
    await o.page.goto(o.url, { waitUntil: 'load' });
    await waitReady(o.page, o.problems);
}

export async function waitReady(page, problems) {
    try {
        await page.waitForSelector(READY, { state: 'attached', timeout: 30000 });
    } catch (e) {
        throw new Error(`the page never set data-kg-ready="1"\n${problems.join('\n')}`);
    }
}

export function expectClean(problems, what) {
    assert.deepEqual(problems, [], `${what}: the page reported problems:\n${problems.join('\n')}`);
}

// ---- the page, read through the contract's DOM ----

// The rows in a table.  A row is shown when it is there without the hidden
// attribute: the contract hides rows, main's page builds its tables lazily
// (the first 200 rows that pass the filter), so a row may also be absent;
// the tests compare the shown rows with what they expect.
export async function entityRows(page) {
    return page.$$eval('#kg-entities tbody tr[data-node]', (rows) =>
        rows.map((r) => ({ node: Number(r.dataset.node), hidden: r.hidden,
                           name: (r.querySelector('button.kg-entity') || {}).textContent })));
}

export async function edgeRows(page) {
    return page.$$eval('#kg-edges tbody tr[data-edge]', (rows) =>
        rows.map((r) => ({ edge: Number(r.dataset.edge), hidden: r.hidden })));
}

// The evidence panel: its title and, per visible edge section, the items.
export async function details(page) {
    return page.evaluate(() => {
        const panel = document.getElementById('kg-details');
        const visible = window.__kgShown;
        const title = panel.querySelector('h2.kg-details-title');
        const text = (el, sel) => { const x = el.querySelector(sel); return x ? x.textContent : null; };
        const sections = [...panel.querySelectorAll('section.kg-edge-evidence')]
            .filter((s) => !s.hidden && visible(s))
            .map((s) => ({
                edge: Number(s.dataset.edge),
                heading: (s.querySelector('h1,h2,h3,h4,h5,h6') || { textContent: '' }).textContent,
                items: [...s.querySelectorAll('li.kg-evidence')].map((li) => ({
                    doc: text(li, 'span.kg-doc'), line: text(li, 'span.kg-line'),
                    rule: text(li, 'span.kg-rule'), sentence: text(li, 'q.kg-sentence') })),
            }));
        return { title: title && visible(title) ? title.textContent : null, sections };
    });
}

const itemKey = (x) => JSON.stringify([x.doc, x.line, x.rule, x.sentence]);

// The panel shows exactly `edges` (edge sections by index), each with its
// kept evidence, and a heading naming source, relation and target.
export function checkEvidence(shown, graph, title, edges, what) {
    assert.equal(shown.title, title, `${what}: h2.kg-details-title`);
    assert.deepEqual(shown.sections.map((s) => s.edge).sort((a, b) => a - b),
                     edges.map((e) => e.index).sort((a, b) => a - b), `${what}: the edge sections shown`);
    for (const s of shown.sections) {
        const e = graph.edges[s.edge];
        for (const word of [graph.nodes[e.s].name, e.rel, graph.nodes[e.t].name])
            assert.ok(s.heading.includes(word), `${what}: the heading of edge e${e.index} "${s.heading}" names ${word}`);
        assert.deepEqual(s.items.map(itemKey).sort(), e.evidence.map(itemKey).sort(),
                         `${what}: the evidence of edge e${e.index} (${graph.nodes[e.s].name} ${e.rel} ${graph.nodes[e.t].name})`);
    }
}

// The diagram's group of node i / edge j: id ending in n<i> / e<j>.
export function nodeSel(i) { return `#kg-diagram svg g.node[id$="n${i}"]`; }
export function edgeSel(j) { return `#kg-diagram svg g.edge[id$="e${j}"]`; }

export async function nodeClasses(page) {
    return page.$$eval('#kg-diagram svg g.node', (gs) => gs.map((g) => {
        const m = /n(\d+)$/.exec(g.id);
        return { node: m ? Number(m[1]) : -1, cls: [...g.classList] };
    }));
}

export function fragmentOf(n) {
    return `entity=${encodeURIComponent(n.name)}&type=${encodeURIComponent(n.type)}`;
}

// ---- screenshots ----

// Decode an 8-bit RGB or RGBA, non-interlaced PNG (what Chromium writes).
export function decodePng(buf) {
    assert.ok(buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'a PNG');
    let pos = 8, width = 0, height = 0, bpp = 0;
    const idat = [];
    while (pos < buf.length) {
        const len = buf.readUInt32BE(pos);
        const kind = buf.toString('latin1', pos + 4, pos + 8);
        const chunk = buf.subarray(pos + 8, pos + 8 + len);
        if (kind === 'IHDR') {
            width = chunk.readUInt32BE(0);
            height = chunk.readUInt32BE(4);
            const depth = chunk[8], ctype = chunk[9], interlace = chunk[12];
            assert.ok(depth === 8 && (ctype === 2 || ctype === 6) && interlace === 0,
                      `PNG depth ${depth} colour type ${ctype} interlace ${interlace} is not handled`);
            bpp = ctype === 2 ? 3 : 4;
        } else if (kind === 'IDAT') {
            idat.push(chunk);
        }
        pos += 12 + len;
    }
    const raw = zlib.inflateSync(Buffer.concat(idat));
    const stride = width * bpp;
    const px = Buffer.alloc(stride * height);
    for (let y = 0; y < height; y++) {
        const f = raw[y * (stride + 1)];
        const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
        const out = y * stride;
        for (let x = 0; x < stride; x++) {
            const a = x >= bpp ? px[out + x - bpp] : 0;
            const b = y ? px[out - stride + x] : 0;
            const c = x >= bpp && y ? px[out - stride + x - bpp] : 0;
            let v = line[x];
            if (f === 1) v += a;
            else if (f === 2) v += b;
            else if (f === 3) v += (a + b) >> 1;
            else if (f === 4) {
                const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
                v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
            }
            px[out + x] = v & 255;
        }
    }
    return { width, height, bpp, px };
}

// Distinct colours and the non-white fraction of a screenshot.
export function pngStats(buf) {
    const { width, height, bpp, px } = decodePng(buf);
    const colours = new Set();
    let nonwhite = 0;
    for (let i = 0; i < px.length; i += bpp) {
        const c = (px[i] << 16) | (px[i + 1] << 8) | px[i + 2];
        colours.add(c);
        if (c !== 0xffffff) nonwhite++;
    }
    return { width, height, colours: colours.size, nonwhite: nonwhite / (width * height) };
}

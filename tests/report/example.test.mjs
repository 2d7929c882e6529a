// tests/report/example.test.mjs: report.html of the bundled example in Chromium.
//
// `kgraph build -q -r examples/nhs/rules.yaml examples/nhs/corpus -o W/ex`,
// then W/ex/report.html is opened from file:// at 1280x900 and driven through
// the page's DOM hooks (docs/formats.md, "HTML report", "Hooks": ids,
// classes and data- attributes only):
//   - it loads clean (no console error or warning, no exception, no dialog,
//     no request but itself), keeps its Content-Security-Policy strict, holds
//     every entity and edge of graph.json in order, and draws: a screenshot
//     (W/report.png) with many colours, not mostly white;
//   - evidence: the entity with the most records is selected from the entity
//     table, from the diagram, from the URL fragment (set by a selection,
//     then reloaded, and on hashchange); each time the panel shows exactly
//     its edges with the evidence that edges.jsonl and graph.json give
//     (at most 5 per edge, the smallest by document and offset), and the
//     diagram marks it, its neighbours and the rest; Escape clears it; an
//     edge's button, or a click on its line, shows that edge alone; W/report-entity.png is the top
//     of the page after the click in the diagram;
//   - search: a surface form that is not part of the canonical name, typed
//     in another case, leaves visible exactly the entities whose name or a
//     form contains it; Enter selects the first; `/` focuses the box;
//   - toggles: a relation unchecked hides its diagram edges, table rows and
//     evidence sections, a type its nodes, their edges and its rows; a
//     hidden relation stays hidden when a type is shown again; checking
//     brings all back;
//   - print: the diagram and the entity table print, the search box and the
//     evidence panel do not;
//   - the entity table sorts by mentions, documents and a measure (either
//     direction); the zoom buttons grow, shrink and reset a node's drawn
//     size, and so do + and 0 on the focused diagram; a diagram node has
//     tabindex=0 and Enter on it selects it.
// The expected values come from edges.jsonl and graph.json (harness.mjs).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as h from './harness.mjs';

let browser, dir, report, graph, busy;

before(async () => {
    dir = h.workdir('example');
    [browser] = await Promise.all([
        h.launch(),
        h.kgraph(['build', '-q', '-r', 'examples/nhs/rules.yaml', 'examples/nhs/corpus', '-o', path.join(dir, 'ex')]),
    ]);
    report = path.join(dir, 'ex', 'report.html');
    graph = h.loadGraph(path.join(dir, 'ex', 'graph.json'), h.readJsonl(path.join(dir, 'ex', 'edges.jsonl')));
    busy = h.busiestEntity(graph);
    assert.ok(h.edgesOf(graph, busy.index).length >= 3, `${busy.name} has several edges`);
});

after(async () => {
    if (browser) await browser.close();
});

test('the example report loads clean, holds the graph and draws it', async () => {
    assert.ok(fs.existsSync(report), `kgraph build wrote ${report}`);
    const { page, problems, context } = await h.openPage(browser, report);
    const head = await page.evaluate(() => ({
        csp: (document.querySelector('meta[http-equiv="Content-Security-Policy"]') || {}).content,
        icon: (document.querySelector('link[rel="icon"]') || {}).outerHTML,
        data: document.getElementById('kg-data').textContent,
        dataType: document.getElementById('kg-data').type,
    }));
    assert.ok(head.csp, 'a Content-Security-Policy meta element');
    assert.match(head.csp, /^default-src 'none';/, 'CSP starts with default-src \'none\'');
    assert.doesNotMatch(head.csp, /unsafe-|\*|https?:/, 'CSP allows no inline code, wildcard or remote source');
    assert.match(head.csp, /script-src 'sha256-[A-Za-z0-9+/=]+'/, 'scripts allowed by hash only');
    assert.match(head.icon, /href="data:,"/, 'an empty data: favicon');
    assert.equal(head.dataType, 'application/json');
    assert.doesNotMatch(head.data, /[<>&]/, '#kg-data escapes <, > and &');
    const data = JSON.parse(head.data);
    assert.deepEqual(data.nodes.map((n) => [n.name, n.type, n.forms]),
                     graph.nodes.map((n) => [n.name, n.type, n.forms]), 'kg-data nodes are graph.json\'s, in order');
    assert.deepEqual(data.edges.map((e) => [e.s, e.t, e.rel, e.w]),
                     graph.edges.map((e) => [e.s, e.t, e.rel, e.weight]), 'kg-data edges are graph.json\'s, in order');

    const counts = await page.evaluate(() => ({
        gnodes: document.querySelectorAll('#kg-diagram svg g.node').length,
        gedges: document.querySelectorAll('#kg-diagram svg g.edge').length,
        summary: document.getElementById('kg-summary').innerText,
        types: [...document.querySelectorAll('#kg-types input[type=checkbox][data-type]')].map((i) => [i.dataset.type, i.checked]),
        rels: [...document.querySelectorAll('#kg-relations input[type=checkbox][data-relation]')].map((i) => [i.dataset.relation, i.checked]),
        search: document.getElementById('kg-search').type,
        zoom: ['kg-zoom-in', 'kg-zoom-out', 'kg-zoom-reset'].map((id) => !!document.getElementById(id)),
    }));
    assert.equal(counts.gnodes, graph.nodes.length, 'every node drawn in the diagram');
    assert.equal(counts.gedges, graph.edges.length, 'every edge drawn in the diagram');
    assert.match(counts.summary, new RegExp(`(^|\\D)${graph.nodes.length}(\\D|$)`), '#kg-summary gives the entity count');
    assert.match(counts.summary, new RegExp(`(^|\\D)${graph.edges.length}(\\D|$)`), '#kg-summary gives the relation count');
    assert.equal(counts.search, 'search');
    assert.deepEqual(counts.zoom, [true, true, true], 'zoom buttons');
    const types = [...new Set(graph.nodes.map((n) => n.type))].sort();
    const rels = [...new Set(graph.edges.map((e) => e.rel))].sort();
    assert.deepEqual(counts.types.map((t) => t[0]).sort(), types, 'one #kg-types checkbox per type');
    assert.deepEqual(counts.rels.map((t) => t[0]).sort(), rels, 'one #kg-relations checkbox per relation');
    assert.ok(counts.types.every((t) => t[1]) && counts.rels.every((t) => t[1]), 'all checked at start');

    const rows = await h.entityRows(page);
    assert.deepEqual(rows.map((r) => r.node).sort((a, b) => a - b), graph.nodes.map((n) => n.index), 'one entity row per node');
    for (const r of rows) {
        assert.equal(r.name, graph.nodes[r.node].name, `entity row ${r.node} names its entity`);
        assert.equal(r.hidden, false);
    }
    const erows = await h.edgeRows(page);
    assert.deepEqual(erows.map((r) => r.edge).sort((a, b) => a - b), graph.edges.map((e) => e.index), 'one edge row per edge');

    const shot = await page.screenshot({ fullPage: false });
    fs.writeFileSync(path.join(h.WORKDIR, 'report.png'), shot);
    const st = h.pngStats(shot);
    console.log(`report.png: ${st.width}x${st.height}, ${st.colours} colours, ${(100 * st.nonwhite).toFixed(1)}% not white`);
    assert.deepEqual([st.width, st.height], [h.VIEWPORT.width, h.VIEWPORT.height]);
    assert.ok(st.colours >= 20, `the screenshot has ${st.colours} colours: blank?`);
    assert.ok(st.nonwhite >= 0.03, `the screenshot is ${(100 * st.nonwhite).toFixed(1)}% not white: blank?`);
    const ready = await page.evaluate(() => window.__kgReadyAt);
    console.log(`example report.html: ${fs.statSync(report).size} bytes, ready ${ready.toFixed(0)} ms after navigation`);
    h.expectClean(problems, 'example report');
    await context.close();
});

test('selecting an entity from its table button shows its evidence and marks the diagram', async () => {
    const { page, problems, context } = await h.openPage(browser, report);
    const mine = h.edgesOf(graph, busy.index);
    await page.click(`#kg-entities button.kg-entity[data-node="${busy.index}"]`);
    await page.waitForFunction((name) => {
        const t = document.querySelector('#kg-details h2.kg-details-title');
        return t && t.textContent === name;
    }, busy.name);
    h.checkEvidence(await h.details(page), graph, busy.name, mine, 'table button');

    const neighbours = new Set(mine.map((e) => (e.s === busy.index ? e.t : e.s)));
    neighbours.delete(busy.index);
    for (const g of await h.nodeClasses(page)) {
        const want = g.node === busy.index ? 'kg-selected' : neighbours.has(g.node) ? 'kg-neighbour' : 'kg-dim';
        const marks = g.cls.filter((c) => ['kg-selected', 'kg-neighbour', 'kg-dim'].includes(c));
        assert.deepEqual(marks, [want], `diagram node n${g.node} (${graph.nodes[g.node].name}) is marked ${want}`);
    }
    assert.equal(await page.evaluate(() => location.hash), '#' + h.fragmentOf(busy), 'the URL fragment names the entity');

    // Escape clears the selection.
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('#kg-diagram svg g.node.kg-selected'));
    const cleared = await h.details(page);
    assert.equal(cleared.title, null, 'Escape: no entity title left in the panel');
    assert.deepEqual(cleared.sections, [], 'Escape: no evidence left in the panel');
    assert.equal(await page.$$eval('#kg-diagram svg g.node.kg-dim, #kg-diagram svg g.node.kg-neighbour', (x) => x.length), 0,
                 'Escape: no node left dimmed or marked');

    // An edge's button shows that edge alone.
    const edge = mine.reduce((a, b) => (b.weight > a.weight ? b : a));
    await page.click(`#kg-edges button.kg-edge[data-edge="${edge.index}"]`);
    await page.waitForFunction(() => document.querySelector('#kg-details section.kg-edge-evidence'));
    const one = await h.details(page);
    assert.deepEqual(one.sections.map((s) => s.edge), [edge.index], 'button.kg-edge: that edge\'s section alone');
    h.checkEvidence({ ...one, title: null }, graph, null, [edge], 'button.kg-edge');

    // A click on an edge's line in the diagram (at the middle of its path)
    // shows that edge alone.
    const other = mine.find((e) => e.index !== edge.index) || edge;
    await page.keyboard.press('Escape');
    await page.click('#kg-zoom-reset');
    const at = await page.$eval(`${h.edgeSel(other.index)} path`, (p) => {
        document.getElementById('kg-diagram').scrollIntoView({ block: 'start' });
        // the first point along the line that no other element covers
        for (const f of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
            const pt = p.getPointAtLength(p.getTotalLength() * f).matrixTransform(p.getScreenCTM());
            const hit = document.elementFromPoint(pt.x, pt.y);
            if (hit && hit.closest('g.edge') === p.closest('g.edge')) return { x: pt.x, y: pt.y };
        }
        return null;
    });
    assert.ok(at, `a point of edge e${other.index}'s line that can be clicked`);
    await page.mouse.click(at.x, at.y);
    await page.waitForFunction((j) => {
        const s = document.querySelectorAll('#kg-details section.kg-edge-evidence');
        return s.length === 1 && s[0].dataset.edge === String(j);
    }, other.index, { timeout: 5000 }).catch(() => {});
    const line = await h.details(page);
    assert.deepEqual(line.sections.map((s) => s.edge), [other.index], `a click on the line of edge e${other.index} in the diagram: that edge's section alone`);
    h.checkEvidence({ ...line, title: null }, graph, null, [other], 'a click on an edge in the diagram');
    h.expectClean(problems, 'selection from the table');
    await context.close();
});

test('selecting an entity in the diagram and through the URL fragment', async () => {
    const { page, problems, context } = await h.openPage(browser, report);
    const mine = h.edgesOf(graph, busy.index);
    await page.click(h.nodeSel(busy.index));
    await page.waitForFunction((name) => {
        const t = document.querySelector('#kg-details h2.kg-details-title');
        return t && t.textContent === name;
    }, busy.name);
    h.checkEvidence(await h.details(page), graph, busy.name, mine, 'diagram click');
    const hash = await page.evaluate(() => location.hash);
    assert.equal(hash, '#' + h.fragmentOf(busy), 'the URL fragment after a click in the diagram');
    // The picture for the README: the diagram and the panel, top of the page.
    await page.evaluate(() => window.scrollTo(0, 0));
    const shot = await page.screenshot({ fullPage: false });
    fs.writeFileSync(path.join(h.WORKDIR, 'report-entity.png'), shot);
    assert.ok(h.pngStats(shot).colours >= 20, 'report-entity.png is not blank');

    // The fragment selects on load ...
    await page.reload({ waitUntil: 'load' });
    await h.waitReady(page, problems);
    assert.equal(await page.evaluate(() => location.hash), hash, 'the fragment survives the reload');
    h.checkEvidence(await h.details(page), graph, busy.name, mine, 'reload with the fragment');
    assert.equal(await page.$$eval(h.nodeSel(busy.index), (g) => g[0].classList.contains('kg-selected')), true,
                 'reload with the fragment: the node is selected in the diagram');

    // ... and on a hashchange, for any entity (here one with an edge).
    const other = graph.nodes.find((n) => n.index !== busy.index && h.edgesOf(graph, n.index).length > 0);
    await page.evaluate((f) => { location.hash = f; }, h.fragmentOf(other));
    await page.waitForFunction((name) => {
        const t = document.querySelector('#kg-details h2.kg-details-title');
        return t && t.textContent === name;
    }, other.name);
    h.checkEvidence(await h.details(page), graph, other.name, h.edgesOf(graph, other.index), 'hashchange');
    h.expectClean(problems, 'selection from the diagram and the fragment');
    await context.close();
});

test('the search box filters entities by name and surface form', async () => {
    const { page, problems, context } = await h.openPage(browser, report);
    // A form that is not part of its entity's name, the shortest.
    const cands = [];
    for (const n of graph.nodes)
        for (const f of n.forms)
            if (!n.name.toLowerCase().includes(f.toLowerCase()) && /^[\x20-\x7e]+$/.test(f)) cands.push({ n, f });
    assert.ok(cands.length > 0, 'the example has a surface form that differs from its name');
    cands.sort((a, b) => a.f.length - b.f.length || h.byteCmp(a.f, b.f));
    const { n, f } = cands[0];
    const query = f.toUpperCase() === f ? f.toLowerCase() : f.toUpperCase();
    const q = query.toLowerCase();
    const match = new Set(graph.nodes.filter((m) => [m.name, ...m.forms].some((s) => s.toLowerCase().includes(q))).map((m) => m.index));
    assert.ok(match.size < graph.nodes.length, 'the query leaves some entities out');

    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), 'kg-search', '`/` focuses the search box');
    await page.keyboard.type(query);
    await page.waitForFunction((k) => document.querySelectorAll('#kg-entities tbody tr[data-node]:not([hidden])').length === k, match.size)
        .catch(() => {});
    const rows = await h.entityRows(page);
    const shown = rows.filter((r) => !r.hidden).map((r) => r.node).sort((a, b) => a - b);
    assert.deepEqual(shown, [...match].sort((a, b) => a - b), `search "${query}" (a form of ${n.name}): the rows left visible`);
    assert.ok(await page.isVisible(`#kg-entities tbody tr[data-node="${n.index}"]`), `${n.name}'s row is visible`);
    for (const r of rows.filter((x) => !match.has(x.node)))
        assert.equal(await page.isVisible(`#kg-entities tbody tr[data-node="${r.node}"]`), false, `row of ${r.name} is not visible`);

    // Enter selects the first visible entity (in the table's order).
    const first = rows.find((r) => !r.hidden);
    await page.keyboard.press('Enter');
    await page.waitForFunction((name) => {
        const t = document.querySelector('#kg-details h2.kg-details-title');
        return t && t.textContent === name;
    }, graph.nodes[first.node].name);

    // Clearing the box shows every row again.
    await page.fill('#kg-search', '');
    await page.waitForFunction(() => !document.querySelector('#kg-entities tbody tr[data-node][hidden]'));
    h.expectClean(problems, 'search');
    await context.close();
});

async function visibleAll(page, selector) {
    return page.$$eval(selector, (els) => els.map((el) => window.__kgShown(el)));
}

test('unchecking a relation or a type hides it everywhere; checking it shows it again', async () => {
    const { page, problems, context } = await h.openPage(browser, report);
    const data = JSON.parse(await page.textContent('#kg-data'));
    const relCount = new Map();
    for (const e of graph.edges) relCount.set(e.rel, (relCount.get(e.rel) || 0) + 1);
    // The relation with the most edges, among those of the selected entity.
    const mine = h.edgesOf(graph, busy.index);
    const rel = [...new Set(mine.map((e) => e.rel))].sort((a, b) => relCount.get(b) - relCount.get(a) || h.byteCmp(a, b))[0];
    const relClass = data.relations.find((r) => r.name === rel).class;
    assert.equal(relClass, `rel-${rel}`, 'relation class as in graph.svg');
    const ofRel = new Set(graph.edges.filter((e) => e.rel === rel).map((e) => e.index));

    await page.click(`#kg-entities button.kg-entity[data-node="${busy.index}"]`);
    const box = (r) => `#kg-relations input[data-relation="${r}"]`;
    const before = await visibleAll(page, '#kg-diagram svg g.edge');
    assert.ok(before.every(Boolean), 'every edge visible at start');
    assert.ok(await page.$$eval(`#kg-diagram svg g.edge.${relClass}`, (x) => x.length) === ofRel.size, `${ofRel.size} g.edge.${relClass}`);

    const check = async (hiddenEdges, what) => {
        const vis = await page.$$eval('#kg-diagram svg g.edge', (els) => els.map((el) =>
            [Number(/e(\d+)$/.exec(el.id)[1]), window.__kgShown(el)]));
        for (const [j, v] of vis)
            assert.equal(v, !hiddenEdges.has(j), `${what}: diagram edge e${j} (${graph.edges[j].rel}) ${hiddenEdges.has(j) ? 'hidden' : 'visible'}`);
        // A row is shown when it is in the table without the hidden attribute.
        assert.deepEqual((await h.edgeRows(page)).filter((r) => !r.hidden).map((r) => r.edge).sort((a, b) => a - b),
                         graph.edges.filter((e) => !hiddenEdges.has(e.index)).map((e) => e.index),
                         `${what}: the edge table shows every edge but the hidden ones`);
        const shown = (await h.details(page)).sections.map((s) => s.edge).sort((a, b) => a - b);
        assert.deepEqual(shown, mine.filter((e) => !hiddenEdges.has(e.index)).map((e) => e.index).sort((a, b) => a - b),
                         `${what}: the evidence panel leaves out the hidden edges`);
    };
    await check(new Set(), 'start');

    await page.uncheck(box(rel));
    await check(ofRel, `relation ${rel} unchecked`);
    assert.equal(await page.$$eval(`#kg-diagram svg g.edge.${relClass}`, (els) => els.every((e) => e.classList.contains('kg-off'))), true,
                 `relation ${rel} unchecked: its edges have class kg-off`);
    await page.check(box(rel));
    await check(new Set(), `relation ${rel} checked again`);

    // A type: the type of one of the selected entity's neighbours, not its own.
    const nb = mine.map((e) => (e.s === busy.index ? e.t : e.s)).find((i) => graph.nodes[i].type !== busy.type);
    const type = graph.nodes[nb].type;
    const typeClass = data.types.find((t) => t.name === type).class;
    assert.equal(typeClass, `type-${type}`, 'type class as in graph.svg');
    const ofType = new Set(graph.nodes.filter((n) => n.type === type).map((n) => n.index));
    const touching = new Set(graph.edges.filter((e) => ofType.has(e.s) || ofType.has(e.t)).map((e) => e.index));
    const tbox = `#kg-types input[data-type="${type}"]`;
    const checkType = async (off, what) => {
        const vis = await page.$$eval('#kg-diagram svg g.node', (els) => els.map((el) =>
            [Number(/n(\d+)$/.exec(el.id)[1]), window.__kgShown(el)]));
        for (const [i, v] of vis)
            assert.equal(v, !(off && ofType.has(i)), `${what}: diagram node n${i} (${graph.nodes[i].type}) visible=${!(off && ofType.has(i))}`);
        assert.deepEqual((await h.entityRows(page)).filter((r) => !r.hidden).map((r) => r.node).sort((a, b) => a - b),
                         graph.nodes.filter((n) => !(off && ofType.has(n.index))).map((n) => n.index),
                         `${what}: the entity table shows every entity but those of type ${type}`);
    };
    await page.uncheck(tbox);
    await checkType(true, `type ${type} unchecked`);
    await check(touching, `type ${type} unchecked`);
    // Hide the relation too, then show the type: the relation stays hidden.
    await page.uncheck(box(rel));
    await check(new Set([...touching, ...ofRel]), `type ${type} and relation ${rel} unchecked`);
    await page.check(tbox);
    await checkType(false, `type ${type} checked again`);
    await check(ofRel, `type ${type} checked again, relation ${rel} still unchecked`);
    await page.check(box(rel));
    await check(new Set(), 'everything checked again');
    h.expectClean(problems, 'toggles');
    await context.close();
});

test('printing shows the diagram and the entity table, not the search box or the evidence panel', async () => {
    const { page, problems, context } = await h.openPage(browser, report, { fragment: h.fragmentOf(busy) });
    await page.waitForFunction(() => document.querySelector('#kg-details section.kg-edge-evidence'));
    assert.ok(await page.isVisible('#kg-details'), 'on screen, the evidence panel of the selected entity is visible');
    await page.emulateMedia({ media: 'print' });
    assert.ok(await page.isVisible('#kg-diagram svg'), 'print: the diagram is visible');
    assert.ok(await page.isVisible('#kg-entities'), 'print: the entity table is visible');
    assert.equal(await page.isVisible('#kg-search'), false, 'print: the search box is not visible');
    assert.equal(await page.isVisible('#kg-details'), false, 'print: the evidence panel is not visible');
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 10000, `print: a PDF of ${pdf.length} bytes`);
    await page.emulateMedia({ media: 'screen' });
    assert.ok(await page.isVisible('#kg-search'), 'back on screen: the search box is visible');
    h.expectClean(problems, 'print');
    await context.close();
});

test('the entity table sorts by a count or a measure', async () => {
    const { page, problems, context } = await h.openPage(browser, report);
    for (const key of ['mentions', 'documents', 'pagerank']) {
        const before = (await h.entityRows(page)).map((r) => r.node);
        await page.click(`#kg-entities thead th button[data-sort="${key}"]`);
        await page.waitForFunction((b) => {
            const now = [...document.querySelectorAll('#kg-entities tbody tr[data-node]')].map((r) => Number(r.dataset.node));
            return now.some((x, k) => x !== b[k]);
        }, before, { timeout: 5000 }).catch(() => {});
        const values = (await h.entityRows(page)).map((r) => graph.nodes[r.node][key]);
        assert.equal(values.length, graph.nodes.length);
        const up = values.every((v, k) => k === 0 || values[k - 1] <= v);
        const down = values.every((v, k) => k === 0 || values[k - 1] >= v);
        assert.ok(up || down, `sorted by ${key}: ${values.join(' ')}`);
        assert.ok(values[0] !== values[values.length - 1], `${key} varies in the example`);
    }
    h.expectClean(problems, 'sort');
    await context.close();
});

test('zoom buttons scale the diagram; a focused node selects with Enter', async () => {
    const { page, problems, context } = await h.openPage(browser, report);
    const width = () => page.$eval(h.nodeSel(busy.index), (g) => g.getBoundingClientRect().width);
    const w0 = await width();
    assert.ok(w0 > 0, 'the node is drawn');
    await page.click('#kg-zoom-in');
    await page.waitForFunction(([sel, w]) => document.querySelector(sel).getBoundingClientRect().width > w * 1.05,
                               [h.nodeSel(busy.index), w0], { timeout: 5000 }).catch(() => {});
    const w1 = await width();
    assert.ok(w1 > w0 * 1.05, `#kg-zoom-in: the node grows (${w0.toFixed(1)} -> ${w1.toFixed(1)} px)`);
    await page.click('#kg-zoom-reset');
    await page.waitForFunction(([sel, w]) => Math.abs(document.querySelector(sel).getBoundingClientRect().width - w) < w * 0.01,
                               [h.nodeSel(busy.index), w0], { timeout: 5000 }).catch(() => {});
    const w2 = await width();
    assert.ok(Math.abs(w2 - w0) < w0 * 0.01, `#kg-zoom-reset: back to ${w0.toFixed(1)} px (${w2.toFixed(1)})`);
    await page.click('#kg-zoom-out');
    await page.waitForFunction(([sel, w]) => document.querySelector(sel).getBoundingClientRect().width < w * 0.95,
                               [h.nodeSel(busy.index), w0], { timeout: 5000 }).catch(() => {});
    const w3 = await width();
    assert.ok(w3 < w0 * 0.95, `#kg-zoom-out: the node shrinks (${w0.toFixed(1)} -> ${w3.toFixed(1)} px)`);
    await page.click('#kg-zoom-reset');

    assert.equal(await page.$eval(h.nodeSel(busy.index), (g) => g.getAttribute('tabindex')), '0', 'diagram nodes have tabindex=0');
    await page.focus(h.nodeSel(busy.index));
    // + and 0 zoom while the diagram has focus.
    await page.keyboard.press('+');
    await page.waitForFunction(([sel, w]) => document.querySelector(sel).getBoundingClientRect().width > w * 1.05,
                               [h.nodeSel(busy.index), w0], { timeout: 5000 }).catch(() => {});
    const w4 = await width();
    assert.ok(w4 > w0 * 1.05, `+ on the diagram: the node grows (${w0.toFixed(1)} -> ${w4.toFixed(1)} px)`);
    await page.keyboard.press('0');
    await page.waitForFunction(([sel, w]) => Math.abs(document.querySelector(sel).getBoundingClientRect().width - w) < w * 0.01,
                               [h.nodeSel(busy.index), w0], { timeout: 5000 }).catch(() => {});
    const w5 = await width();
    assert.ok(Math.abs(w5 - w0) < w0 * 0.01, `0 on the diagram: back to ${w0.toFixed(1)} px (${w5.toFixed(1)})`);
    await page.keyboard.press('Enter');
    await page.waitForFunction((name) => {
        const t = document.querySelector('#kg-details h2.kg-details-title');
        return t && t.textContent === name;
    }, busy.name, { timeout: 5000 }).catch(() => {});
    h.checkEvidence(await h.details(page), graph, busy.name, h.edgesOf(graph, busy.index), 'Enter on a focused node');
    h.expectClean(problems, 'zoom and keyboard');
    await context.close();
});

test('a drag moves the diagram and does not eat the next click; wheel zooms', async () => {
    // A drag let go outside the diagram used to leave a listener that
    // swallowed the next click on a node.
    const { page, problems, context } = await h.openPage(browser, report);
    const viewBox = () => page.$eval('#kg-diagram svg', (s) => s.getAttribute('viewBox'));
    const v0 = await viewBox();
    const box = await page.locator('#kg-canvas').boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - 80, box.y + box.height / 2 + 40, { steps: 5 });
    await page.mouse.move(box.x + box.width / 2 - 80, box.y + box.height + 150, { steps: 5 });
    await page.mouse.up();
    const v1 = await viewBox();
    assert.notEqual(v1, v0, 'the drag moved the view');
    assert.equal(await page.$$eval('#kg-details h2.kg-details-title', (t) => t.length), 0, 'a drag selects nothing');
    await page.click('#kg-zoom-reset');
    await page.click(h.nodeSel(busy.index));
    assert.equal(await page.textContent('#kg-details h2.kg-details-title'), busy.name,
                 'the first click after a drag let go outside the diagram selects');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -300);
    await page.waitForFunction((v) => document.querySelector('#kg-diagram svg').getAttribute('viewBox') !== v, v0,
                               { timeout: 5000 }).catch(() => {});
    const [, , w2] = (await viewBox()).split(' ').map(Number);
    const [, , w0] = v0.split(' ').map(Number);
    assert.ok(w2 < w0, `the wheel zooms in (view width ${w0} -> ${w2})`);
    h.expectClean(problems, 'drag and wheel');
    await context.close();
});

test('switching off the chosen entity\'s type clears the choice; Escape works from a switch', async () => {
    const { page, problems, context } = await h.openPage(browser, report);
    await page.click(h.nodeSel(busy.index));
    assert.equal(await page.textContent('#kg-details h2.kg-details-title'), busy.name);
    const type = graph.nodes[busy.index].type;
    await page.uncheck(`#kg-types input[data-type="${type}"]`);
    assert.equal(await page.$$eval('#kg-details h2.kg-details-title', (t) => t.length), 0,
                 'an entity whose type is switched off is no longer shown');
    assert.equal(new URL(page.url()).hash, '', 'and the link no longer names it');
    await page.check(`#kg-types input[data-type="${type}"]`);
    // a relation switched off takes a chosen edge of it away
    const e = h.edgesOf(graph, busy.index)[0];
    await page.click(`button.kg-edge[data-edge="${e.index}"]`);
    assert.equal(await page.$$eval('#kg-details section.kg-edge-evidence', (s) => s.length), 1);
    await page.uncheck(`#kg-relations input[data-relation="${e.rel}"]`);
    assert.equal(await page.$$eval('#kg-details section.kg-edge-evidence', (s) => s.length), 0,
                 'a chosen edge whose relation is switched off is no longer shown');
    await page.check(`#kg-relations input[data-relation="${e.rel}"]`);
    // Escape clears the choice while a switch (a checkbox) has focus
    await page.click(h.nodeSel(busy.index));
    await page.focus(`#kg-relations input[data-relation="${e.rel}"]`);
    await page.keyboard.press('Escape');
    assert.equal(await page.$$eval('#kg-details h2.kg-details-title', (t) => t.length), 0,
                 'Escape with a checkbox focused clears the choice');
    h.expectClean(problems, 'switches and the choice');
    await context.close();
});

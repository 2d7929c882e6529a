// tests/report/hostile.test.mjs: names that are markup stay text in report.html.
//
// An edge file written here (docs/formats.md) whose entity names, surface
// forms, types, relation, document paths, rule names and sentences hold
// script and markup payloads: a <script> element, a </script> that would end
// the data block, an attribute break-out, a comment opener before <script>
// (the HTML parser's "double escaped" state), entities and CDATA ends, and
// U+2028 / U+2029 (line terminators in old JavaScript string literals).
// Every payload that could run sets window.__kg_pwned and calls alert().
// Both ways of writing the page are checked: `kgraph export -f html` and
// `kgraph build --edges` (report.html).  Each page must load with no dialog,
// no console error, no exception, no request (an injected <img src=x> would
// ask for file:.../x), no element with an on* attribute, window.__kg_pwned
// undefined; every name must read back literally (textContent) in the entity
// table, the evidence panel and the type and relation checkboxes, a
// selection through the URL fragment must work with such a name, and the
// search box must find `<script>` literally.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as h from './harness.mjs';

const P = {
    script: '<script>window.__kg_pwned=1;alert(1)</script> CCG',
    endScript: '</script><img src=x onerror="window.__kg_pwned=2;alert(2)">',
    attr: '"\'><svg onload="window.__kg_pwned=3;alert(3)">',
    comment: '<!--<script> Trust \u2028 line\u2029para',
    entities: 'Tom &amp; Jerry &lt;b&gt; ]]> --> Ltd',
};

function record(over) {
    return {
        doc: 'docs/</script><img src=x onerror="window.__kg_pwned=4;alert(4)">.txt', line: 1, start: 0, end: 80,
        relation: 'awards_contract', source: P.script, source_type: 'COMMISSIONER', source_text: P.script,
        target: P.endScript, target_type: 'COMPANY', target_text: P.endScript,
        rule: 'award<script>window.__kg_pwned=5;alert(5)</script>', rule_at: 'rules.yaml:1',
        evidence: `The ${P.script} awarded ${P.endScript} a contract <!--<script> \u2028 done.`, attrs: {},
        ...over,
    };
}

const records = [
    record({}),
    record({ line: 2, start: 100, end: 180, source_text: 'NHS ' + P.attr, evidence: 'Second <b>sentence</b> </script>.' }),
    record({ doc: 'docs/plain.txt', line: 3, start: 0, end: 50, relation: 'funds', target: P.comment,
             target_type: 'TYPE"><svg onload="window.__kg_pwned=6;alert(6)">', target_text: P.comment,
             rule: 'r"2"', evidence: `${P.script} funds ${P.comment}.` }),
    record({ doc: 'docs/plain.txt', line: 4, start: 60, end: 90,
             relation: 'rel<img src=x onerror="window.__kg_pwned=7;alert(7)">', source: P.entities,
             source_type: 'COMPANY', source_text: P.entities, target: P.attr, target_type: 'PERSON', target_text: P.attr,
             rule: 'r3', evidence: `${P.entities} and ${P.attr}.` }),
];

let browser, dir, graph;

before(async () => {
    dir = h.workdir('hostile');
    const edges = path.join(dir, 'hostile.jsonl');
    h.writeJsonl(edges, records);
    [browser] = await Promise.all([
        h.launch(),
        h.kgraph(['export', '-f', 'html', '-o', path.join(dir, 'hostile.html'), edges]),
        h.kgraph(['build', '-q', '--edges', edges, '-o', path.join(dir, 'build')]),
    ]);
    graph = h.loadGraph(path.join(dir, 'build', 'graph.json'), records);
});

after(async () => {
    if (browser) await browser.close();
});

async function checkPage(file, what) {
    const { page, problems, context } = await h.openPage(browser, file);
    const state = await page.evaluate(() => ({
        pwned: typeof window.__kg_pwned,
        handlers: [...document.querySelectorAll('*')].flatMap((e) =>
            [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `<${e.localName} ${a.name}>`)),
        scripts: document.scripts.length,
        types: [...document.querySelectorAll('#kg-types input[data-type]')].map((i) => i.dataset.type),
        rels: [...document.querySelectorAll('#kg-relations input[data-relation]')].map((i) => i.dataset.relation),
    }));
    assert.equal(state.pwned, 'undefined', `${what}: window.__kg_pwned was set`);
    assert.deepEqual(state.handlers, [], `${what}: elements with event-handler attributes`);
    assert.deepEqual(state.types.sort(h.byteCmp), [...new Set(graph.nodes.map((n) => n.type))].sort(h.byteCmp),
                     `${what}: the type checkboxes carry the types literally`);
    assert.deepEqual(state.rels.sort(h.byteCmp), [...new Set(graph.edges.map((e) => e.rel))].sort(h.byteCmp),
                     `${what}: the relation checkboxes carry the relations literally`);
    const rows = await h.entityRows(page);
    assert.deepEqual(rows.map((r) => [r.node, r.name]).sort((a, b) => a[0] - b[0]),
                     graph.nodes.map((n) => [n.index, n.name]), `${what}: the entity table shows each name literally`);

    // Select every entity in turn from its button: literal title and evidence.
    for (const n of graph.nodes) {
        await page.click(`#kg-entities button.kg-entity[data-node="${n.index}"]`);
        await page.waitForFunction((name) => {
            const t = document.querySelector('#kg-details h2.kg-details-title');
            return t && t.textContent === name;
        }, n.name);
        h.checkEvidence(await h.details(page), graph, n.name, h.edgesOf(graph, n.index), `${what}, ${JSON.stringify(n.name)}`);
    }
    // The search box takes markup as text.
    await page.fill('#kg-search', '<script>');
    const q = '<script>';
    const match = graph.nodes.filter((m) => [m.name, ...m.forms].some((s) => s.toLowerCase().includes(q))).map((m) => m.index);
    assert.ok(match.length > 0 && match.length < graph.nodes.length);
    await page.waitForFunction((k) => document.querySelectorAll('#kg-entities tbody tr[data-node]:not([hidden])').length === k,
                               match.length, { timeout: 5000 }).catch(() => {});
    assert.deepEqual((await h.entityRows(page)).filter((r) => !r.hidden).map((r) => r.node).sort((a, b) => a - b), match,
                     `${what}: search for <script>`);
    assert.equal(await page.evaluate(() => typeof window.__kg_pwned), 'undefined', `${what}: window.__kg_pwned after use`);
    // A hostile name in the URL fragment selects its entity.
    const o = { page, problems, file };
    for (const n of graph.nodes.filter((x) => /[<"&\u2028]/.test(x.name))) {
        await h.reload(o, h.fragmentOf(n));
        await page.waitForFunction((name) => {
            const t = document.querySelector('#kg-details h2.kg-details-title');
            return t && t.textContent === name;
        }, n.name, { timeout: 5000 }).catch(() => {});
        h.checkEvidence(await h.details(page), graph, n.name, h.edgesOf(graph, n.index), `${what}, fragment of ${JSON.stringify(n.name)}`);
        assert.equal(await page.evaluate(() => typeof window.__kg_pwned), 'undefined', `${what}: window.__kg_pwned with a fragment`);
    }
    h.expectClean(problems, what);
    await context.close();
}

test('kgraph export -f html: hostile names stay text', async () => {
    await checkPage(path.join(dir, 'hostile.html'), 'export -f html');
});

test('kgraph build --edges: hostile names stay text in report.html', async () => {
    assert.ok(fs.existsSync(path.join(dir, 'build', 'report.html')), 'build wrote report.html');
    await checkPage(path.join(dir, 'build', 'report.html'), 'build report.html');
});

// Browser check for plainhealth handouts, in the system Chromium (no browser download).
//
//   node axe-check.mjs --out DIR [--chromium /usr/bin/chromium] [--serve] [--follow] FILE.html...
//
// Files open as file:// URLs, or with --serve from a server on 127.0.0.1 rooted at each
// file's folder (file:// pages may not load captions: Chromium gives them unique origins).
// For each file: runs axe-core (WCAG 2.0/2.1 A and AA, plus best practice) at a desktop
// width and at 200% zoom, fails on any request outside the file's own folder, checks that a
// 640 px wide window at 200% zoom (320 CSS px, device scale 2) has no horizontal scroll,
// checks that every <audio> and captions <track> loads, and saves full-page screenshots
// DIR/<name>.png (1024 px) and DIR/<name>-zoom200.png; measures, in a 1280 x 900 window,
// where the first key safety point ends (firstPoint: its bottom in CSS px, or null) and
// prints the page to PDF on US Letter and A4 (printPages: the larger page count, the
// PDF kept as DIR/<name>.pdf). With --follow, plays the handout's audio (muted) from the
// start of its first cue of at least 1.5 s and records which elements are marked as being
// read (follow: {cue, marked, paused}; marked while it plays, and after a pause).
// Writes DIR/axe-report.json.
// Exit status: 0 all clean, 1 any problem, 2 usage mistake.

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const DESKTOP = { width: 1024, height: 800, deviceScaleFactor: 1 };
const ZOOM_200 = { width: 320, height: 800, deviceScaleFactor: 2 };
const FIRST_SCREEN = { width: 1280, height: 900, deviceScaleFactor: 1 };
const TYPES = { '.html': 'text/html; charset=utf-8', '.vtt': 'text/vtt; charset=utf-8',
  '.mp3': 'audio/mpeg', '.wav': 'audio/wav', '.ogg': 'audio/ogg' };

function parseArgs(argv) {
  const options = { out: null, chromium: '/usr/bin/chromium', serve: false, follow: false,
    files: [] };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--out') options.out = argv[++i];
    else if (argv[i] === '--serve') options.serve = true;
    else if (argv[i] === '--follow') options.follow = true;
    else if (argv[i] === '--chromium') options.chromium = argv[++i];
    else options.files.push(argv[i]);
  }
  if (!options.out || options.files.length === 0) {
    console.error('usage: node axe-check.mjs --out DIR [--chromium PATH] [--serve] FILE.html...');
    process.exit(2);
  }
  return options;
}

function serve(root) {
  const server = http.createServer(async (request, response) => {
    const name = decodeURIComponent(new URL(request.url, 'http://127.0.0.1').pathname);
    const file = path.resolve(root, `.${name}`);
    if (!file.startsWith(root + path.sep)) { response.writeHead(403).end(); return; }
    try {
      const body = await readFile(file);
      const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
      const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.range ?? '');
      if (range && body.length) { // as any web server: the player seeks by byte ranges
        const start = range[1] ? Number(range[1]) : Math.max(0, body.length - Number(range[2]));
        const end = range[1] && range[2] ? Math.min(Number(range[2]), body.length - 1)
          : body.length - 1;
        response.writeHead(206, { 'Content-Type': type, 'Accept-Ranges': 'bytes',
          'Content-Range': `bytes ${start}-${end}/${body.length}` });
        response.end(body.subarray(start, end + 1));
        return;
      }
      response.writeHead(200, { 'Content-Type': type, 'Accept-Ranges': 'bytes' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => { server.listen(0, '127.0.0.1', () => resolve(server)); });
}

async function runAxe(page, axeSource) {
  await page.evaluate(axeSource);
  const results = await page.evaluate((tags) => window.axe.run(document, {
    runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'],
  }), TAGS);
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
  }));
}

async function mediaProblems(page) {
  return page.evaluate(async () => {
    const wait = (element, ok, bad) => new Promise((resolve) => {
      if (element.tagName === 'TRACK' && element.readyState >= 2) {
        resolve(element.readyState === 2 ? null : 'TRACK failed to load');
        return;
      }
      element.addEventListener(ok, () => resolve(null), { once: true });
      element.addEventListener(bad, () => resolve(`${element.tagName} failed to load`),
        { once: true });
      setTimeout(() => resolve(`${element.tagName} timed out`), 5000);
    });
    const problems = [];
    for (const audio of document.querySelectorAll('audio')) {
      const tracks = [...audio.querySelectorAll('track')];
      const waits = [wait(audio, 'loadedmetadata', 'error'),
        ...tracks.map((t) => wait(t, 'load', 'error'))];
      tracks.forEach((t) => { t.track.mode = 'showing'; });
      audio.preload = 'auto';
      audio.load();
      problems.push(...(await Promise.all(waits)).filter(Boolean));
    }
    return problems;
  });
}

async function followCheck(page) {
  return page.evaluate(async () => {
    const audio = document.querySelector('.listen audio');
    const track = audio && audio.textTracks[0];
    const cue = track && [...(track.cues || [])].find((c) => c.endTime - c.startTime >= 1.5);
    if (!cue) return { cue: null, marked: [], paused: [] };
    const marked = () => [...document.querySelectorAll('.reading')].map((e) => e.id);
    const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });
    audio.muted = true;
    audio.currentTime = cue.startTime + 0.2;
    await audio.play();
    await sleep(600);
    const playing = marked();
    audio.pause();
    await sleep(200);
    return { cue: cue.id, marked: playing, paused: marked() };
  });
}

async function checkFile(browser, axeSource, file, options) {
  const absolute = path.resolve(file);
  const server = options.serve ? await serve(path.dirname(absolute)) : null;
  const origin = server ? `http://127.0.0.1:${server.address().port}/`
    : `${pathToFileURL(path.dirname(absolute)).href}/`; // the page and files beside it
  const page = await browser.newPage();
  const requests = [];
  const cspErrors = [];
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith(origin) || url.startsWith('data:')) request.continue();
    else { requests.push(url); request.abort(); }
  });
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text()); });
  const name = path.basename(file, path.extname(file));
  await page.setViewport(DESKTOP);
  const url = server ? origin + encodeURIComponent(path.basename(absolute))
    : pathToFileURL(absolute).href;
  await page.goto(url, { waitUntil: 'load' });
  const violations = await runAxe(page, axeSource);
  const media = await mediaProblems(page);
  const follow = options.follow ? await followCheck(page) : null;
  const desktopShot = path.join(options.out, `${name}.png`);
  await page.screenshot({ path: desktopShot, fullPage: true });
  await page.setViewport(ZOOM_200);
  const width = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  const seen = new Set(violations.map((v) => v.id));
  violations.push(...(await runAxe(page, axeSource)).filter((v) => !seen.has(v.id)));
  const zoomShot = path.join(options.out, `${name}-zoom200.png`);
  await page.screenshot({ path: zoomShot, fullPage: true });
  await page.setViewport(FIRST_SCREEN);
  const firstPoint = await page.evaluate(() => {
    const point = document.querySelector('.key-points li');
    return point ? point.getBoundingClientRect().bottom + window.scrollY : null;
  });
  await page.screenshot({ path: path.join(options.out, `${name}-first-screen.png`) });
  let printPages = 0;
  for (const format of ['Letter', 'A4']) {
    const pdf = await page.pdf({ format, printBackground: false });
    if (format === 'Letter') await writeFile(path.join(options.out, `${name}.pdf`), pdf);
    printPages = Math.max(printPages, (Buffer.from(pdf).toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length);
  }
  await page.close();
  if (server) {
    server.closeAllConnections(); // Chromium keeps connections alive; do not wait for them
    await new Promise((resolve) => { server.close(resolve); });
  }
  return { file, violations, requests, media, cspErrors, width, firstPoint, printPages, follow,
    screenshots: [desktopShot, zoomShot] };
}

function report(result) {
  const problems = [];
  for (const v of result.violations) {
    problems.push(`  axe ${v.id} (${v.impact}): ${v.help}`);
    for (const n of v.nodes) problems.push(`      at ${n.target}`);
  }
  for (const url of result.requests) problems.push(`  request to ${url}`);
  for (const text of [...result.media, ...result.cspErrors]) problems.push(`  ${text}`);
  if (result.width.scrollWidth > result.width.clientWidth) {
    problems.push(`  horizontal scroll at 200% zoom: scrollWidth ${result.width.scrollWidth}`
      + ` > clientWidth ${result.width.clientWidth}`);
  }
  console.log(`${result.file}: ${problems.length ? 'PROBLEMS' : 'ok'} `
    + `(${result.violations.length} axe violations)`);
  problems.forEach((line) => console.log(line));
  return problems.length;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  await mkdir(options.out, { recursive: true });
  const require = createRequire(import.meta.url);
  const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  const profile = await mkdtemp(path.join(os.tmpdir(), 'plainhealth-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: options.chromium, headless: false, // --headless is in FLAGS
    args: [...FLAGS, `--user-data-dir=${profile}`],
  });
  const results = [];
  try {
    for (const file of options.files) results.push(await checkFile(browser, axeSource, file, options));
  } finally {
    await browser.close();
    await rm(profile, { recursive: true, force: true });
  }
  await writeFile(path.join(options.out, 'axe-report.json'), `${JSON.stringify(results, null, 2)}\n`);
  const failures = results.map(report).reduce((a, b) => a + b, 0);
  process.exit(failures ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

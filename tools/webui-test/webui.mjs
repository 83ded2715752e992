// Drives Debian's chromium through the Temporal Web UI the way a user checks an ssmflow run:
// the workflow list filtered by ssmflow's search attributes, then the deployment's page, whose
// input must be shown decoded by the codec server (the history holds it encrypted). Saves a
// screenshot of each page. Run by starter's WebUiTest; exit 0 when every check holds.
//
//   node webui.mjs --ui http://127.0.0.1:8233 --codec http://127.0.0.1:8081 \
//     --workflow-id deploy-shop-staging-2.0.0 --app shop --env staging \
//     --expect '"version": "2.0.0"' --out target/webui
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) =>
  a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs, []));
for (const required of ['ui', 'codec', 'workflow-id', 'app', 'env', 'expect', 'out']) {
  if (!args[required]) {
    console.error(`webui.mjs: --${required} is required`);
    process.exit(2);
  }
}
const namespace = args.namespace ?? 'default';
const chromiumPath = args.chromium ?? '/usr/bin/chromium';
mkdirSync(args.out, { recursive: true });

// Debian's chromium as root in a container; no network but loopback (see docs/web-ui.md).
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
page.setDefaultTimeout(30_000);
const decoded = [];
page.on('response', (r) => {
  if (r.url().startsWith(args.codec) && r.request().method() === 'POST') {
    decoded.push(r.status());
  }
});

function step(what) {
  console.log(`webui: ${what}`);
}

try {
  // 1. The list, filtered by ssmflow's search attributes (visibility may lag a moment).
  const query = `SsmflowOperation="deploy" AND SsmflowApp="${args.app}"`
    + ` AND SsmflowEnvironment="${args.env}"`;
  const listUrl = `${args.ui}/namespaces/${namespace}/workflows?query=${encodeURIComponent(query)}`;
  const link = page.getByRole('link', { name: args['workflow-id'], exact: true });
  const deadline = Date.now() + 60_000;
  for (;;) {
    await page.goto(listUrl);
    try {
      await link.waitFor({ timeout: 5_000 });
      break;
    } catch (notYet) {
      if (Date.now() > deadline) {
        throw new Error(`${args['workflow-id']} is not in the list filtered by ${query}`);
      }
    }
  }
  // The filter bar shows the search-attribute filters as chips.
  for (const [name, value] of [['SsmflowApp', args.app], ['SsmflowEnvironment', args.env]]) {
    await page.locator('button', { hasText: new RegExp(`${name}\\s*=\\s*"${value}"`) })
      .first().waitFor();
  }
  step(`listed by ${query}`);
  await page.screenshot({ path: join(args.out, 'webui-list.png') });

  // 2. The deployment's page: its input, decoded through the codec server.
  await link.click();
  await page.waitForURL((url) => url.pathname.includes(encodeURIComponent(args['workflow-id']))
    || url.pathname.includes(args['workflow-id']));
  await page.getByRole('heading', { name: args['workflow-id'] }).waitFor();
  await page.getByText(args.expect).first().waitFor();
  await page.getByText(`"app": "${args.app}"`).first().waitFor();
  if (!decoded.some((status) => status === 200)) {
    throw new Error(`the input showed but the codec server at ${args.codec} answered`
      + ` no decode (statuses ${JSON.stringify(decoded)})`);
  }
  step(`input decoded through ${args.codec} (${decoded.length} decode calls)`);
  await page.screenshot({ path: join(args.out, 'webui-deployment.png') });
  console.log(JSON.stringify({ listed: true, decoded: true, decodeCalls: decoded.length,
    screenshots: ['webui-list.png', 'webui-deployment.png'] }));
} catch (e) {
  await page.screenshot({ path: join(args.out, 'webui-failure.png') }).catch(() => {});
  console.error(`webui.mjs: ${e.message.split('\n')[0]} (screenshot: webui-failure.png)`);
  process.exitCode = 1;
} finally {
  await browser.close();
}

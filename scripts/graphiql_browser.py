#!/usr/bin/env python3
"""Loads solstake's GraphiQL page in headless Chromium with every host but 127.0.0.1 unreachable, over the DevTools
protocol: the IDE renders, the documentation explorer shows the schema's root types (introspection worked), the default
query runs, and an operation runs over the WebSocket with the page's own graphql-ws. Every request the page made is
listed; any that left 127.0.0.1 fails the check. Exits 1 on the first failure.

  python3 scripts/graphiql_browser.py http://127.0.0.1:4000/graphql [--chromium PATH]
"""
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import websockets


def fail(message):
    print(f"FAIL {message}")
    sys.exit(1)


class Page:
    def __init__(self, ws):
        self.ws, self.next_id, self.requests, self.failed, self.pending = ws, 0, [], [], {}

    async def pump(self):
        async for raw in self.ws:
            message = json.loads(raw)
            if "id" in message and message["id"] in self.pending:
                self.pending.pop(message["id"]).set_result(message)
            elif message.get("method") == "Network.requestWillBeSent":
                self.requests.append(message["params"]["request"]["url"])
            elif message.get("method") == "Network.webSocketCreated":
                self.requests.append(message["params"]["url"])
            elif message.get("method") == "Network.loadingFailed":
                self.failed.append(message["params"].get("errorText"))

    async def call(self, method, **params):
        self.next_id += 1
        future = asyncio.get_running_loop().create_future()
        self.pending[self.next_id] = future
        await self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        reply = await asyncio.wait_for(future, 30)
        if "error" in reply:
            fail(f"{method}: {reply['error']}")
        return reply["result"]

    async def evaluate(self, expression):
        result = await self.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            return {"exception": result["exceptionDetails"].get("exception", {}).get("description", str(result["exceptionDetails"]))}
        return result["result"].get("value")

    async def wait_for(self, expression, what, seconds=30):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if await self.evaluate(expression) is True:
                return
            await asyncio.sleep(0.25)
        body = await self.evaluate("document.body ? document.body.innerText.slice(0, 400) : ''")
        fail(f"{what} (waited {seconds} s); the page shows: {body!r}")


async def check(url, chromium):
    profile = tempfile.mkdtemp(prefix="solstake-chromium-")
    process = subprocess.Popen([
        chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
        "--disable-background-networking", "--disable-component-update", "--remote-debugging-port=0", f"--user-data-dir={profile}",
        # The network is cut except for the server under test: no name resolves, and anything proxied goes nowhere.
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1", "--proxy-server=http://127.0.0.1:9", "about:blank",
    ], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file = os.path.join(profile, "DevToolsActivePort")
        deadline = time.monotonic() + 30
        while not os.path.exists(port_file) or not open(port_file).read().strip():
            if time.monotonic() > deadline or process.poll() is not None:
                fail("Chromium did not start its DevTools endpoint")
            time.sleep(0.1)
        port = open(port_file).read().split()[0]
        targets = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10).read())
        target = next(t for t in targets if t.get("type") == "page")
        async with websockets.connect(target["webSocketDebuggerUrl"], max_size=None) as ws:
            page = Page(ws)
            pump = asyncio.create_task(page.pump())
            await page.call("Network.enable")
            await page.call("Page.enable")
            await page.call("Page.navigate", url=url)
            await page.wait_for("!!document.querySelector('.graphiql-container')", "GraphiQL did not render")
            print("ok GraphiQL rendered from solstake's own assets")
            await page.wait_for(
                "(() => { const b = document.querySelector('[aria-label=\"Show Documentation Explorer\"]'); if (b) b.click(); "
                "const d = document.querySelector('.graphiql-doc-explorer'); return !!d && /Query/.test(d.innerText) && /Mutation/.test(d.innerText) && /Subscription/.test(d.innerText); })()",
                "the documentation explorer did not show the schema's root types")
            print("ok documentation explorer populated from introspection: Query, Mutation, Subscription")
            await page.wait_for(
                "(() => { const b = document.querySelector('.graphiql-execute-button'); if (b && !window.__ran) { b.click(); window.__ran = true; } "
                "const r = document.querySelector('.result-window'); return !!r && /\"validators\"/.test(r.innerText); })()",
                "the default query did not run")
            print("ok the default GetValidators query ran from the editor")
            ws_url = url.replace("http://", "ws://")
            answer = await page.evaluate(
                "new Promise((resolve) => { const c = graphqlWs.createClient({ url: %s }); let out = null; "
                "c.subscribe({ query: '{ networkSummary { validatorCount } }' }, { next: (v) => { out = v; }, error: (e) => resolve({ error: String(e && (e.reason || e.message) || e) }), "
                "complete: () => { c.dispose(); resolve(out); } }); setTimeout(() => resolve({ error: 'timeout' }), 15000); })" % json.dumps(ws_url))
            if not isinstance(answer, dict) or "data" not in answer:
                fail(f"an operation over the WebSocket (graphql-transport-ws) did not answer: {answer}")
            print(f"ok an operation over the WebSocket with the page's graphql-ws: {json.dumps(answer)}")
            outside = [r for r in page.requests if not (r.startswith("http://127.0.0.1") or r.startswith("ws://127.0.0.1") or r.startswith("data:") or r == "about:blank")]
            if outside:
                fail(f"the page asked for something outside 127.0.0.1: {outside}")
            shown = sorted({r.split('?')[0].replace(url.rsplit('/', 1)[0], '') for r in page.requests if not r.startswith("data:")})
            print(f"ok {len(page.requests)} requests, none outside 127.0.0.1: " + ", ".join(shown))
            pump.cancel()
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(profile, ignore_errors=True)


def main():
    args = sys.argv[1:]
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if "--chromium" in args:
        index = args.index("--chromium")
        chromium = args[index + 1]
        del args[index:index + 2]
    if len(args) != 1:
        print(__doc__)
        sys.exit(2)
    if not chromium:
        fail("no Chromium found (apt-get install chromium)")
    asyncio.run(check(args[0], chromium))


if __name__ == "__main__":
    main()

// Shared helpers for the browser tests: the syllabus binary, fixture projects copied to a temp
// folder, a headless Debian Chromium, and bounded waits.
import { chromium } from "playwright-core";
import { spawn, execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, existsSync, readFileSync } from "node:fs";
import { inflateRawSync } from "node:zlib";
import { tmpdir } from "node:os";
import path from "node:path";
import net from "node:net";

export const repo = path.resolve(import.meta.dirname, "..", "..");
export const bin = process.env.SYLLABUS_BIN || path.join(repo, "target", "debug", "syllabus");
const browserPath = process.env.CHROMIUM || "/usr/bin/chromium";

if (!existsSync(bin)) throw new Error(`syllabus binary not found at ${bin}: run cargo build first`);
if (!existsSync(browserPath)) throw new Error(`Chromium not found at ${browserPath}: apt-get install chromium`);

/** A copy of tests/fixtures/<name> in a fresh temp folder. */
export function fixture(name) {
  const dir = mkdtempSync(path.join(tmpdir(), "syllabus-browser-"));
  cpSync(path.join(repo, "tests", "fixtures", name), dir, { recursive: true });
  return dir;
}

/** A copy of the sample course at the repository root (syllabus.yaml, content/, versions/). */
export function sample() {
  const dir = mkdtempSync(path.join(tmpdir(), "syllabus-browser-"));
  for (const name of ["syllabus.yaml", "content", "versions"]) {
    cpSync(path.join(repo, name), path.join(dir, name), { recursive: true });
  }
  return dir;
}

/** Runs `syllabus build` (with `args`) in `dir` and returns the output folder. */
export function build(dir, args = []) {
  // The sample's one stale translation warns on stderr, on purpose: not news in a test log.
  execFileSync(bin, ["build", "--quiet", ...args], { cwd: dir, env: { PATH: process.env.PATH, TZ: "UTC" }, stdio: "pipe" });
  return path.join(dir, "public");
}

export async function launch() {
  // Flags as the machine notes advise: no background networking on this closed network.
  return chromium.launch({
    executablePath: browserPath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** Starts `syllabus serve` and resolves once it answers. */
export async function serve(dir) {
  const port = await freePort();
  const child = spawn(bin, ["serve", "--port", String(port)], { cwd: dir, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env } });
  let log = "";
  child.stdout.on("data", (d) => { log += d; });
  child.stderr.on("data", (d) => { log += d; });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => {
    try { return (await fetch(url + "/")).ok; } catch { return false; }
  }, 20000, () => `serve did not start:\n${log}`);
  return { url, stop: () => child.kill(), log: () => log };
}

/** Polls `check` until it returns true, at most `ms`. */
export async function waitFor(check, ms, what = () => "condition") {
  const end = Date.now() + ms;
  for (;;) {
    // A page that is navigating (a live reload) throws; that only means "not yet".
    if (await check().catch(() => false)) return;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The entries of a zip file (stored or deflated), by name: a reader of our own, so the tests
 * also prove the packages are plain standard zips. */
export function unzip(file) {
  const buf = readFileSync(file);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error(`${file}: not a zip`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries = new Map();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: bad central directory`);
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28), extraLen = buf.readUInt16LE(at + 30), commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString("utf8", at + 46, at + 46 + nameLen);
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataAt, dataAt + size);
    entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

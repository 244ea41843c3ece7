// Draws the README's figure as plain SVG (no native dependencies): cycles/s per poller count for
// each client with graphile-worker and the raw SQL floor as reference lines, and the soak's rate
// over time.
import type { BenchResults } from "./results";
import { bestPeer } from "./report";

const COLORS = {
  sdk: "#4e79a7",
  raw: "#f28e2b",
  peer: "#59a14f",
  floor: "#9c755f",
  target: "#e15759",
  soak: "#f28e2b",
};
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function niceMax(v: number): number {
  if (v <= 0) return 10;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

export function drawChart(r: BenchResults): string {
  const W = 900;
  const H = r.soak?.series?.length ? 640 : 380;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
  );
  parts.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  const m = r.machine;
  parts.push(
    `<text x="20" y="24" font-size="15" font-weight="bold">${esc(`pipelinehouse runner cycles/s (enqueue → poll → ack → finish), ${r.mode} run`)}</text>`,
    `<text x="20" y="42" fill="#555">${esc(`${m.cpus} cores, ${m.memoryGiB} GiB, Node ${m.node}, Postgres ${r.postgres.settings.server_version} (synchronous_commit=${r.postgres.settings.synchronous_commit}), server and clients on the same machine`)}</text>`,
  );

  // Panel 1: grouped bars.
  const cycles = r.cycles ?? [];
  const pollers = [...new Set(cycles.map((c) => c.pollers))].sort((a, b) => a - b);
  const clients = [...new Set(cycles.map((c) => c.client))];
  const peer = bestPeer(r);
  const floor = r.floor?.cyclesPerSecond ?? null;
  const top = niceMax(Math.max(1, ...cycles.map((c) => c.cyclesPerSecond), peer ?? 0, floor ?? 0) * 1.08);
  const x0 = 70;
  const y0 = 330;
  const pw = 560;
  const ph = 260;
  const y = (v: number) => y0 - (v / top) * ph;
  for (let i = 0; i <= 5; i++) {
    const v = (top / 5) * i;
    parts.push(
      `<line x1="${x0}" x2="${x0 + pw}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e5e5"/>`,
      `<text x="${x0 - 8}" y="${y(v) + 4}" text-anchor="end" fill="#555">${Math.round(v)}</text>`,
    );
  }
  const groupW = pw / Math.max(1, pollers.length);
  const barW = Math.min(48, (groupW * 0.7) / Math.max(1, clients.length));
  pollers.forEach((p, gi) => {
    const gx = x0 + gi * groupW + groupW / 2;
    clients.forEach((c, ci) => {
      const row = cycles.find((x) => x.pollers === p && x.client === c);
      if (!row) return;
      const bx = gx - (clients.length * barW) / 2 + ci * barW;
      parts.push(
        `<rect x="${bx + 2}" y="${y(row.cyclesPerSecond)}" width="${barW - 4}" height="${y0 - y(row.cyclesPerSecond)}" fill="${COLORS[c]}"/>`,
        `<text x="${bx + barW / 2}" y="${y(row.cyclesPerSecond) - 4}" text-anchor="middle" font-size="11">${Math.round(row.cyclesPerSecond)}</text>`,
      );
    });
    parts.push(`<text x="${gx}" y="${y0 + 18}" text-anchor="middle">${p} pollers</text>`);
  });
  parts.push(`<line x1="${x0}" x2="${x0 + pw}" y1="${y0}" y2="${y0}" stroke="#333"/>`);
  const refLine = (v: number, color: string, label: string, dash: string) =>
    parts.push(
      `<line x1="${x0}" x2="${x0 + pw}" y1="${y(v)}" y2="${y(v)}" stroke="${color}" stroke-width="2" stroke-dasharray="${dash}"/>`,
      `<text x="${x0 + pw + 6}" y="${y(v) + 4}" fill="${color}" font-size="11">${esc(label)}</text>`,
    );
  if (peer) {
    refLine(peer, COLORS.peer, `graphile-worker unbatched ${peer}/s`, "6 4");
    refLine(peer / 2, COLORS.target, `target 0.5× = ${Math.round(peer / 2)}/s`, "2 3");
  }
  if (floor) refLine(floor, COLORS.floor, `raw SQL floor ${floor}/s`, "8 3 2 3");
  parts.push(
    `<text x="20" y="${y0 - ph / 2}" transform="rotate(-90 20 ${y0 - ph / 2})" text-anchor="middle" fill="#555">cycles/s</text>`,
  );
  clients.forEach((c, i) => {
    const lx = x0 + i * 200;
    parts.push(
      `<rect x="${lx}" y="${y0 + 30}" width="12" height="12" fill="${COLORS[c]}"/>`,
      `<text x="${lx + 18}" y="${y0 + 40}">${c === "sdk" ? "AWS SDK v3 client" : `raw JSON 1.1 client (${r.options.rawTransport})`}</text>`,
    );
  });

  // Panel 2: the soak.
  const series = r.soak?.series ?? [];
  if (series.length && r.soak) {
    const sy0 = 600;
    const sph = 170;
    const tMax = Math.max(...series.map((s) => s.t));
    const sTop = niceMax(Math.max(...series.map((s) => s.rate)) * 1.1);
    const sx = (t: number) => x0 + (t / Math.max(1, tMax)) * pw;
    const syv = (v: number) => sy0 - (v / sTop) * sph;
    parts.push(
      `<text x="20" y="${sy0 - sph - 18}" font-size="14" font-weight="bold">${esc(`Soak: ${r.soak.pollers} raw pollers for ${Math.round(r.soak.seconds)} s (1-second rates)`)}</text>`,
    );
    for (let i = 0; i <= 4; i++) {
      const v = (sTop / 4) * i;
      parts.push(
        `<line x1="${x0}" x2="${x0 + pw}" y1="${syv(v)}" y2="${syv(v)}" stroke="#e5e5e5"/>`,
        `<text x="${x0 - 8}" y="${syv(v) + 4}" text-anchor="end" fill="#555">${Math.round(v)}</text>`,
      );
    }
    const pts = series.map((s) => `${sx(s.t).toFixed(1)},${syv(s.rate).toFixed(1)}`).join(" ");
    parts.push(`<polyline points="${pts}" fill="none" stroke="${COLORS.soak}" stroke-width="1.2"/>`);
    parts.push(`<line x1="${x0}" x2="${x0 + pw}" y1="${sy0}" y2="${sy0}" stroke="#333"/>`);
    for (let i = 0; i <= 5; i++) {
      const t = (tMax / 5) * i;
      parts.push(`<text x="${sx(t)}" y="${sy0 + 16}" text-anchor="middle" fill="#555">${Math.round(t)} s</text>`);
    }
    // The two labels sit at their rates' heights, the higher rate on top, never closer than a line.
    const firstY = syv(r.soak.firstWindow) + 4;
    const lastY = syv(r.soak.lastWindow) + 4;
    const gap = 14;
    const [fy, ly] = firstY <= lastY ? [firstY, Math.max(lastY, firstY + gap)] : [Math.max(firstY, lastY + gap), lastY];
    const change = `${r.soak.change > 0 ? "+" : ""}${r.soak.change}%`;
    parts.push(
      `<text x="${x0 + pw + 6}" y="${fy}" font-size="11">${esc(`first ${r.soak.windowS} s: ${r.soak.firstWindow}/s`)}</text>`,
      `<text x="${x0 + pw + 6}" y="${ly}" font-size="11">${esc(`last ${r.soak.windowS} s: ${r.soak.lastWindow}/s (${change})`)}</text>`,
    );
  }
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}

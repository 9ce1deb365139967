// Every element with its own text: its colour against the background behind it (WCAG 2 ratio).
const parse = c => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null;
  const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
const lin = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
const lum = c => 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
const over = (top, under) => ({ r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a), b: top.b * top.a + under.b * (1 - top.a), a: 1 });
function background(el) {
  const layers = [];
  for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; } }
  let bg = { r: 255, g: 255, b: 255, a: 1 };
  if (matchMedia('(prefers-color-scheme: dark)').matches && !(layers.length && layers[layers.length-1].a >= 1)) bg = { r: 0, g: 0, b: 0, a: 1 };
  for (const l of layers.reverse()) bg = over(l, bg);
  return bg;
}
function opacity(el) { let o = 1; for (let e = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity); return o; }
const out = [];
for (const el of document.querySelectorAll('body *')) {
  const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  if (!own || !el.checkVisibility()) continue;
  const s = getComputedStyle(el);
  if (s.clipPath.includes('inset(50%')) continue;
  const bg = background(el);
  const fg = over({ ...parse(s.color), a: parse(s.color).a * opacity(el) }, bg);
  const hi = Math.max(lum(fg), lum(bg)), lo = Math.min(lum(fg), lum(bg));
  const ratio = (hi + 0.05) / (lo + 0.05);
  const size = parseFloat(s.fontSize), bold = Number(s.fontWeight) >= 700;
  const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
  out.push({ id: el.id || el.className?.baseVal || el.className || el.tagName, text: el.textContent.trim().slice(0, 30), ratio: Math.round(ratio * 100) / 100, need, fg: s.color, size });
}
return out;

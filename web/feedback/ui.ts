/** Tiny DOM helpers for the feedback script: every text goes in as textContent, never as HTML. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, string> = {}, ...children: (Node | string | null)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v);
  }
  for (const c of children) if (c !== null) el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return el;
}

/** The script's styles, inside its shadow root, so neither the page's CSS nor ours leaks across. */
export const STYLE = `
:host{all:initial}
*{box-sizing:border-box;font:13px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif}
.bar{position:fixed;right:12px;bottom:12px;display:flex;gap:6px;align-items:center;background:#fff;color:#333;border:1px solid #ccc;border-radius:16px;padding:3px 4px 3px 10px;box-shadow:0 1px 4px #0002;opacity:.85;z-index:2147483647}
.bar:hover{opacity:1}
button{cursor:pointer;border:1px solid #bbb;background:#f6f6f6;color:#222;border-radius:12px;padding:3px 10px}
button.primary{background:#2457d6;border-color:#2457d6;color:#fff}
.pin{position:absolute;width:22px;height:22px;border-radius:11px 11px 11px 2px;background:#2457d6;color:#fff;border:2px solid #fff;box-shadow:0 1px 3px #0006;padding:0;font-weight:600;font-size:11px}
.pin.outdated{background:#888}
.card{position:absolute;width:280px;background:#fff;color:#222;border:1px solid #bbb;border-radius:8px;padding:10px;box-shadow:0 4px 16px #0003;display:flex;flex-direction:column;gap:6px}
.card p{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
.meta{color:#666;font-size:12px}
.reply{border-left:3px solid #ddd;padding-left:6px}
.reply.owner{border-color:#2457d6}
textarea,input{width:100%;border:1px solid #bbb;border-radius:4px;padding:4px;color:#222;background:#fff}
textarea{min-height:60px;resize:vertical}
.row{display:flex;gap:6px;justify-content:flex-end}
.outline{position:fixed;pointer-events:none;border:2px solid #2457d6;background:#2457d61a;border-radius:3px;z-index:2147483646}
.hint{position:fixed;left:50%;top:8px;transform:translateX(-50%);background:#222;color:#fff;padding:4px 10px;border-radius:12px}
.error{color:#b00}
`;

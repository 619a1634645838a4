// The overlay's CSS, inside its shadow root: the page's CSS cannot reach it, and it reaches nothing of the page's.
export const OVERLAY_CSS = `
:host { all: initial; }
.panel { position: fixed; pointer-events: auto; z-index: 2147483647; box-sizing: border-box; width: max-content; max-width: min(560px, calc(100vw - 16px));
  font: 12px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #202124; background: #fff;
  border: 1px solid #dadce0; border-radius: 8px; box-shadow: 0 4px 16px rgba(0,0,0,.18); overflow: hidden; }
.panel * { box-sizing: border-box; }
header { display: flex; align-items: center; gap: 8px; padding: 6px 8px; background: #202124; color: #fff; cursor: move; user-select: none; touch-action: none; }
.brand { font-weight: 700; }
.route { opacity: .8; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; max-width: 260px; }
.mini { font-size: 11px; }
.fold { margin-left: auto; border: 0; background: transparent; color: #fff; font-size: 14px; cursor: pointer; padding: 0 4px; }
.body { padding: 6px 8px 8px; max-height: 70vh; overflow: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 3px 6px; border-top: 1px solid #f1f3f4; }
thead th { font-weight: 600; color: #5f6368; border-top: 0; white-space: nowrap; }
tbody th { font-weight: 700; width: 44px; }
td:focus { outline: 2px solid #1a73e8; outline-offset: -2px; }
.reading { display: flex; gap: 6px; align-items: baseline; }
.value { font-weight: 700; font-size: 13px; font-variant-numeric: tabular-nums; }
.rating { font-size: 11px; padding: 0 5px; border-radius: 8px; }
.good .rating { background: #e6f4ea; color: #0d652d; }
.needs-improvement .rating { background: #fef7e0; color: #8a4b00; }
.poor .rating { background: #fce8e6; color: #a50e0e; }
.pending .rating { color: #80868b; }
.good .value { color: #0d8a3e; } .needs-improvement .value { color: #b06000; } .poor .value { color: #c5221f; }
.field { color: #5f6368; font-size: 11px; }
.cmp { display: block; } .cmp-1 { color: #0d652d; } .cmp1 { color: #a50e0e; }
.has-errors { color: #c5221f; font-weight: 700; }
.alerts { margin: 0 0 6px; padding: 4px 6px; border-radius: 4px; background: #fef7e0; border-left: 4px solid #e37400; }
.alerts.sev-critical { background: #fce8e6; border-left-color: #c5221f; }
.alerts.sev-info { background: #e8f0fe; border-left-color: #1a73e8; }
.alerts a { color: inherit; }
.note, .attribution { margin: 6px 0 0; color: #5f6368; max-width: 420px; }
.attribution { color: #202124; word-break: break-word; }
.highlight { position: fixed; pointer-events: none; z-index: 2147483646; border: 2px dashed #d01884; background: rgba(208,24,132,.08); border-radius: 2px; }
.highlight span { position: absolute; top: -18px; left: -2px; background: #d01884; color: #fff; font: 11px/16px system-ui, sans-serif; padding: 0 4px; white-space: nowrap; }
`;

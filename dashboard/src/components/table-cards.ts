// Tables on a phone (issue #19 item 1): under 600 px styles.css shows each row of a `.table`
// as a card, its first cell (the route, endpoint, query or error) on a line of its own and the
// other cells labelled with their column's header. Views keep plain table markup; this gives
// every cell its header as `data-label`, the first cell its full text as `title`, and a tap on a
// truncated first cell shows it whole (`data-open`), so new views get cards without doing anything.

/**
 * Labels one table's body cells from its header row. On a phone a header marked
 * data-priority="low" hides its column, one marked data-wide gives its cells a line of their own.
 */
export function labelTable(table: HTMLTableElement): void {
  const heads = table.querySelector(':scope > thead > tr')?.children;
  if (!heads) return;
  for (const row of Array.from(table.querySelectorAll(':scope > tbody > tr'))) {
    const cells = Array.from(row.children) as HTMLElement[];
    let col = 0;
    for (const cell of cells) {
      const head = heads[col] as HTMLElement | undefined;
      col += Number(cell.getAttribute('colspan') ?? 1);
      if (!head || cell === cells[0]) continue;
      setData(cell, 'label', head.textContent?.trim() ?? '');
      setData(cell, 'priority', head.dataset.priority ?? '');
      setData(cell, 'wide', head.dataset.wide ?? '');
    }
    const text = cells[0]?.textContent?.trim() ?? '';
    if (cells[0] && cells[0].title !== text) cells[0].title = text;
  }
}

/** Writes only what differs, so the observer below is not woken by its own writes. */
function setData(el: HTMLElement, key: string, value: string): void {
  if ((el.dataset[key] ?? '') === value) return;
  if (value) el.dataset[key] = value;
  else delete el.dataset[key];
}

/** Keeps every `.table` under `root` labelled as views render; resolves nothing, returns a stop function. */
export function labelTables(root: HTMLElement): () => void {
  const run = () => root.querySelectorAll<HTMLTableElement>('table.table').forEach(labelTable);
  // Header text can change in place (a metric's name), so text changes count too.
  const observer = new MutationObserver(run);
  observer.observe(root, { childList: true, subtree: true, characterData: true });
  const onClick = (e: Event) => {
    const cell = (e.target as Element | null)?.closest?.('.table tbody tr > :first-child');
    if (cell instanceof HTMLElement) setData(cell, 'open', cell.dataset.open ? '' : 'true');
  };
  root.addEventListener('click', onClick);
  run();
  return () => {
    observer.disconnect();
    root.removeEventListener('click', onClick);
  };
}
